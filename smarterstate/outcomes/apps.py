from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "smarterstate.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes and pilots"
