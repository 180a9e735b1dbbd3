"""The processes behind each indicator number, and the dashboards' other reads.

``processes_behind`` mirrors commercial.services.refresh rule by rule: for each code it returns
the processes counted in the indicator's coverage (``covered``), except L6 and L7, whose value is a
count of contracts, where it returns the processes of those contracts.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from smarterstate.commercial.indicators.rules import (
    COMPETITIVE,
    DEFAULT_LEAD_TIME_MONTHS,
    INVALID_AWARD_STATUSES,
    L7_MIN_KPIS,
    L7_THRESHOLD,
    dominant_currency,
)
from smarterstate.commercial.models import (
    Award,
    AwardSupplier,
    Contract,
    IndicatorValue,
    Party,
    Process,
    ScopeKind,
)
from smarterstate.organisations.models import Organisation

from .crunch import crunch_points
from .processes import start_of


def valid_awards() -> QuerySet[Award]:
    """Awards that count: not cancelled, unsuccessful or pending."""
    return Award.objects.exclude(status__in=INVALID_AWARD_STATUSES)


def awarded_q() -> Q:
    """Awarded processes: an awarded value or a first award date."""
    return Q(awarded_value__isnull=False) | Q(first_award_date__isnull=False)


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
        queryset = queryset.filter(reference_date__gte=start_of(period_start))
    if period_end is not None:
        queryset = queryset.filter(reference_date__lt=start_of(period_end))
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
        return _l2_processes(base, scope_field="buyer" if buyer is not None else "organisation")
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


def _l2_processes(base: QuerySet[Process], *, scope_field: str) -> QuerySet[Process]:
    """L2's processes: awarded with suppliers, after an earlier awarded process of the same
    scope (``buyer`` or ``organisation``) in the same CPV division."""
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
        .filter(Exists(_supplied_awards(scope_currency(base))))
        .filter(Exists(earlier))
    )


def kpi_gap_contracts() -> QuerySet[Contract]:
    """L7: contracts over £5m with fewer than 3 KPIs published (or none known)."""
    return Contract.objects.filter(currency="GBP", value__gt=L7_THRESHOLD).filter(
        Q(kpi_count__isnull=True) | Q(kpi_count__lt=L7_MIN_KPIS)
    )


def indicator_values(
    *, buyer: Party | None = None, organisation: Organisation | None = None
) -> QuerySet[IndicatorValue]:
    """A buyer's or an organisation's stored indicator values, every period."""
    if buyer is not None:
        return IndicatorValue.objects.filter(scope_kind=ScopeKind.BUYER, buyer=buyer)
    return IndicatorValue.objects.filter(
        scope_kind=ScopeKind.ORGANISATION, organisation=organisation
    )


def visible_indicator_values(readable: QuerySet[Organisation] | None) -> QuerySet[IndicatorValue]:
    """Every buyer's values (public), and the organisation values of ``readable`` organisations
    (None: every organisation's)."""
    values = IndicatorValue.objects.select_related("organisation").order_by(
        "code", "period_kind", "-period_start", "id"
    )
    if readable is None:
        return values
    return values.filter(Q(scope_kind=ScopeKind.BUYER) | Q(organisation__in=readable))


def filter_indicator_values(
    values: QuerySet[IndicatorValue],
    *,
    code: str = "",
    buyer: int | None = None,
    organisation: str = "",
    period_kind: str = "",
) -> QuerySet[IndicatorValue]:
    """The API's filters: an indicator code, a buyer's id, an organisation's slug, a period kind."""
    if code:
        values = values.filter(code=code)
    if buyer is not None:
        values = values.filter(buyer_id=buyer)
    if organisation:
        values = values.filter(organisation__slug=organisation)
    if period_kind:
        values = values.filter(period_kind=period_kind)
    return values


def method_counts(processes: QuerySet[Process]) -> list[tuple[str, int]]:
    """(method category, processes) for the competition mix chart, by category."""
    counts = processes.values("method_category").annotate(n=Count("pk")).order_by("method_category")
    return [(row["method_category"], row["n"]) for row in counts]


def supplier_shares(processes: QuerySet[Process], top: int = 10) -> tuple[str | None, list[dict]]:
    """The scope's dominant currency and its ``top`` suppliers by awarded value in it, each with
    its percentage of the value awarded to any supplier. One currency, as L1 does: shares of
    mixed currencies mean nothing. An award to several suppliers counts in full for each."""
    currency = scope_currency(processes)
    links = AwardSupplier.objects.filter(
        award__process__in=processes, award__value__isnull=False, award__currency=currency or ""
    )
    total = links.aggregate(total=Sum("award__value"))["total"]
    if not total:
        return currency, []
    leaders = (
        links.values("party__name").annotate(value=Sum("award__value")).order_by("-value")[:top]
    )
    return currency, [
        {"supplier": r["party__name"], "share": round(float(100 * r["value"] / total), 1)}
        for r in leaders
    ]
