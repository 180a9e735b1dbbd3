from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "smarterstate.organisations"
    label = "organisations"
