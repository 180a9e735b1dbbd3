"""Background refreshes: queued after imports (signals.py) and once a day."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

DAILY_AT = dt.time(3, 0)
# Imports close together share one refresh: a refresh already queued to start within this
# window covers them.
DEBOUNCE = dt.timedelta(minutes=2)


@task()
def refresh_capacity(trigger: str) -> dict:
    from .services.refresh import capacity_refresh

    run = capacity_refresh(trigger=trigger)
    if trigger == "daily":
        schedule_daily()
    return {"run": run.pk, "seconds": run.seconds, **run.counts}


def _pending(trigger: str | None = None):
    pending = DBTaskResult.objects.filter(
        status="READY",
        task_path=f"{refresh_capacity.func.__module__}.{refresh_capacity.func.__name__}",
    )
    if trigger is not None:
        pending = pending.filter(args_kwargs__args=[trigger])
    return pending


def schedule_daily() -> None:
    """Queue tomorrow's daily refresh unless one is queued already."""
    if _pending("daily").exists():
        return
    now = timezone.localtime()
    run_at = timezone.make_aware(dt.datetime.combine(now.date() + dt.timedelta(days=1), DAILY_AT))
    refresh_capacity.using(run_after=run_at).enqueue("daily")


def queue_refresh(trigger: str) -> None:
    """Queue a refresh soon after an import, unless one is already about to run."""
    soon = timezone.now() + DEBOUNCE
    if _pending().exclude(run_after__gt=soon).exists():
        return
    refresh_capacity.using(run_after=timezone.now() + dt.timedelta(seconds=30)).enqueue(
        trigger[:90]
    )
