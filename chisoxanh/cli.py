"""The ``chisoxanh`` command: demo, serve, manage (and more as the product grows)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from chisoxanh.core.channel import channel


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chisoxanh.settings")
    import django

    django.setup()


def _manage(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chisoxanh.settings")
    from django.core.management import execute_from_command_line

    with channel("cli"):  # what a command changes is audited as done from the command line
        execute_from_command_line(["chisoxanh manage", *argv])
    return 0


def _import_plan(file: str, *, json: bool) -> int:
    command = ["import_plan", file, *(["--json"] if json else [])]
    data_dir = Path(os.environ.get("CHISOXANH_DATA_DIR", Path.cwd() / "data"))
    if os.environ.get("DATABASE_URL") or (data_dir / "chisoxanh.sqlite3").exists():
        return _manage(command)
    # No database yet (a fresh checkout): the file is read all the same, with a scratch data
    # directory so that nothing is created where the command runs; the draft then warns that
    # unit names were not matched against an organisation tree.
    with tempfile.TemporaryDirectory(prefix="chisoxanh-") as scratch:
        os.environ["CHISOXANH_DATA_DIR"] = scratch
        os.environ.setdefault("CHISOXANH_SECRET_KEY", "import-plan-without-a-database")
        return _manage(command)


def _serve(host: str, port: int, workers: int | None, threads: int) -> int:
    """Run gunicorn in this process (replacing it), as production does."""
    workers = workers or int(os.environ.get("CHISOXANH_WORKERS", "0")) or (os.cpu_count() or 1) + 1
    args = [
        "gunicorn",
        "chisoxanh.wsgi:application",
        "--bind", f"{host}:{port}",
        "--workers", str(workers),
        "--threads", str(threads),
        "--timeout", os.environ.get("CHISOXANH_TIMEOUT", "60"),
        "--graceful-timeout", "20",
        "--max-requests", os.environ.get("CHISOXANH_MAX_REQUESTS", "100000"),
        "--max-requests-jitter", "5000",
        "--access-logfile", "-",
        "--no-control-socket",
    ]  # fmt: skip
    os.execvp(sys.executable, [sys.executable, "-m", *args])
    return 0  # not reached


def _demo(args: argparse.Namespace) -> int:
    # Demo mode is what allows the well-known demo passwords to exist; background tasks (reading
    # a scanned plan) run in the web process, so the demo needs no separate worker.
    os.environ["CHISOXANH_DEMO"] = "1"
    os.environ.setdefault("CHISOXANH_TASKS_IMMEDIATE", "1")
    _django_setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    # Models can be imported only after django.setup() above.
    from chisoxanh.demo.loader import DEMO_PASSWORD, load_demo

    with channel("cli"):
        result = load_demo()
    url = f"http://127.0.0.1:{args.port}"
    print("Dữ liệu mẫu đã sẵn sàng: tỉnh Lạng Sơn, Sở Tư pháp và kế hoạch PGI năm 2026.")
    print(f"Địa chỉ: {url}/   (API: {url}/api/v1/docs, quản trị: {url}/quan-tri/)")
    print(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
    for username, label in result.logins:
        print(f"  {username:<12} {label}")
    if args.no_serve:
        return 0
    sys.stdout.flush()
    return _serve("127.0.0.1", args.port, workers=2, threads=4)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="chisoxanh",
        description="Chỉ số Xanh: theo dõi kế hoạch cải thiện Chỉ số Xanh cấp tỉnh (PGI).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="tạo dữ liệu mẫu (Lạng Sơn, Sở Tư pháp) và chạy máy chủ")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-serve", action="store_true", help="chỉ tạo dữ liệu, không chạy máy chủ")
    serve = sub.add_parser("serve", help="chạy máy chủ (gunicorn) cho môi trường thật")
    serve.add_argument("--host", default=os.environ.get("CHISOXANH_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("CHISOXANH_PORT", "8000")))
    serve.add_argument("--workers", type=int, default=None)
    serve.add_argument("--threads", type=int, default=int(os.environ.get("CHISOXANH_THREADS", "4")))
    remind = sub.add_parser("remind", help="mở kỳ báo cáo, nhắc hạn, báo quá hạn (chạy hằng ngày)")
    remind.add_argument("--date", help="ngày chạy, dạng YYYY-MM-DD (mặc định hôm nay)")
    remind.add_argument("--enqueue", action="store_true", help="xếp vào hàng đợi cho db_worker")
    importer = sub.add_parser("import-plan", help="đọc văn bản kế hoạch, in bản nháp đã phân tích")
    importer.add_argument("file")
    importer.add_argument("--json", action="store_true", help="in bản nháp dạng JSON")
    synth = sub.add_parser("synth", help="tạo dữ liệu tổng hợp để đo tốc độ")
    synth.add_argument("rest", nargs=argparse.REMAINDER)
    sub.add_parser("manage", help="lệnh quản trị Django bất kỳ, ví dụ: chisoxanh manage migrate")

    if argv[:1] == ["manage"]:
        return _manage(argv[1:])
    if argv[:1] == ["synth"]:
        return _manage(["synth", *argv[1:]])
    args = parser.parse_args(argv)
    if args.command == "demo":
        return _demo(args)
    if args.command == "import-plan":
        return _import_plan(args.file, json=args.json)
    if args.command == "remind":
        extra = [
            *(["--date", args.date] if args.date else []),
            *(["--enqueue"] if args.enqueue else []),
        ]
        return _manage(["remind", *extra])
    if args.command == "serve":
        return _serve(args.host, args.port, args.workers, args.threads)
    parser.error(f"lệnh không hợp lệ: {args.command}")
    return 2
