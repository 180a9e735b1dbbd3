"""What a job leaves behind: its uploaded files, and its "running" status if its worker dies.

Uploads are deleted when their job ends (unless UPLOAD_KEEP_DAYS keeps them); the worker,
before each job, and ``manage.py clean_uploads`` sweep what is left, and mark jobs whose
worker process has died (core.liveness) as interrupted. See docs/uploads.md.
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from smarterstate.core import liveness

from .models import Job, JobStatus

UPLOAD_DIR = "uploads"
# A folder with no job yet may be an upload being saved (its job is not committed yet).
ORPHAN_GRACE = dt.timedelta(hours=1)


def upload_folder(job_id) -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR / str(job_id)


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
