"""The folded text of a task report, which the search box finds it by (``reports.search``)."""

from django.db import migrations, models

from chisoxanh.lib.vietnamese import fold

FIELDS = ("results", "difficulties", "proposals")  # TaskReport.search_fields_source


def fill(apps, schema_editor):
    TaskReport = apps.get_model("reports", "TaskReport")
    batch = []
    rows = TaskReport.objects.exclude(results="", difficulties="", proposals="").only("pk", *FIELDS)
    for report in rows.iterator(chunk_size=2000):
        report.search_text = " ".join(fold(getattr(report, name) or "") for name in FIELDS).strip()
        batch.append(report)
        if len(batch) == 2000:
            TaskReport.objects.bulk_update(batch, ["search_text"])
            batch = []
    TaskReport.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_notification_digest"),
    ]

    operations = [
        migrations.AddField(
            model_name="taskreport",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
