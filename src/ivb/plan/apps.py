from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "ivb.plan"
    label = "plan"
    verbose_name = "Veiligheidsjaarplan"
