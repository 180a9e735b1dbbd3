from django.apps import AppConfig


class CommercialConfig(AppConfig):
    name = "smarterstate.commercial"
    label = "commercial"
    verbose_name = "Commercial (OCDS)"
