"""Recording a running job's progress and result on its ``Job`` row (what the Jobs pages show)."""

from __future__ import annotations

import traceback

from django.utils import timezone

from smarterstate.core.importing import InputUnreadable, Report

from .models import Job, JobStatus


def job_started(*, job: Job) -> None:
    job.status = JobStatus.RUNNING
    job.started_at = timezone.now()
    job.error = ""
    job.save(update_fields=["status", "started_at", "error"])


def job_progress(*, job: Job, report: Report) -> None:
    Job.objects.filter(pk=job.pk).update(progress_done=report.read, report=report.as_dict())


def job_succeeded(*, job: Job, report: Report) -> None:
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
