from django.apps import AppConfig


def _result_report_changed(sender, instance, **kwargs) -> None:
    """The Office board shows its period's result report (number, link): a change to it must
    move the period's revision like any other change the board shows (reports/revisions.py)."""
    from chisoxanh.reports.models import Period
    from chisoxanh.reports.revisions import bump

    bump(Period.objects.filter(pk=instance.period_id))


class DocumentsConfig(AppConfig):
    name = "chisoxanh.documents"
    label = "documents"
    verbose_name = "Văn bản"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import ResultReport

        post_save.connect(_result_report_changed, sender=ResultReport, dispatch_uid="rev-result-report-save")
        post_delete.connect(_result_report_changed, sender=ResultReport, dispatch_uid="rev-result-report-delete")
