from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "ivb.store"
    label = "store"
    verbose_name = "Opslag"
