"""Crunch points (L6): contracts ending within the lead time with no later planning or tender
activity by their buyer in their CPV division."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from smarterstate.commercial.indicators.rules import (
    ACTIVITY_STATUSES,
    DEFAULT_LEAD_TIME_MONTHS,
    lead_time_window,
)
from smarterstate.commercial.models import (
    Contract,
    LatestActivity,
    LatestActivityStamp,
    Party,
    Process,
)
from smarterstate.organisations.models import Organisation


def activity_processes() -> QuerySet[Process]:
    """Processes that show planning or tender activity, with ``activity_date`` annotated (L6)."""
    return Process.objects.filter(
        Q(tender_start__isnull=False) | Q(status__in=ACTIVITY_STATUSES)
    ).annotate(activity_date=Coalesce("tender_start", "first_release_date"))


def latest_activity_is_current() -> bool:
    """Are the stored latest activity dates current (services.refresh.activity)?"""
    return LatestActivityStamp.objects.exists()


def crunch_points(
    *,
    buyer: Party | None = None,
    organisation: Organisation | None = None,
    lead_time_months: int = DEFAULT_LEAD_TIME_MONTHS,
    today: date | None = None,
) -> QuerySet[Contract]:
    """L6: contracts ending within the lead time from today with no later planning or tender
    activity by the same buyer in the same CPV division; soonest end first.

    "Later" means an activity date (tender start, else first release of a planning-stage
    process) after the contract's process reference date; activity is matched on the buyer
    (party), also when listing an organisation's crunch points. Months left is period_end − today.
    The comparison uses the latest activity dates refresh_indicators() stores (see later_activity).
    """
    today = today or timezone.localdate()
    start, end = lead_time_window(today, lead_time_months, timezone.get_current_timezone())
    queryset = Contract.objects.filter(period_end__gte=start, period_end__lt=end)
    if buyer is not None:
        queryset = queryset.filter(process__buyer=buyer)
    if organisation is not None:
        queryset = queryset.filter(process__organisation=organisation)
    return (
        queryset.filter(~Exists(later_activity()))
        .select_related("process", "process__buyer", "process__organisation", "award")
        .order_by("period_end", "pk")
    )


def filter_crunch_points(
    contracts: QuerySet[Contract], *, buyer: int | None = None, organisation: str = ""
) -> QuerySet[Contract]:
    """The API's filters on crunch points: a buyer's id, an organisation's slug."""
    if buyer is not None:
        contracts = contracts.filter(process__buyer_id=buyer)
    if organisation:
        contracts = contracts.filter(process__organisation__slug=organisation)
    return contracts


def later_activity() -> QuerySet:
    """For ``Exists``: activity by the contract's buyer in its CPV division after its process's
    reference date (the contract is a crunch point when there is none).

    Compares with the buyer and division's latest activity date stored by refresh_indicators()
    (one row each) while it is current, else searches the processes (same result, slower).
    """
    if latest_activity_is_current():
        return LatestActivity.objects.filter(
            buyer=OuterRef("process__buyer"),
            cpv_division=OuterRef("process__cpv_division"),
            activity_date__gt=OuterRef("process__reference_date"),
        )
    return activity_processes().filter(
        buyer=OuterRef("process__buyer"),
        cpv_division=OuterRef("process__cpv_division"),
        activity_date__gt=OuterRef("process__reference_date"),
    )
