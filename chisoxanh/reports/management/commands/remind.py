import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chisoxanh.reports.digests import send_daily_digests
from chisoxanh.reports.reminders import run_reminders
from chisoxanh.reports.tasks import remind_task


class Command(BaseCommand):
    help = (
        "Mở kỳ báo cáo đã đến, nhắc hạn, báo quá hạn và báo lãnh đạo, rồi gửi bản tóm tắt thông báo "
        "hằng ngày. Chạy hằng ngày; chạy lại trong ngày không gửi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="ngày chạy, dạng YYYY-MM-DD (mặc định hôm nay)")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="không chạy ngay mà xếp vào hàng đợi để tiến trình nền (db_worker) thực hiện",
        )

    def handle(self, *args, date: str | None = None, enqueue: bool = False, **options):
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError("Ngày phải có dạng YYYY-MM-DD, ví dụ 2026-11-29.") from exc
        if enqueue:
            result = remind_task.enqueue(today.isoformat())
            self.stdout.write(f"Đã xếp lệnh nhắc ngày {today:%d/%m/%Y} vào hàng đợi (mã {result.id}).")
            return
        s = run_reminders(today=today)
        # After the reminders, so that this morning's escalations are in this morning's digest.
        digests = send_daily_digests(today=today)
        self.stdout.write(
            f"{today:%d/%m/%Y}: tạo {s.reports_created} báo cáo; nhắc hạn {s.reminded}, quá hạn "
            f"{s.overdue}, báo lãnh đạo {s.escalated}; gửi {s.notifications} thông báo, "
            f"{digests} bản tóm tắt."
        )
