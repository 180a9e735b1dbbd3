"""Compute IndicatorValue rows (A1–A6, L1–L7) for every buyer and organisation and period.

``refresh_indicators()`` is called after each import. It also rebuilds each (buyer, CPV
division)'s latest activity date, which L6 here and the crunch-point pages compare against
(activity.py). It streams four narrow queries (processes,
valid awards, award–supplier links, contracts) once each, ordered so that per-process and
"previous contract" logic needs only constant state, and feeds accumulators keyed by
(scope kind, scope id, period). The number of queries does not grow with the number of buyers,
organisations or periods; memory grows with (scopes × periods) and with the medians' inputs.

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

from datetime import date

from django.db import transaction
from django.utils import timezone

from smarterstate.commercial.models import IndicatorValue

from .activity import latest_activity_is_current, latest_activity_refresh
from .passes import Book, award_pass, contract_pass, process_pass, supplier_pass
from .results import indicator_rows, write_rows
from .rules import (
    ACTIVITY_STATUSES,
    CODES,
    COMPETITIVE,
    DEFAULT_LEAD_TIME_MONTHS,
    INVALID_AWARD_STATUSES,
    L7_MIN_KPIS,
    L7_THRESHOLD,
    activity_processes,
    add_months,
    awarded_q,
    dominant_currency,
    is_crunch_point,
    lead_time_window,
    valid_awards,
)

__all__ = [
    "ACTIVITY_STATUSES",
    "CODES",
    "COMPETITIVE",
    "DEFAULT_LEAD_TIME_MONTHS",
    "INVALID_AWARD_STATUSES",
    "L7_MIN_KPIS",
    "L7_THRESHOLD",
    "activity_processes",
    "add_months",
    "awarded_q",
    "dominant_currency",
    "is_crunch_point",
    "latest_activity_is_current",
    "lead_time_window",
    "refresh_indicators",
    "valid_awards",
]


@transaction.atomic
def refresh_indicators(
    *, today: date | None = None, lead_time_months: int = DEFAULT_LEAD_TIME_MONTHS
) -> int:
    """Recompute every IndicatorValue from the normalised tables. Returns the rows written."""
    today = today or timezone.localdate()
    book = Book(today)
    process_pass(book)
    award_pass(book)
    supplier_pass(book)
    contract_pass(book, today, lead_time_months, latest_activity_refresh())
    IndicatorValue.objects.all().delete()
    return write_rows(indicator_rows(book))
