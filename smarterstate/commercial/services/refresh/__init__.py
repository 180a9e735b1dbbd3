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

from collections.abc import Iterator
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from smarterstate.commercial.models import IndicatorValue

from ...indicators.rules import DEFAULT_LEAD_TIME_MONTHS, lead_time_window
from .activity import latest_activity_refresh
from .passes import Book, Calendar, award_pass, contract_pass, process_pass, supplier_pass
from .results import indicator_rows, write_rows
from .streams import SCOPES, scopes

__all__ = ["refresh_indicators"]


@transaction.atomic
def refresh_indicators(
    *, today: date | None = None, lead_time_months: int = DEFAULT_LEAD_TIME_MONTHS
) -> int:
    """Recompute every IndicatorValue from the normalised tables. Returns the rows written."""
    today = today or timezone.localdate()
    calendar = Calendar(today)
    window = lead_time_window(today, lead_time_months, timezone.get_current_timezone())
    latest_activity_refresh()  # before the contract rows, which read it
    _plan_for_every_row()
    IndicatorValue.objects.all().delete()
    return sum(write_rows(_scope_rows(scope, calendar, window)) for scope in SCOPES)


def _plan_for_every_row() -> None:
    """Streams are read to the end: tell PostgreSQL to plan their cursors for all rows, not for
    the first 10 % (its default), which chose index walks over sorts and cost 62 s against 48 s
    at 1,000,000 releases. SET LOCAL ends with the refresh's transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")


def _scope_rows(scope: str, calendar: Calendar, window) -> Iterator[tuple]:
    for scope_id, (processes, awards, links, contracts) in scopes(scope):
        book = Book(calendar, scope, scope_id)
        process_pass(book, processes)
        award_pass(book, awards)
        supplier_pass(book, links)
        contract_pass(book, contracts, window)
        yield from indicator_rows(book)
