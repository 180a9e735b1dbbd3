from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "smarterstate.organisations"
    label = "organisations"
    # Uploads a background job may run (collected by smarterstate.jobs.registry).
    upload_importers = {
        "organisations": "smarterstate.organisations.importers.organisations_csv.OrganisationsCSVImporter",
    }
