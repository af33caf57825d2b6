from django.apps import AppConfig, apps
from django.db.backends.signals import connection_created

from chisoxanh.lib.vietnamese import compare


def _register_sqlite_collation(sender, connection, **kwargs) -> None:
    # SQLite knows only binary order; register the Vietnamese one under the name "vi" on every
    # new connection so that ORDER BY ... COLLATE vi sorts as PostgreSQL's ICU "vi-VN-x-icu".
    if connection.vendor == "sqlite":
        connection.connection.create_collation("vi", compare)


THIRD_PARTY_NAMES = {
    "axes": "Khóa đăng nhập sai",
    "django_tasks_database": "Việc nền",
}


class CoreConfig(AppConfig):
    name = "chisoxanh.core"
    label = "core"
    verbose_name = "Hệ thống"

    def ready(self) -> None:
        connection_created.connect(_register_sqlite_collation, dispatch_uid="chisoxanh-vi-collation")
        # The third-party apps shown in the admin, named in Vietnamese (their models are
        # translated in chisoxanh/locale).
        for label, name in THIRD_PARTY_NAMES.items():
            if label in apps.app_configs:
                apps.get_app_config(label).verbose_name = name
