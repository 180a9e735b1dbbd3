from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "smarterstate.lifecycle"
    label = "lifecycle"
    verbose_name = "Technology lifecycle"
