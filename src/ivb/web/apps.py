from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ivb.web"
    label = "web"
    verbose_name = "Web"
