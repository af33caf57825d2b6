from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_reference_data(sender, using="default", **kwargs) -> None:
    # Models can be imported only once the registry is ready, hence here and not at the top.
    from .services import reference_data_sync

    reference_data_sync(using=using)


class PgiConfig(AppConfig):
    name = "chisoxanh.pgi"
    label = "pgi"
    verbose_name = "Chỉ số Xanh cấp tỉnh (PGI)"

    def ready(self) -> None:
        # The sub-indices, provinces and published scores ship with the code; every migrate
        # (including a test database's) brings the tables in line with the shipped files.
        post_migrate.connect(_sync_reference_data, sender=self, dispatch_uid="pgi-reference-data")
