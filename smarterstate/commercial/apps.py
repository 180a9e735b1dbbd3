from django.apps import AppConfig


class CommercialConfig(AppConfig):
    name = "smarterstate.commercial"
    label = "commercial"
    verbose_name = "Commercial (OCDS)"
    # Uploads a background job may run (collected by smarterstate.jobs.registry). OCDS has its
    # own streaming import rather than a core.importing.Importer: docs/decisions/0008.
    upload_importers = {"ocds": "smarterstate.commercial.services.ingest.ocds_import_for_job"}
