"""Starting background jobs and recording their progress and results."""

from __future__ import annotations

import datetime as dt
import shutil
import traceback
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from smarterstate.core import liveness
from smarterstate.core.importing import ImportReport, InputUnreadable

from .models import Job, JobStatus

UPLOAD_DIR = "uploads"
# A folder with no job yet may be an upload being saved (its job is not committed yet).
ORPHAN_GRACE = dt.timedelta(hours=1)


def upload_folder(job_id) -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR / str(job_id)


def save_upload(job: Job, upload: UploadedFile) -> str:
    """Keep an upload for its job (checked against the upload policy by the form already)."""
    folder = upload_folder(job.pk)
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
    """The worker took the job: record who runs it. It also tidies up after others: jobs
    whose worker died are marked interrupted, and files nobody needs are deleted."""
    uploads_clean()
    job.status = JobStatus.RUNNING
    job.started_at = job.heartbeat_at = timezone.now()
    job.worker = liveness.process_token()
    job.error = ""
    job.save(update_fields=["status", "started_at", "heartbeat_at", "worker", "error"])


def job_heartbeat(*, job: Job) -> None:
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(heartbeat_at=timezone.now())


def jobs_interrupted_mark() -> int:
    """Mark running jobs whose worker has died as interrupted (see core.liveness); how many."""
    now = timezone.now()
    dead = [
        job.pk
        for job in Job.objects.filter(status=JobStatus.RUNNING).only(
            "worker", "heartbeat_at", "started_at"
        )
        if liveness.run_is_dead(
            worker=job.worker,
            heartbeat_at=job.heartbeat_at,
            started_at=job.started_at,
            now=now,
            stale_after=settings.JOB_STALE_AFTER_SECONDS,
        )
    ]
    if not dead:
        return 0
    Job.objects.filter(pk__in=dead, status=JobStatus.RUNNING).update(
        status=JobStatus.INTERRUPTED,
        finished_at=now,
        error="The process running this job stopped before it finished (it was killed, ran "
        "out of memory or its server restarted). Start it again: imports are idempotent.",
    )
    for pk in dead:
        job_files_delete(job_id=pk)
    return len(dead)


def job_files_delete(*, job_id) -> bool:
    """Delete a finished job's uploaded files, unless UPLOAD_KEEP_DAYS keeps them a while."""
    if settings.UPLOAD_KEEP_DAYS > 0:
        return False
    folder = upload_folder(job_id)
    if not folder.exists():
        return False
    shutil.rmtree(folder, ignore_errors=True)
    return True


def uploads_clean(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete uploaded files nobody needs: those of finished jobs (past UPLOAD_KEEP_DAYS)
    and folders with no job. Marks jobs whose worker died first. Returns counts."""
    now = now or timezone.now()
    counts = {"interrupted": jobs_interrupted_mark(), "deleted": 0, "kept": 0}
    root = Path(settings.MEDIA_ROOT) / UPLOAD_DIR
    if not root.is_dir():
        return counts
    folders = {path.name: path for path in root.iterdir() if path.is_dir()}
    known = {
        str(pk): (status, finished_at)
        for pk, status, finished_at in Job.objects.filter(
            pk__in=[name for name in folders if _is_uuid(name)]
        ).values_list("pk", "status", "finished_at")
    }
    keep_until = now - dt.timedelta(days=settings.UPLOAD_KEEP_DAYS)
    for name, folder in folders.items():
        if name in known:
            status, finished_at = known[name]
            done = status not in (JobStatus.QUEUED, JobStatus.RUNNING)
            delete = done and (finished_at is None or finished_at <= keep_until)
        else:
            modified = dt.datetime.fromtimestamp(folder.stat().st_mtime, tz=dt.UTC)
            delete = modified <= now - ORPHAN_GRACE
        if delete:
            shutil.rmtree(folder, ignore_errors=True)
            counts["deleted"] += 1
        else:
            counts["kept"] += 1
    return counts


def _is_uuid(name: str) -> bool:
    try:
        uuid.UUID(name)
    except ValueError:
        return False
    return True


def job_progress(*, job: Job, report: ImportReport) -> None:
    Job.objects.filter(pk=job.pk).update(progress_done=report.read, report=report.as_dict())


def job_succeeded(*, job: Job, report: ImportReport) -> None:
    job.status = JobStatus.SUCCEEDED
    job.finished_at = timezone.now()
    job.progress_done = report.read
    job.progress_total = report.read
    job.report = report.as_dict()
    job.save(update_fields=["status", "finished_at", "progress_done", "progress_total", "report"])
    job_files_delete(job_id=job.pk)


def job_failed(*, job: Job, exc: BaseException) -> None:
    job.status = JobStatus.FAILED
    job.finished_at = timezone.now()
    if isinstance(exc, InputUnreadable):
        job.error = str(exc)  # written for people: which file, where, what is wrong
    else:
        job.error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    job.save(update_fields=["status", "finished_at", "error"])
    job_files_delete(job_id=job.pk)
