"""The background task that runs every upload. It takes a Job id, so the Jobs page can follow it."""

from __future__ import annotations

from pathlib import Path

from django_tasks import task

from smarterstate.core.importing import InputUnreadable
from smarterstate.core.liveness import heartbeat

from . import progress
from .models import Job
from .registry import run_upload_importer


def _display_names(paths: list[str]) -> dict[str, str]:
    """Reports and errors name an upload by its file name, never where the server keeps it."""
    return {path: Path(path).name for path in paths}


@task()
def run_import_job(job_id: str) -> dict:
    job = Job.objects.get(pk=job_id)
    progress.job_started(job=job)
    try:
        paths = job.arguments["paths"]
        with heartbeat(lambda: progress.job_heartbeat(job=job)):
            report = run_upload_importer(
                job.arguments["importer"],
                job=job,
                paths=paths,
                display_names=_display_names(paths),
                options=job.arguments.get("options", {}),
                progress=lambda report: progress.job_progress(job=job, report=report),
            )
    except InputUnreadable as exc:
        progress.job_failed(job=job, exc=exc)
        return {"error": str(exc)}
    except Exception as exc:
        progress.job_failed(job=job, exc=exc)
        raise
    progress.job_succeeded(job=job, report=report)
    return report.as_dict()
