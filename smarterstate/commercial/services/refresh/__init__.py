"""Compute IndicatorValue rows (A1–A6, L1–L7) for every buyer and organisation and period.

``refresh_indicators()`` is called after each import. It first rebuilds each (buyer, CPV
division)'s latest activity date, which L6 here and the crunch-point pages compare against
(activity.py). Then, for buyers and again for organisations, it streams four narrow queries
(processes, valid awards, award–supplier links, contracts) once each, ordered by the scope's id
and then so that per-process and "previous contract" logic needs only constant state
(streams.py). One scope's rows feed its accumulators, one per period (passes.py); its
IndicatorValue rows are written (results.py) and the accumulators dropped before the next
scope. The number of queries does not grow with the number of buyers, organisations or
periods, and memory follows the largest scope (its medians' inputs and suppliers), not the
number of scopes: 5,000 buyers at 1,000,000 releases cost no more than one.

Rules shared with the drill-down (commercial.selectors.processes_behind, which must return the
processes behind each number — keep the two in step):
- A process belongs to a period by ``reference_date`` (UK local date); periods are every
  financial year (April–March) present in the data, plus the 12 months to ``today``.
- "Awarded" processes: awarded_value or first_award_date set. "Valid" awards: status not
  cancelled, unsuccessful or pending.
- Currency: value-based figures (A3/A4 value shares, A5, L1, L2, L4 growth) use only the scope
  and period's dominant currency — the currency of most valued valid awards, ties going to GBP —
  and report it in ``detail.currency``; other currencies are left out (they lower coverage).
  Portuguese buyers therefore get EUR figures, UK buyers GBP. L7's £5m threshold is in GBP only.
- A supplier's part of an award with several suppliers is an equal split of its value.
- Coverage ``covered/total``: processes with the fields the indicator needs / all the scope's
  processes in the period. For L6 and L7 ``value`` is a count of contracts.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from smarterstate.commercial.models import IndicatorRefreshStamp, IndicatorValue

from ...indicators.rules import DEFAULT_LEAD_TIME_MONTHS, lead_time_window
from .activity import latest_activity_refresh
from .passes import Book, Calendar, award_pass, contract_pass, process_pass, supplier_pass
from .results import indicator_rows, write_rows
from .streams import SCOPES, scopes

__all__ = ["indicators_need_full_refresh", "refresh_indicators"]

# Past this many touched scopes of a kind, refresh them all: one walk over every row costs
# less than many ``IN (…)`` lookups, and SQLite limits a query's parameters.
MAX_TOUCHED = 5000


@transaction.atomic
def refresh_indicators(
    *,
    today: date | None = None,
    lead_time_months: int = DEFAULT_LEAD_TIME_MONTHS,
    buyers: Collection[int] | None = None,
    organisations: Collection[int] | None = None,
    activity_was_current: bool = False,
) -> int:
    """Recompute IndicatorValue rows from the normalised tables. Returns the rows written.

    With ``buyers`` and ``organisations`` (the scopes an import touched, before and after its
    changes) only their rows are recomputed, if every other scope's rows were computed for the
    same day and lead time (IndicatorRefreshStamp); otherwise every row is. Each scope's rows
    depend only on its own processes (and the SME/VCSE flags of its suppliers, which the
    import counts as touching every scope that uses them), so both give the same table.
    ``activity_was_current``: the caller saw LatestActivityStamp before it changed the touched
    buyers' processes, so only their latest activity dates need rebuilding.
    """
    today = today or timezone.localdate()
    calendar = Calendar(today)
    window = lead_time_window(today, lead_time_months, timezone.get_current_timezone())
    touched = {"buyer": buyers, "organisation": organisations}
    partial = any(ids is not None for ids in touched.values()) and not (
        indicators_need_full_refresh(today=today, lead_time_months=lead_time_months)
    )
    # Before the contract rows, which read it.
    if partial and activity_was_current and buyers is not None and len(buyers) <= MAX_TOUCHED:
        latest_activity_refresh(sorted(buyers))
    else:
        latest_activity_refresh()
    _plan_for_every_row()
    if partial:
        written = 0
        for scope, ids in touched.items():
            if ids is None or len(ids) > MAX_TOUCHED:
                IndicatorValue.objects.filter(scope_kind=scope).delete()
                written += write_rows(_scope_rows(scope, calendar, window))
            elif ids:
                ids = sorted(ids)
                IndicatorValue.objects.filter(
                    scope_kind=scope, **{f"{SCOPES[scope]}__in": ids}
                ).delete()
                written += write_rows(_scope_rows(scope, calendar, window, ids))
        return written
    IndicatorValue.objects.all().delete()
    written = sum(write_rows(_scope_rows(scope, calendar, window)) for scope in SCOPES)
    IndicatorRefreshStamp.objects.all().delete()
    IndicatorRefreshStamp.objects.create(
        as_of=today, lead_time_months=lead_time_months, refreshed_at=timezone.now()
    )
    return written


def indicators_need_full_refresh(*, today: date, lead_time_months: int) -> bool:
    """Were the stored rows computed for another day or lead time, or not by a full refresh?"""
    stamp = IndicatorRefreshStamp.objects.first()
    return stamp is None or (stamp.as_of, stamp.lead_time_months) != (today, lead_time_months)


def _plan_for_every_row() -> None:
    """Streams are read to the end: tell PostgreSQL to plan their cursors for all rows, not for
    the first 10 % (its default), which chose index walks over sorts and cost 62 s against 48 s
    at 1,000,000 releases. SET LOCAL ends with the refresh's transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")


def _scope_rows(
    scope: str, calendar: Calendar, window, ids: list[int] | None = None
) -> Iterator[tuple]:
    for scope_id, (processes, awards, links, contracts) in scopes(scope, ids):
        book = Book(calendar, scope, scope_id)
        process_pass(book, processes)
        award_pass(book, awards)
        supplier_pass(book, links)
        contract_pass(book, contracts, window)
        yield from indicator_rows(book)
