from django.apps import AppConfig


class PillarsConfig(AppConfig):
    name = "smarterstate.pillars"
    label = "pillars"
    verbose_name = "Pillars not built yet"
