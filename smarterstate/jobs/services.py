"""Starting background jobs and recording their progress and results."""

from __future__ import annotations

import traceback
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from smarterstate.core.importing import ImportReport, InputUnreadable

from .models import Job, JobStatus

UPLOAD_DIR = "uploads"


def save_upload(job: Job, upload: UploadedFile) -> str:
    folder = Path(settings.MEDIA_ROOT) / UPLOAD_DIR / str(job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / get_valid_filename(upload.name or "upload")
    with open(path, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return str(path)


def import_job_start(
    *,
    importer: str,
    upload: UploadedFile,
    description: str,
    user,
    organisation=None,
    importer_options: dict | None = None,
) -> Job:
    """Save the upload and queue an import job for it. ``importer`` names one in tasks.IMPORTERS."""
    from .tasks import IMPORTERS, run_import_job

    if importer not in IMPORTERS:
        raise ValueError(f"unknown importer {importer!r}")
    job = Job.objects.create(
        organisation=organisation,
        kind=f"import:{importer}",
        description=description,
        created_by=user,
    )
    path = save_upload(job, upload)
    job.arguments = {"importer": importer, "paths": [path], "options": importer_options or {}}
    job.save(update_fields=["arguments"])
    # Enqueue only once the job row is committed, or a fast worker could miss it.
    transaction.on_commit(lambda: enqueue_job(job, run_import_job))
    return job


def enqueue_job(job: Job, task) -> None:
    result = task.enqueue(str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


def job_started(*, job: Job) -> None:
    job.status = JobStatus.RUNNING
    job.started_at = timezone.now()
    job.error = ""
    job.save(update_fields=["status", "started_at", "error"])


def job_progress(*, job: Job, report: ImportReport) -> None:
    Job.objects.filter(pk=job.pk).update(progress_done=report.read, report=report.as_dict())


def job_succeeded(*, job: Job, report: ImportReport) -> None:
    job.status = JobStatus.SUCCEEDED
    job.finished_at = timezone.now()
    job.progress_done = report.read
    job.progress_total = report.read
    job.report = report.as_dict()
    job.save(update_fields=["status", "finished_at", "progress_done", "progress_total", "report"])


def job_failed(*, job: Job, exc: BaseException) -> None:
    job.status = JobStatus.FAILED
    job.finished_at = timezone.now()
    if isinstance(exc, InputUnreadable):
        job.error = str(exc)  # written for people: which file, where, what is wrong
    else:
        job.error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    job.save(update_fields=["status", "finished_at", "error"])
