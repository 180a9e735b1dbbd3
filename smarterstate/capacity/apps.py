from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "smarterstate.capacity"
    label = "capacity"
    verbose_name = "Capacity"
    # Uploads a background job may run (collected by smarterstate.jobs.registry).
    upload_importers = {
        "capacity-people-survey": "smarterstate.capacity.importers.people_survey.PeopleSurveyImporter",
    }

    def ready(self) -> None:
        # Imports and pillar refreshes announce themselves with core signals; capacity listens
        # and queues its own refresh, so no pillar imports capacity.
        from . import signals  # noqa: F401
