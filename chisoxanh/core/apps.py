from django.apps import AppConfig
from django.db.backends.signals import connection_created

from chisoxanh.lib.vietnamese import compare


def _register_sqlite_collation(sender, connection, **kwargs) -> None:
    # SQLite knows only binary order; register the Vietnamese one under the name "vi" on every
    # new connection so that ORDER BY ... COLLATE vi sorts as PostgreSQL's ICU "vi-VN-x-icu".
    if connection.vendor == "sqlite":
        connection.connection.create_collation("vi", compare)


class CoreConfig(AppConfig):
    name = "chisoxanh.core"
    label = "core"
    verbose_name = "Hệ thống"

    def ready(self) -> None:
        connection_created.connect(_register_sqlite_collation, dispatch_uid="chisoxanh-vi-collation")
