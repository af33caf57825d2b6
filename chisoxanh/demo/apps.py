from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "chisoxanh.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
