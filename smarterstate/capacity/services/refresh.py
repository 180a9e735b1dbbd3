"""The capacity refresh: scorecards and the radar, written to summary tables in one go."""

from __future__ import annotations

import datetime as dt
import time
import traceback

from django.utils import timezone

from ..components import Estates
from ..models import RefreshRun
from .radar import radar_refresh
from .scorecard import scorecards_refresh


def capacity_refresh(*, as_of: dt.date | None = None, trigger: str = "manual") -> RefreshRun:
    """Recompute every organisation's scorecard for the periods containing ``as_of`` (today by
    default) and the decisions-due radar; record the run (the homes show when it last ran)."""
    today = timezone.localdate()
    as_of = as_of or today
    run = RefreshRun.objects.create(started_at=timezone.now(), trigger=trigger[:100])
    started = time.monotonic()
    try:
        estates: Estates = {}  # each organisation's lifecycle estate, read once for both
        counts = scorecards_refresh(as_of=as_of, estates=estates)
        if as_of == today:
            counts.update(radar_refresh(today=today, estates=estates))
    except Exception:
        run.error = traceback.format_exc(limit=5)
        run.finished_at = timezone.now()
        run.seconds = round(time.monotonic() - started, 3)
        run.save(update_fields=["error", "finished_at", "seconds"])
        raise
    run.counts = {**counts, "as_of": as_of.isoformat()}
    run.finished_at = timezone.now()
    run.seconds = round(time.monotonic() - started, 3)
    run.save(update_fields=["counts", "finished_at", "seconds"])
    return run
