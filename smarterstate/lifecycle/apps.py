from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "smarterstate.lifecycle"
    label = "lifecycle"
    verbose_name = "Technology lifecycle"
    # Uploads a background job may run (collected by smarterstate.jobs.registry).
    upload_importers = {
        "lifecycle-sbom": "smarterstate.lifecycle.importers.cyclonedx.SBOMImporter",
        "lifecycle-register": "smarterstate.lifecycle.importers.register.RegisterImporter",
    }
