from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ivb.accounts"
    label = "accounts"
    verbose_name = "Accounts"
