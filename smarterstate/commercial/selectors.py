"""Reads for the commercial pages and API: drill-downs behind indicator numbers, crunch points,
processes, contracts, suppliers and buyers, reviews, imports, unmapped buyers, versioned releases.

``processes_behind`` mirrors commercial.services.refresh rule by rule: for each code it returns
the processes counted in the indicator's coverage (``covered``), except L6 and L7, whose value is a
count of contracts, where it returns the processes of those contracts.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

import orjson
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth
from django.utils import timezone

from smarterstate.commercial.indicators.rules import (
    ACTIVITY_STATUSES,
    COMPETITIVE,
    DEFAULT_LEAD_TIME_MONTHS,
    INVALID_AWARD_STATUSES,
    L7_MIN_KPIS,
    L7_THRESHOLD,
    dominant_currency,
    lead_time_window,
)
from smarterstate.commercial.models import (
    Award,
    AwardSupplier,
    CompiledRelease,
    Contract,
    ContractReview,
    IndicatorValue,
    LatestActivity,
    LatestActivityStamp,
    OCDSImport,
    Party,
    Process,
    ProcessNote,
    Release,
    ScopeKind,
)
from smarterstate.commercial.ocds import merge
from smarterstate.organisations.models import Organisation

# Newest first, in the order of the reference_date index so that PostgreSQL reads the first page
# from the index instead of sorting every process. reference_date is never null in practice:
# releases without a date are rejected at import, so every process has a first release date.
NEWEST_FIRST = ("-reference_date", "-pk")
TIMELINE_LIMIT = 200  # releases shown on a process's timeline


def valid_awards() -> QuerySet[Award]:
    """Awards that count: not cancelled, unsuccessful or pending."""
    return Award.objects.exclude(status__in=INVALID_AWARD_STATUSES)


def awarded_q() -> Q:
    """Awarded processes: an awarded value or a first award date."""
    return Q(awarded_value__isnull=False) | Q(first_award_date__isnull=False)


def activity_processes() -> QuerySet[Process]:
    """Processes that show planning or tender activity, with ``activity_date`` annotated (L6)."""
    return Process.objects.filter(
        Q(tender_start__isnull=False) | Q(status__in=ACTIVITY_STATUSES)
    ).annotate(activity_date=Coalesce("tender_start", "first_release_date"))


def latest_activity_is_current() -> bool:
    """Are the stored latest activity dates current (services.refresh.activity)?"""
    return LatestActivityStamp.objects.exists()


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


def unmapped_buyers(q: str = "") -> QuerySet[Party]:
    """Buyers with no organisation (whose name or identifier contains ``q``), with
    ``process_count``, most processes first."""
    buyers = (
        Party.objects.filter(is_buyer=True, mapping__isnull=True)
        .annotate(process_count=Count("processes"))
        .order_by("-process_count", "name")
    )
    if q:
        buyers = buyers.filter(Q(name__icontains=q) | Q(key__icontains=q))
    return buyers


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


# -- dashboards --------------------------------------------------------------------------------


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


# -- processes ---------------------------------------------------------------------------------


def search_processes(processes: QuerySet[Process], data: dict) -> QuerySet[Process]:
    """The process list's filters (a ProcessFilterForm's cleaned data): text in the title or
    ocid, buyer and supplier names, then the filters the API shares (``filter_processes_by``)."""
    if data.get("q"):
        processes = processes.filter(Q(title__icontains=data["q"]) | Q(ocid__icontains=data["q"]))
    if data.get("buyer"):
        processes = processes.filter(buyer__name__icontains=data["buyer"])
    if data.get("supplier"):
        processes = processes.filter(
            pk__in=Award.objects.filter(suppliers__name__icontains=data["supplier"]).values(
                "process_id"
            )
        )
    return filter_processes_by(
        processes,
        method=data.get("method", ""),
        status=data.get("status", ""),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )


def processes_of_parties(
    processes: QuerySet[Process], *, buyer: int | None = None, supplier: int | None = None
) -> QuerySet[Process]:
    """Processes of a buyer (its id), or in which a supplier (its id) won an award."""
    if buyer is not None:
        processes = processes.filter(buyer_id=buyer)
    if supplier is not None:
        processes = processes.filter(
            pk__in=Award.objects.filter(suppliers=supplier).values("process_id")
        )
    return processes


def process_with_details(ocid: str) -> QuerySet[Process]:
    """The process of an ocid (a queryset of one, for get_object_or_404) with what its page shows."""
    return (
        Process.objects.filter(ocid=ocid)
        .select_related("buyer", "organisation")
        .prefetch_related(
            "lots",
            Prefetch("awards", queryset=Award.objects.prefetch_related("suppliers")),
            "contracts",
            "amendments",
        )
    )


def process_notes(process: Process) -> QuerySet[ProcessNote]:
    """Every note on the process; scope it to what the reader may read (authz.scope)."""
    return ProcessNote.objects.filter(process=process).select_related("author", "organisation")


def _notice_types(release_data: str) -> list[str]:
    try:
        release = json.loads(release_data)
    except ValueError:
        return []
    documents = []
    for section in ("planning", "tender"):
        documents += (release.get(section) or {}).get("documents") or []
    for section in ("awards", "contracts"):
        for item in release.get(section) or []:
            documents += item.get("documents") or []
    documents += release.get("documents") or []
    return sorted(
        {d["noticeType"] for d in documents if isinstance(d, dict) and d.get("noticeType")}
    )


def process_timeline(ocid: str) -> list[dict]:
    """The ocid's first TIMELINE_LIMIT releases by date, with the notice types they publish."""
    releases = Release.objects.filter(ocid=ocid).order_by("date", "release_id")
    return [
        {
            "date": release.date,
            "date_text": release.date_text,
            "release_id": release.release_id,
            "tags": release.tags,
            "notice_types": _notice_types(release.data),
        }
        for release in releases.only("date", "date_text", "release_id", "tags", "data")[
            :TIMELINE_LIMIT
        ]
    ]


