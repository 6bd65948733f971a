from django.apps import AppConfig


class ReportConfig(AppConfig):
    name = "ivb.report"
    label = "report"
    verbose_name = "Raadsrapportage"
