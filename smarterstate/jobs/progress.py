"""Recording a running job's progress and result on its ``Job`` row (what the Jobs pages show)."""

from __future__ import annotations

import traceback

from django.utils import timezone

from smarterstate.core import liveness
from smarterstate.core.importing import InputUnreadable, Report

from .cleanup import job_files_delete, uploads_clean
from .models import Job, JobStatus


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


def job_progress(*, job: Job, report: Report) -> None:
    Job.objects.filter(pk=job.pk).update(progress_done=report.read, report=report.as_dict())


def job_succeeded(*, job: Job, report: Report) -> None:
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