def compiled_release(ocid: str) -> dict | None:
    """The ocid's compiled release (None if there is none)."""
    compiled = CompiledRelease.objects.filter(ocid=ocid).only("data").first()
    return json.loads(compiled.data) if compiled else None


def compiled_release_json(ocid: str) -> str:
    """The ocid's compiled release as indented JSON ("" if there is none)."""
    compiled = CompiledRelease.objects.filter(ocid=ocid).only("data").first()
    if compiled is None:
        return ""
    try:
        return json.dumps(json.loads(compiled.data), indent=2, ensure_ascii=False)
    except ValueError:
        return compiled.data


# -- contracts ---------------------------------------------------------------------------------


def organisation_contracts(
    organisation: Organisation,
    *,
    q: str = "",
    status: str = "",
    ends_after: date | None = None,
    ends_before: date | None = None,
) -> QuerySet[Contract]:
    """The contract register: the organisation's contracts, soonest end first, filtered by text
    (title or supplier), status and end date (``ends_before`` exclusive)."""
    contracts = (
        Contract.objects.filter(process__organisation=organisation)
        .select_related("process__buyer", "award")
        .prefetch_related("award__suppliers")
    )
    if q:
        contracts = contracts.filter(
            Q(title__icontains=q) | Q(award__suppliers__name__icontains=q)
        ).distinct()
    if status:
        contracts = contracts.filter(status__iexact=status)
    if ends_after:
        contracts = contracts.filter(period_end__gte=_aware(ends_after))
    if ends_before:
        contracts = contracts.filter(period_end__lt=_aware(ends_before))
    return contracts.order_by("period_end", "pk")


def contracts_ending_by_month(
    contracts: QuerySet[Contract], start: date, end: date
) -> dict[date, int]:
    """How many of the contracts end in each month from ``start`` to ``end`` (exclusive)."""
    rows = (
        contracts.filter(period_end__gte=_aware(start), period_end__lt=_aware(end))
        .annotate(month=TruncMonth("period_end"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return {
        row["month"].date() if isinstance(row["month"], datetime) else row["month"]: row["n"]
        for row in rows
    }


def contract_reviews(organisation: Organisation) -> QuerySet[ContractReview]:
    """The organisation's reviews, those due soonest first."""
    return (
        ContractReview.objects.filter(organisation=organisation)
        .select_related("contract__process", "reviewer")
        .order_by("next_review_date", "-review_date", "pk")
    )


# -- buyers and suppliers ----------------------------------------------------------------------


def buyers() -> QuerySet[Party]:
    """Buyers, with ``listed_count``: how many processes each runs."""
    return Party.objects.filter(is_buyer=True).annotate(listed_count=Count("processes"))


def suppliers() -> QuerySet[Party]:
    """Suppliers, with ``listed_count``: how many awards each won."""
    return Party.objects.filter(is_supplier=True).annotate(listed_count=Count("award_links"))


def search_parties(parties: QuerySet[Party], q: str) -> QuerySet[Party]:
    """Parties whose name or identifier contains ``q``, by name."""
    if q:
        parties = parties.filter(Q(name__icontains=q) | Q(key__icontains=q))
    return parties.order_by("name", "pk")


def supplier_buyer_shares(supplier: Party) -> list[dict]:
    """The supplier's awarded value at each buyer, and its share of that buyer's awarded value.

    An award to several suppliers counts in full for each (OCDS does not split it).
    """
    by_buyer = list(
        AwardSupplier.objects.filter(party=supplier, award__process__buyer__isnull=False)
        .values("award__process__buyer", "award__process__buyer__name")
        .annotate(value=Sum("award__value"), awards=Count("award"))
        .order_by("-value", "award__process__buyer__name")
    )
    totals = dict(
        Award.objects.filter(process__buyer__in=[row["award__process__buyer"] for row in by_buyer])
        .values("process__buyer")
        .annotate(total=Sum("value"))
        .values_list("process__buyer", "total")
    )
    rows = []
    for row in by_buyer:
        total = totals.get(row["award__process__buyer"])
        rows.append(
            {
                "pk": row["award__process__buyer"],
                "name": row["award__process__buyer__name"],
                "awards": row["awards"],
                "value": row["value"],
                "share": round(float(100 * row["value"] / total), 1)
                if total and row["value"] is not None
                else None,
            }
        )
    return rows


def supplier_value_by_year(supplier: Party) -> list[dict]:
    """The value of awards to the supplier, by calendar year of the award."""
    years = (
        Award.objects.filter(suppliers=supplier, date__isnull=False, value__isnull=False)
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(value=Sum("value"))
        .order_by("year")
    )
    return [{"year": str(row["year"]), "value": float(row["value"])} for row in years]


def supplier_contracts(supplier: Party) -> QuerySet[Contract]:
    """Contracts of awards the supplier won, latest end first."""
    return (
        Contract.objects.filter(award__suppliers=supplier)
        .select_related("process__buyer")
        .order_by("-period_end", "pk")
        .distinct()
    )


# -- imports -----------------------------------------------------------------------------------


def ocds_imports() -> QuerySet[OCDSImport]:
    """Runs of the OCDS import, newest first, without their (long) lists of rejects."""
    return OCDSImport.objects.defer("rejects", "replaced").order_by("-started_at", "-pk")
