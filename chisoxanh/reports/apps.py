from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chisoxanh.reports"
    label = "reports"
    verbose_name = "Báo cáo thực hiện"

    def ready(self) -> None:
        from . import revisions

        revisions.connect()
