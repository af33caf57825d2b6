"""Loopback load on the Office board, the XLSX export of 100,000 rows, and worker memory.

Run: ``make bench-load`` (or ``.venv/bin/python -m bench.load``). It fills a throwaway SQLite
database at size M (or the database of ``BENCH_DATABASE_URL``), starts ``chisoxanh serve`` on
127.0.0.1 with its own default workers and threads, and drives it with ``wrk`` (50 connections,
15 s each, loopback only): first the bare view ``/healthz``, then the Office board as a logged-in
coordinator. Then the same, 8 s each, for other worker × thread counts (``BENCH_SERVING_MATRIX=0``
skips them): the figures behind the serving advice in the README. Targets (issue 7): board
throughput ≥ 50 % of the bare view's, 0 errors; XLSX of 100k rows ≤ 5 s with flat memory;
worker RSS ≤ 200 MB.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PORT = 8097


def _wrk(url: str, cookie: str | None, seconds: int) -> dict:
    command = ["wrk", "-t2", "-c50", f"-d{seconds}s", "--timeout", "10s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, timeout=60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Socket errors: (.*)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    latency = re.search(r"Latency\s+([\d.]+\w+)", out).group(1)
    return {"rps": round(rps), "avg_latency": latency, "socket_errors": errors.group(1) if errors else "none",
            "non_2xx": int(non2xx.group(1)) if non2xx else 0}  # fmt: skip


def _rss_mb(pid: int) -> list[float]:
    """Resident memory of the gunicorn workers (children of the master)."""
    sizes = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return [round(s, 1) for s in sizes]


SERVING_MATRIX = ((1, 8), (2, 1), (2, 4), (3, 4), (4, 2), (4, 4))


def _measure(
    cli, env, workers, threads, board_url, session, *, seconds: int, floor: bool = False
) -> tuple[dict, dict, list[float]]:
    """Start `chisoxanh serve` (its own defaults when workers/threads are None), load it, stop it."""
    command = [*cli, "serve", "--port", str(PORT)]
    if workers:
        command += ["--workers", str(workers), "--threads", str(threads)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(1)
        gunicorn = int(subprocess.run(["pgrep", "-f", f"gunicorn chisoxanh.wsgi:application --bind 127.0.0.1:{PORT}"],
                                      capture_output=True, text=True).stdout.split()[0])  # fmt: skip
        bare = _wrk(f"http://127.0.0.1:{PORT}/healthz", None, seconds)
        board = _wrk(board_url, f"sessionid={session}", seconds)
        if floor:
            # The cheapest logged-in request there is (session, user, four rows): what any page
            # behind a login costs before it does anything, for reading the board's figure.
            board["auth_floor"] = _wrk(f"http://127.0.0.1:{PORT}/api/v1/subindices", f"sessionid={session}", seconds)
        rss = _rss_mb(gunicorn)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return bare, board, rss


def xlsx_100k() -> dict:
    from chisoxanh.documents.xlsx import Exporter, Sheet, render

    class Big(Exporter):
        def __init__(self, n):
            self.n = n

        def sheets(self):
            rows = (
                [i, f"Đơn vị {i % 120}", f"Nhiệm vụ {i % 40}", "Đã duyệt", "Hoàn thành đúng hạn", i % 300]
                for i in range(self.n)
            )
            yield Sheet(
                "Báo cáo",
                [
                    ("STT", 8),
                    ("Đơn vị", 30),
                    ("Nhiệm vụ", 40),
                    ("Trạng thái", 14),
                    ("Tình trạng", 20),
                    ("Số người", 10),
                ],
                rows,
            )

    figures = {}
    for n in (25_000, 50_000, 100_000):
        start = time.perf_counter()
        data = render(Big(n))
        elapsed = time.perf_counter() - start
        # Memory in a second pass: tracing allocations slows Python down two to three times.
        tracemalloc.start()
        render(Big(n))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        figures[n] = {
            "seconds": round(elapsed, 2),
            "peak_mb": round(peak / 1048576, 1),
            "file_mb": round(len(data) / 1048576, 1),
        }
    return figures


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)")
        return 1
    sys.path.insert(0, str(ROOT))
    data_dir = tempfile.mkdtemp(prefix="chisoxanh-load-")
    env = {**os.environ, "CHISOXANH_DATA_DIR": data_dir, "CHISOXANH_ALLOWED_HOSTS": "127.0.0.1"}
    env.pop("DATABASE_URL", None)
    if url := os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = url
    cli = [sys.executable, "-m", "chisoxanh"]
    subprocess.run([*cli, "manage", "migrate", "-v0"], env=env, check=True)
    # A database shared with other benchmarks may hold an earlier dataset of the same seed.
    subprocess.run([*cli, "manage", "flush", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*cli, "manage", "migrate", "-v0"], env=env, check=True)  # the PGI reference data again
    subprocess.run([*cli, "manage", "collectstatic", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*cli, "synth", "--size", "M"], env=env, check=True)
    # A coordinator of the first agency, and a session for wrk to send.
    script = (
        "from django.contrib.auth import get_user_model; from chisoxanh.accounts.models import *; "
        "from django.contrib.sessions.backends.db import SessionStore; from chisoxanh.reports.models import Period; "
        "a=Organization.objects.filter(kind='agency').order_by('pk').first(); "
        "u=get_user_model().objects.create_user('load-office'); "
        "Membership.objects.create(user=u, organization=a, role='coordinator'); "
        "s=SessionStore(); s['_auth_user_id']=str(u.pk); "
        "s['_auth_user_backend']='django.contrib.auth.backends.ModelBackend'; "
        "s['_auth_user_hash']=u.get_session_auth_hash(); s.create(); "
        "print(s.session_key, Period.objects.filter(plan__issuer=a).order_by('-year').first().pk)"
    )  # fmt: skip
    out = subprocess.run([*cli, "manage", "shell", "-c", script], env=env, capture_output=True, text=True, check=True)
    session, period = out.stdout.split()[-2:]
    board_url = f"http://127.0.0.1:{PORT}/ky-bao-cao/{period}/"
    # The settings `chisoxanh serve` picks by itself on this machine, measured for 15 s...
    bare, board, rss = _measure(cli, env, None, None, board_url, session, seconds=15, floor=True)
    # ...then other worker/thread counts for the 2-core note in the README (8 s each).
    matrix = []
    if os.environ.get("BENCH_SERVING_MATRIX", "1") == "1":
        for workers, threads in SERVING_MATRIX:
            b, o, r = _measure(cli, env, workers, threads, board_url, session, seconds=8)
            matrix.append({"workers": workers, "threads": threads, "bare_rps": b["rps"], "board_rps": o["rps"],
                           "board_errors": o["socket_errors"], "board_non_2xx": o["non_2xx"],
                           "board_avg_latency": o["avg_latency"], "worker_rss_mb": r})  # fmt: skip
    engine = "postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    results = {"engine": engine, "default_workers": (os.cpu_count() or 1) + 1, "bare": bare, "board": board,
               "board_vs_bare_pct": round(100 * board["rps"] / bare["rps"]),
               "worker_rss_mb": rss, "serving_matrix": matrix, "xlsx": xlsx_100k()}  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"load-{engine}.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"Engine: {engine}.\n| measure | figure | target |\n| --- | --- | --- |")
    print(f"| bare view, 50 connections | {bare['rps']} req/s, avg {bare['avg_latency']} | baseline |")
    print(f"| Office board (M), 50 connections | {board['rps']} req/s, avg {board['avg_latency']}, "
          f"errors {board['socket_errors']}, non-2xx {board['non_2xx']} | ≥ 50 % of bare, 0 errors |")  # fmt: skip
    print(f"| board / bare | {results['board_vs_bare_pct']} % | ≥ 50 % |")
    floor = board["auth_floor"]
    share, reach = round(100 * floor["rps"] / bare["rps"]), round(100 * board["rps"] / floor["rps"])
    figure = f"{floor['rps']} req/s = {share} % of bare; board {reach} % of it"
    print(f"| logged-in floor (/api/v1/subindices) | {figure} | — |")
    print(f"| gunicorn worker RSS after load | {', '.join(map(str, rss))} MB | ≤ 200 MB |")
    for m in matrix:
        share = round(100 * m["board_rps"] / m["bare_rps"])
        figure = f"{m['bare_rps']} / {m['board_rps']} req/s ({share} %), RSS {max(m['worker_rss_mb'])} MB"
        print(f"| {m['workers']} workers × {m['threads']} threads: bare / board | {figure} | — |")
    for n, f in results["xlsx"].items():
        figure = f"{f['seconds']} s, peak {f['peak_mb']} MB (file {f['file_mb']} MB)"
        print(f"| XLSX of {n:,} rows | {figure} | ≤ 5 s at 100k, flat |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
