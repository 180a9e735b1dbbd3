from django.apps import AppConfig


class AIConfig(AppConfig):
    name = "smarterstate.ai"
    label = "ai"
    verbose_name = "AI assurance"
