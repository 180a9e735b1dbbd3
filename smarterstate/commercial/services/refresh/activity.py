"""L6's "later activity": each (buyer, CPV division)'s latest planning or tender activity date.

A contract is a crunch point when no process of its buyer in its CPV division shows activity
after its process's reference date, that is when this latest date is missing or not after the
reference date. ``latest_activity_refresh()`` stores the dates in LatestActivity (one row per
buyer and division) during ``refresh_indicators()``, so the crunch-point pages compare each
contract with one row instead of searching the buyer's processes (0.86 s of SQL at 1,000,000
releases, where the one mapped buyer has 33,000 processes).

The rows are used only while LatestActivityStamp has a row: a trigger on commercial_process
(migration 0003) deletes it on any change the dates depend on, and commercial.selectors then
searches the processes as before until the next refresh. So the pages never show crunch points
from out-of-date dates, whatever changed the processes.
"""

from __future__ import annotations

import logging

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from smarterstate.commercial.models import LatestActivity, LatestActivityStamp

from ...selectors import activity_processes

logger = logging.getLogger(__name__)

TRIGGER = "commercial_process_latest_activity_stale"
# The same triggers as migration 0003: SQLite drops a table's triggers when a later migration
# rebuilds the table, so each refresh puts them back before stamping the rows as current.
SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS commercial_process_latest_activity_insert"
    " AFTER INSERT ON commercial_process"
    " BEGIN DELETE FROM commercial_latestactivitystamp; END",
    "CREATE TRIGGER IF NOT EXISTS commercial_process_latest_activity_delete"
    " AFTER DELETE ON commercial_process"
    " BEGIN DELETE FROM commercial_latestactivitystamp; END",
    "CREATE TRIGGER IF NOT EXISTS commercial_process_latest_activity_update"
    " AFTER UPDATE OF buyer_id, cpv_division, status, tender_start, first_release_date"
    " ON commercial_process"
    " BEGIN DELETE FROM commercial_latestactivitystamp; END",
]


def _latest_activity_query():
    """(buyer id, CPV division, latest planning/tender activity date), groups with a date only.

    A group whose processes have no activity date never counts as later activity, like no group.
    """
    return (
        activity_processes()
        .filter(buyer__isnull=False, activity_date__isnull=False)
        .order_by()
        .values("buyer_id", "cpv_division")
        .annotate(latest=Max("activity_date"))
        .values_list("buyer_id", "cpv_division", "latest")
    )


def _stale_trigger_installed() -> bool:
    """Is the trigger that deletes the stamp in place? (Other databases: never stamp.)"""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in SQLITE_TRIGGERS:
                cursor.execute(sql)
            return True
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT 1 FROM pg_trigger WHERE tgname = %s"
                " AND tgrelid = 'commercial_process'::regclass",
                [TRIGGER],
            )
            return cursor.fetchone() is not None
    return False


def latest_activity_refresh(buyers: list[int] | None = None) -> None:
    """Rebuild LatestActivity and stamp it current; the L6 pass reads it with the contracts.

    Call inside the transaction that reads the processes (``refresh_indicators`` is atomic). The
    rows are copied by the database (INSERT … SELECT), so the pages and the indicator compare
    against exactly the stored values the old per-contract search compared against. With
    ``buyers``, only their rows are rebuilt: the caller vouches that the other buyers' rows were
    current (stamped) before it changed these buyers' processes.
    """
    LatestActivityStamp.objects.all().delete()
    query = _latest_activity_query()
    if buyers is None:
        LatestActivity.objects.all().delete()
    else:
        LatestActivity.objects.filter(buyer_id__in=buyers).delete()
        query = query.filter(buyer_id__in=buyers)
    if buyers is None or buyers:  # no buyer touched: nothing to insert (nor an empty IN)
        select, params = query.query.sql_with_params()
        table = LatestActivity._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (buyer_id, cpv_division, activity_date) {select}", params
            )
    if _stale_trigger_installed():
        LatestActivityStamp.objects.create(built_at=timezone.now())
    else:
        logger.warning("No %s trigger: crunch points will search the processes.", TRIGGER)
