"""Reads for the commercial pages and API: drill-downs behind indicator numbers, crunch points,
unmapped buyers, versioned releases.

``processes_behind`` mirrors commercial.services.indicators rule by rule: for each code it returns
the processes counted in the indicator's coverage (``covered``), except L6 and L7, whose value is a
count of contracts, where it returns the processes of those contracts.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import orjson
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from smarterstate.commercial.models import (
    AwardSupplier,
    Contract,
    LatestActivity,
    Party,
    Process,
    Release,
)
from smarterstate.commercial.ocds import merge
from smarterstate.commercial.services.indicators import (
    COMPETITIVE,
    DEFAULT_LEAD_TIME_MONTHS,
    INVALID_AWARD_STATUSES,
    L7_MIN_KPIS,
    L7_THRESHOLD,
    activity_processes,
    awarded_q,
    dominant_currency,
    latest_activity_is_current,
    lead_time_window,
    valid_awards,
)
from smarterstate.organisations.models import Organisation


def _aware(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def scope_processes(
    *,
    buyer: Party | None = None,
    organisation: Organisation | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
) -> QuerySet[Process]:
    """A buyer's or organisation's processes whose reference date is in [start, end)."""
    if (buyer is None) == (organisation is None):
        raise ValueError("Give exactly one of buyer or organisation.")
    queryset = (
        Process.objects.filter(buyer=buyer)
        if buyer
        else Process.objects.filter(organisation=organisation)
    )
    if period_start is not None:
        queryset = queryset.filter(reference_date__gte=_aware(period_start))
    if period_end is not None:
        queryset = queryset.filter(reference_date__lt=_aware(period_end))
    return queryset.filter(reference_date__isnull=False)


def scope_currency(processes: QuerySet[Process]) -> str | None:
    """The dominant currency of the processes' valued, valid awards (same rule as the service)."""
    counts = dict(
        valid_awards()
        .filter(process__in=processes, value__isnull=False)
        .order_by()
        .values("currency")
        .annotate(n=Count("id"))
        .values_list("currency", "n")
    )
    return dominant_currency(counts)


def _supplied_awards(currency: str | None):
    """Valid, valued awards in ``currency`` that have at least one supplier, by process."""
    return valid_awards().filter(
        process=OuterRef("pk"),
        value__isnull=False,
        currency=currency or "",
        suppliers__isnull=False,
    )


def processes_behind(
    code: str,
    *,
    buyer: Party | None = None,
    organisation: Organisation | None = None,
    period_start: date,
    period_end: date,
    today: date | None = None,
    lead_time_months: int = DEFAULT_LEAD_TIME_MONTHS,
) -> QuerySet[Process]:
    """The processes behind one indicator number (see the module docstring)."""
    base = scope_processes(
        buyer=buyer, organisation=organisation, period_start=period_start, period_end=period_end
    )
    code = code.upper()
    if code == "A1":
        return base.filter(
            tender_start__isnull=False,
            first_award_date__isnull=False,
            first_award_date__gte=F("tender_start"),
        )
    if code == "A2":
        signed = Contract.objects.filter(
            process=OuterRef("pk"),
            date_signed__isnull=False,
            date_signed__gte=Coalesce(F("award__date"), F("process__first_award_date")),
        )
        return base.filter(Exists(signed))
    if code == "A3":
        return base.filter(awarded_q()).exclude(method_category="")
    if code == "A4":
        return base.filter(~Q(procurement_method_details="") | Q(is_call_off=True))
    if code == "A5":
        currency = scope_currency(base)
        known = AwardSupplier.objects.filter(
            award__process=OuterRef("pk"),
            award__value__isnull=False,
            award__currency=currency or "",
        ).exclude(award__status__in=INVALID_AWARD_STATUSES)
        known = known.filter(Q(party__is_sme__isnull=False) | Q(party__is_vcse__isnull=False))
        return base.filter(Exists(known))
    if code == "A6":
        return base.filter(has_prior_engagement__isnull=False)
    if code == "L1":
        return base.filter(Exists(_supplied_awards(scope_currency(base))))
    if code == "L2":
        currency = scope_currency(base)
        scope_field = "buyer" if buyer is not None else "organisation"
        earlier = Process.objects.filter(
            **{scope_field: OuterRef(scope_field)},
            cpv_division=OuterRef("cpv_division"),
            first_award_date__isnull=False,
            first_award_date__lt=OuterRef("first_award_date"),
        ).filter(
            Exists(
                AwardSupplier.objects.filter(award__process=OuterRef("pk")).exclude(
                    award__status__in=INVALID_AWARD_STATUSES
                )
            )
        )
        return (
            base.exclude(cpv_division="")
            .filter(first_award_date__isnull=False)
            .filter(Exists(_supplied_awards(currency)))
            .filter(Exists(earlier))
        )
    if code == "L3":
        return base.filter(method_category__in=COMPETITIVE, number_of_tenderers__isnull=False)
    if code == "L4":
        return base.filter(Exists(Contract.objects.filter(process=OuterRef("pk"))))
    if code == "L5":
        return base.filter(method_category="direct", pk__in=Contract.objects.values("process_id"))
    if code == "L6":
        ids = crunch_points(
            buyer=buyer,
            organisation=organisation,
            lead_time_months=lead_time_months,
            today=today,
        ).values("process_id")
        return base.filter(pk__in=ids)
    if code == "L7":
        return base.filter(pk__in=kpi_gap_contracts().values("process_id"))
    raise ValueError(f"Unknown indicator code {code!r}")


def kpi_gap_contracts() -> QuerySet[Contract]:
    """L7: contracts over £5m with fewer than 3 KPIs published (or none known)."""
    return Contract.objects.filter(currency="GBP", value__gt=L7_THRESHOLD).filter(
        Q(kpi_count__isnull=True) | Q(kpi_count__lt=L7_MIN_KPIS)
    )


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
    start, end = lead_time_window(today, lead_time_months)
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


def unmapped_buyers() -> QuerySet[Party]:
    """Buyers with no organisation, with ``process_count``, most processes first."""
    return (
        Party.objects.filter(is_buyer=True, mapping__isnull=True)
        .annotate(process_count=Count("processes"))
        .order_by("-process_count", "name")
    )


def filter_processes_by(
    processes: QuerySet[Process],
    *,
    method: str = "",
    status: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Process]:
    """The filters the process list page and the API share (date_to is exclusive)."""
    if method:
        processes = processes.filter(method_category=method)
    if status:
        processes = processes.filter(status__iexact=status)
    if date_from:
        processes = processes.filter(reference_date__gte=_aware(date_from))
    if date_to:
        processes = processes.filter(reference_date__lt=_aware(date_to))
    return processes


def versioned_release(ocid: str) -> dict[str, Any] | None:
    """The versioned release of an ocid, merged now from its stored releases (None if there are none)."""
    texts = list(Release.objects.filter(ocid=ocid).order_by("pk").values_list("data", flat=True))
    if not texts:
        return None
    return merge.versioned_release([orjson.loads(text) for text in texts])
