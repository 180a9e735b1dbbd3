from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "smarterstate.jobs"
    label = "jobs"
