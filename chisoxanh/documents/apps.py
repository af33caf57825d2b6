from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "chisoxanh.documents"
    label = "documents"
    verbose_name = "Văn bản"
