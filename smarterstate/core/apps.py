from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "smarterstate.core"
    label = "core"
    verbose_name = "Shared building blocks"
