from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chisoxanh.reports"
    label = "reports"
    verbose_name = "Báo cáo thực hiện"

    def ready(self) -> None:
        # Models can be imported only once the registry is ready, hence here and not at the top.
        from . import boardcache

        boardcache.connect()
