from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "smarterstate.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes and pilots"
    # Uploads a background job may run (collected by smarterstate.jobs.registry).
    upload_importers = {
        "outcome-measurements": "smarterstate.outcomes.importers.measurements_csv.MeasurementsCSVImporter",
    }
