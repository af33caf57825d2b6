import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chisoxanh.reports.digests import send_daily_digests


class Command(BaseCommand):
    help = (
        "Gửi bản tóm tắt thông báo hằng ngày cho những người chọn nhận tóm tắt (mặc định: lãnh đạo, "
        "Văn phòng). Mỗi người nhiều nhất một bản mỗi ngày; chạy lại trong ngày không gửi trùng. "
        "`chisoxanh remind` đã chạy lệnh này sau khi nhắc hạn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="ngày của bản tóm tắt, dạng YYYY-MM-DD (mặc định hôm nay)")

    def handle(self, *args, date: str | None = None, **options):
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError("Ngày phải có dạng YYYY-MM-DD, ví dụ 2026-11-29.") from exc
        sent = send_daily_digests(today=today)
        self.stdout.write(f"{today:%d/%m/%Y}: gửi {sent} bản tóm tắt thông báo.")
