"""Background tasks. Each takes a Job id, so the Jobs page can follow it."""

from __future__ import annotations

from django.utils.module_loading import import_string
from django_tasks import task

from smarterstate.core.importing import InputUnreadable, run_import

from . import services
from .models import Job

# Importers a web upload may run, by name. Later pillars add theirs here.
IMPORTERS: dict[str, str] = {
    "organisations": "smarterstate.organisations.importers.organisations_csv.OrganisationsCSVImporter",
}


@task()
def run_import_job(job_id: str) -> dict:
    job = Job.objects.get(pk=job_id)
    services.job_started(job=job)
    importer = import_string(IMPORTERS[job.arguments["importer"]])(
        **job.arguments.get("options", {})
    )
    try:
        report = run_import(
            importer,
            job.arguments["paths"],
            progress=lambda report, _total: services.job_progress(job=job, report=report),
        )
    except InputUnreadable as exc:
        services.job_failed(job=job, exc=exc)
        return {"error": str(exc)}
    except Exception as exc:
        services.job_failed(job=job, exc=exc)
        raise
    services.job_succeeded(job=job, report=report)
    return report.as_dict()
