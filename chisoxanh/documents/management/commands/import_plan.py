import json as _json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chisoxanh.documents.extract import ExtractionError
from chisoxanh.documents.reading import draft_from_file


class Command(BaseCommand):
    help = "Đọc một văn bản kế hoạch (TXT, DOCX, PDF có lớp chữ) và in bản nháp đã phân tích."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="in bản nháp dạng JSON")

    def handle(self, *args, file: str, json: bool = False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        try:
            _, draft = draft_from_file(path.name, path.read_bytes())
        except ExtractionError as exc:
            if json:  # the same shape as a draft, so that a script reads the refusal as data
                self.stdout.write(_json.dumps({"is_plan": False, "error": str(exc), "tasks": []}, ensure_ascii=False))
            raise CommandError(str(exc)) from exc
        if json:
            self.stdout.write(_json.dumps(draft, ensure_ascii=False, indent=2))
            return
        if not draft.get("is_plan", True):
            raise CommandError(draft.get("error") or "Văn bản không phải là kế hoạch.")
        self.stdout.write(f"Kế hoạch: {draft['title'] or '(không đọc được trích yếu)'}")
        self.stdout.write(f"Cơ quan ban hành: {draft['issuer'] or '—'}; số: {draft['number'] or '—'}")
        if draft["implements"]:
            self.stdout.write(f"Thực hiện Kế hoạch số {draft['implements']} ({draft['implements_date']})")
        years = (
            f"{draft['start_year']}–{draft['end_year']}"
            if draft["end_year"]
            else f"{draft['start_year']} và những năm tiếp theo"
        )
        self.stdout.write(f"Thời gian: {years}")
        report = draft["report"]
        if report["to"]:
            self.stdout.write(f"Báo cáo gửi {report['to']}, hạn {report['due']} hằng năm")
        for task in draft["tasks"]:
            subindex = f"chỉ số {task['subindex']}" if task["subindex"] else "—"
            self.stdout.write(
                f"  {task['section']:<6} {subindex:<9} chủ trì: {task['lead'] or '—'}; "
                f"phối hợp: {', '.join(task['partners']) or '—'} — {task['title'][:70]}"
            )
        for warning in draft["warnings"]:
            self.stdout.write(f"  ! {warning}")
