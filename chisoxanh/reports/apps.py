from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chisoxanh.reports"
    label = "reports"
    verbose_name = "Báo cáo thực hiện"
