"""The rules the indicator refresh (services.refresh) and the drill-downs (selectors) share.

Pure: the database side of the same rules (valid awards, awarded processes, activity) is in
commercial.selectors, next to the drill-downs that use it.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from smarterstate.core.dates import add_months

INVALID_AWARD_STATUSES = ["cancelled", "unsuccessful", "pending"]
COMPETITIVE = {"open", "selective"}  # MethodCategory.OPEN and SELECTIVE
ACTIVITY_STATUSES = ["planning", "planned"]
L7_THRESHOLD = 5_000_000
L7_MIN_KPIS = 3
DEFAULT_LEAD_TIME_MONTHS = 18


def dominant_currency(counts: dict[str, int]) -> str | None:
    """The currency with most valued awards; ties go to GBP, then alphabetical order."""
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] != "GBP", kv[0]))[0][0]


def is_crunch_point(
    period_end: datetime | None,
    reference: datetime | None,
    latest_activity: datetime | None,
    window: tuple[datetime, datetime],
) -> bool:
    """Ends within the lead time and no planning/tender activity after this process's date."""
    if period_end is None or not window[0] <= period_end < window[1]:
        return False
    if latest_activity is None or reference is None:
        return True
    return latest_activity <= reference


def lead_time_window(today: date, lead_time_months: int, tz: tzinfo) -> tuple[datetime, datetime]:
    """[start of today, start of the day ``lead_time_months`` on) in ``tz``."""
    start = datetime.combine(today, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(add_months(today, lead_time_months), datetime.min.time(), tzinfo=tz)
    return start, end
