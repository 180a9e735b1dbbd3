"""Background tasks of the commercial pillar. Each takes a Job id, so the Jobs page can follow it."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task

from smarterstate.core.importing import InputUnreadable
from smarterstate.core.liveness import heartbeat
from smarterstate.jobs import services as jobs
from smarterstate.jobs.models import Job

from .services.ingest import OCDSImportReport, ocds_import

PROGRESS_EVERY_SECONDS = 1.0


@task()
def run_ocds_import_job(job_id: str) -> dict:
    """Import the files a job names (saved uploads), recording progress and the report on the job."""
    job = Job.objects.get(pk=job_id)
    jobs.job_started(job=job)
    paths = job.arguments["paths"]
    last = 0.0

    def on_progress(report: OCDSImportReport) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY_SECONDS:
            last = now
            jobs.job_progress(job=job, report=report)  # type: ignore[arg-type]

    try:
        # The import beats its own heartbeat (on its OCDSImport record), the job too.
        with heartbeat(lambda: jobs.job_heartbeat(job=job)):
            report = ocds_import(
                paths=paths,
                # Reports name an upload by its file name, never where the server keeps it.
                display_names={path: Path(path).name for path in paths},
                user=job.created_by,
                job=job,
                progress=on_progress,
            )
    except InputUnreadable as exc:
        jobs.job_failed(job=job, exc=exc)
        return {"error": str(exc)}
    except Exception as exc:
        jobs.job_failed(job=job, exc=exc)
        raise
    jobs.job_succeeded(job=job, report=report)  # type: ignore[arg-type]
    return report.as_dict()
