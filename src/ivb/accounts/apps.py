from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ivb.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from ivb.accounts import signals  # noqa: F401  (connects the receivers)
