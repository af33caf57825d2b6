"""Background work of the documents app: reading scanned plans takes OCR time."""

from django_tasks import task


@task()
def plan_import_task(pk: int) -> None:
    from .imports import plan_import_run

    plan_import_run(pk)
