from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "ivb.register"
    label = "register"
    verbose_name = "Register ondermijning"
