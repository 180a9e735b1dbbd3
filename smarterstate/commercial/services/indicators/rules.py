"""Rules shared by the computation and the drill-down (commercial.selectors)."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from smarterstate.commercial.models import (
    Award,
    MethodCategory,
    Process,
)

CODES = ["A1", "A2", "A3", "A4", "A5", "A6", "L1", "L2", "L3", "L4", "L5", "L6", "L7"]
INVALID_AWARD_STATUSES = ["cancelled", "unsuccessful", "pending"]
COMPETITIVE = {MethodCategory.OPEN.value, MethodCategory.SELECTIVE.value}
ACTIVITY_STATUSES = ["planning", "planned"]
L7_THRESHOLD = 5_000_000
L7_MIN_KPIS = 3
DEFAULT_LEAD_TIME_MONTHS = 18
STREAM_CHUNK = 5000


def valid_awards():
    return Award.objects.exclude(status__in=INVALID_AWARD_STATUSES)


def awarded_q() -> Q:
    return Q(awarded_value__isnull=False) | Q(first_award_date__isnull=False)


def activity_processes():
    """Processes that show planning or tender activity, with ``activity_date`` annotated (L6)."""
    return Process.objects.filter(
        Q(tender_start__isnull=False) | Q(status__in=ACTIVITY_STATUSES)
    ).annotate(activity_date=Coalesce("tender_start", "first_release_date"))


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


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


def lead_time_window(today: date, lead_time_months: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(today, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(add_months(today, lead_time_months), datetime.min.time(), tzinfo=tz)
    return start, end
