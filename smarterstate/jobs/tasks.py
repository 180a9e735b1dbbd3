"""Background tasks. Each takes a Job id, so the Jobs page can follow it."""

from __future__ import annotations

from pathlib import Path

from django.utils.module_loading import import_string
from django_tasks import task

from smarterstate.core.importing import InputUnreadable, run_import

from . import services
from .models import Job

# Importers a web upload may run, by name. Later pillars add theirs here.
IMPORTERS: dict[str, str] = {
    "organisations": "smarterstate.organisations.importers.organisations_csv.OrganisationsCSVImporter",
    "lifecycle-sbom": "smarterstate.lifecycle.importers.cyclonedx.SBOMImporter",
    "lifecycle-register": "smarterstate.lifecycle.importers.register.RegisterImporter",
    "skills-people": "smarterstate.skills.importers.people_csv.PeopleCSVImporter",
    "skills-training-records": "smarterstate.skills.importers.training_csv.TrainingRecordsImporter",
    "outcome-measurements": "smarterstate.outcomes.importers.measurements_csv.MeasurementsCSVImporter",
    "capacity-people-survey": "smarterstate.capacity.importers.people_survey.PeopleSurveyImporter",
}


def _display_names(paths: list[str]) -> dict[str, str]:
    """Reports and errors name an upload by its file name, never where the server keeps it."""
    return {path: Path(path).name for path in paths}


@task()
def run_import_job(job_id: str) -> dict:
    job = Job.objects.get(pk=job_id)
    services.job_started(job=job)
    try:
        importer = import_string(IMPORTERS[job.arguments["importer"]])(
            **job.arguments.get("options", {})
        )
        paths = job.arguments["paths"]
        report = run_import(
            importer,
            paths,
            progress=lambda report, _total: services.job_progress(job=job, report=report),
            display_names=_display_names(paths),
        )
    except InputUnreadable as exc:
        services.job_failed(job=job, exc=exc)
        return {"error": str(exc)}
    except Exception as exc:
        services.job_failed(job=job, exc=exc)
        raise
    services.job_succeeded(job=job, report=report)
    return report.as_dict()
