from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "chisoxanh.accounts"
    label = "accounts"
    verbose_name = "Cơ quan, đơn vị và người dùng"
