from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0003_plan_import_version'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='resultreport',
            name='facts_fingerprint',
            field=models.CharField(blank=True, max_length=64, verbose_name='dấu số liệu khi tổng hợp'),
        ),
        migrations.AddField(
            model_name='resultreport',
            name='figures',
            field=models.JSONField(blank=True, default=dict, verbose_name='số liệu chính khi tổng hợp'),
        ),
        migrations.AddField(
            model_name='resultreport',
            name='return_reason',
            field=models.TextField(blank=True, verbose_name='lý do trả lại'),
        ),
        migrations.AddField(
            model_name='resultreport',
            name='returned_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='trả lại lúc'),
        ),
        migrations.AddField(
            model_name='resultreport',
            name='returned_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người trả lại'),
        ),
        migrations.AlterField(
            model_name='resultreport',
            name='state',
            field=models.CharField(choices=[('draft', 'Dự thảo'), ('returned', 'Trả lại Văn phòng'), ('approved', 'Đã ký duyệt'), ('sent', 'Đã gửi'), ('received', 'Đã nhận')], default='draft', max_length=10, verbose_name='trạng thái'),
        ),
        migrations.AddField(
            model_name='resultreportversion',
            name='note',
            field=models.TextField(blank=True, verbose_name='ghi chú'),
        ),
    ]
