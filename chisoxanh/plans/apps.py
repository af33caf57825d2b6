from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "chisoxanh.plans"
    label = "plans"
    verbose_name = "Kế hoạch và nhiệm vụ"
