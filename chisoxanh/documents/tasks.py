"""Background work of the documents app: reading scanned plans takes OCR time."""

from django_tasks import task

from chisoxanh.core.channel import channel

from .reading import plan_import_run


@task()
def plan_import_task(pk: int) -> None:
    with channel("task"):
        plan_import_run(pk)
