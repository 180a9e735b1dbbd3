"""The record of each OCDS import run: started with its process's token, beating a heartbeat,
and marked "interrupted" by the next run when its process has died."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from smarterstate.core import liveness

from ..models import ImportStatus, OCDSImport


def import_runs_interrupted_mark() -> int:
    """Mark running imports whose process has died as interrupted; returns how many."""
    now = timezone.now()
    dead = [
        run.pk
        for run in OCDSImport.objects.filter(status=ImportStatus.RUNNING).only(
            "worker", "heartbeat_at", "started_at"
        )
        if liveness.run_is_dead(
            worker=run.worker,
            heartbeat_at=run.heartbeat_at,
            started_at=run.started_at,
            now=now,
            stale_after=settings.JOB_STALE_AFTER_SECONDS,
        )
    ]
    if dead:
        OCDSImport.objects.filter(pk__in=dead, status=ImportStatus.RUNNING).update(
            status=ImportStatus.INTERRUPTED,
            error="Its process stopped before it finished (killed, out of memory or a "
            "restart). The releases it stored are kept; run the import again to complete it.",
        )
    return len(dead)


def import_run_start(*, user, job, files: list[str]) -> OCDSImport:
    import_runs_interrupted_mark()
    return OCDSImport.objects.create(
        created_by=user,
        job=job,
        files=files,
        worker=liveness.process_token(),
        heartbeat_at=timezone.now(),
    )


def import_run_heartbeat(*, run_id: int) -> None:
    OCDSImport.objects.filter(pk=run_id, status=ImportStatus.RUNNING).update(
        heartbeat_at=timezone.now()
    )
