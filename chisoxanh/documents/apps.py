from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "chisoxanh.documents"
    label = "documents"
    verbose_name = "Văn bản"

    def ready(self) -> None:
        # Models can be imported only once the registry is ready, hence here and not at the top.
        from chisoxanh.reports import boardcache
        from chisoxanh.reports.models import Period

        from .models import ResultReport

        # The Office board shows its period's result report (number, link).
        boardcache.watch(ResultReport, lambda r: Period.objects.filter(pk=r.period_id))
