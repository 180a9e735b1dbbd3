"""Organisation and buyer dashboards: indicators A1–A6 and L1–L7 for a period, and their drill-downs."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from smarterstate.authz import Level
from smarterstate.authz.views import organisation_view, requires
from smarterstate.core.charts import bar_chart
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.pagination import paginate

from .. import selectors
from ..forms import PeriodForm
from ..indicators.catalogue import INDICATORS, INDICATORS_BY_CODE, format_value
from ..models import MethodCategory, Party
from .periods import Period, chosen_period, periods_for

INDICATOR_COLUMNS = [
    Column("Code", "indicator.code"),
    Column("Indicator", "indicator.name"),
    Column("Value", "value"),
    Column("Raw value", "raw"),
    Column("Processes covered", "covered"),
    Column("Processes in the period", "total"),
    Column("Period", "period"),
]

PROCESS_COLUMNS = [
    Column("OCID", "ocid"),
    Column("Title", "title"),
    Column("Buyer", lambda p: p.buyer.name if p.buyer else ""),
    Column("Method", "procurement_method"),
    Column("Method category", "get_method_category_display"),
    Column("Status", "status"),
    Column("Tender value", "tender_value"),
    Column("Awarded value", "awarded_value"),
    Column("Currency", "tender_currency"),
    Column("Tender start", "tender_start"),
    Column("First award", "first_award_date"),
    Column("Main CPV", "main_cpv"),
]


def search_text(request) -> str:
    """The ?q= search, trimmed; NUL characters dropped (PostgreSQL text cannot hold them)."""
    return request.GET.get("q", "").replace("\x00", "").strip()[:200]


def processes_in_period(*, buyer=None, organisation=None, period: Period):
    """The buyer's or organisation's processes whose reference date is in the period."""
    return selectors.scope_processes(
        buyer=buyer, organisation=organisation, period_start=period.start, period_end=period.end
    )


def period_processes_behind(code: str, *, buyer=None, organisation=None, period: Period):
    """The processes an indicator value was computed from."""
    return selectors.processes_behind(
        code,
        buyer=buyer,
        organisation=organisation,
        period_start=period.start,
        period_end=period.end,
    )


def indicator_table_rows(values, period: Period, drill_url) -> list[dict]:
    by_code = {v.code: v for v in values}
    rows = []
    for indicator in INDICATORS:
        value = by_code.get(indicator.code)
        rows.append(
            {
                "indicator": indicator,
                "value": format_value(indicator, value.value if value else None),
                "raw": value.value if value else None,
                "period": period.label,
                "covered": value.covered if value else 0,
                "total": value.total if value else 0,
                "detail": value.detail if value else {},
                # Only computed indicators have processes behind them to list.
                "href": f"{drill_url}?indicator={indicator.code}&period={period.key}"
                if value
                else None,
            }
        )
    return rows


def competition_chart(processes, chart_id: str):
    labels = dict(MethodCategory.choices)
    rows = [
        {"method": labels.get(method, "Not stated"), "processes": n}
        for method, n in selectors.method_counts(processes)
    ]
    if not rows:
        return None
    return bar_chart(
        rows,
        x="method",
        y="processes",
        x_title="Procurement method",
        y_title="Processes",
        title="Competition mix (A3)",
        description="How many of the period's processes used each kind of procedure.",
        chart_id=chart_id,
    )


def supplier_share_chart(processes, chart_id: str, top: int = 10):
    currency, rows = selectors.supplier_shares(processes, top)
    if not rows:
        return None
    return bar_chart(
        rows,
        x="supplier",
        y="share",
        x_title="Supplier",
        y_title="Share of awarded value (%)",
        title="Supplier shares (L1)",
        description=f"The {len(rows)} largest suppliers' shares of the period's awarded value "
        f"in {currency or 'an unstated currency'}. An award to several suppliers counts in full "
        "for each.",
        chart_id=chart_id,
    )


def _dashboard(request, *, values, processes_for, drill_url, context: dict):
    periods = periods_for(values)
    period = chosen_period(request, periods)
    # Unbound: an unknown ?period= falls back to the default rather than showing an error.
    form = PeriodForm(
        periods=[p.as_choice() for p in periods.choices], initial={"period": period.key}
    )
    chosen = values.filter(period_kind=period.kind, period_start=period.start)
    rows = indicator_table_rows(chosen, period, drill_url)
    download = export_response(request, rows, INDICATOR_COLUMNS, f"indicators-{period.label}")
    if download:
        return download
    processes = processes_for(period)
    return render(
        request,
        "commercial/dashboard.html",
        {
            **context,
            "period": period,
            "period_form": form,
            "rows": rows,
            "export_links": export_links(request),
            "process_count": processes.count(),
            "processes_url": f"{drill_url}?period={period.key}",
            "competition_chart": competition_chart(processes, "competition-mix"),
            "supplier_chart": supplier_share_chart(processes, "supplier-shares"),
        },
    )


@organisation_view(Level.READ)
def organisation_dashboard(request, org):
    return _dashboard(
        request,
        values=selectors.indicator_values(organisation=org),
        processes_for=lambda period: processes_in_period(organisation=org, period=period),
        drill_url=reverse("commercial:org-processes", kwargs={"org_slug": org.slug}),
        context={
            "page_title": f"Commercial: {org.name}",
            "org": org,
            "heading": "Commercial",
            "buyers": selectors.buyer_mappings_of(org),
        },
    )


@requires(Level.AUTHENTICATED)
def buyer_dashboard(request, party_pk: int):
    buyer = get_object_or_404(Party, pk=party_pk)
    return _dashboard(
        request,
        values=selectors.indicator_values(buyer=buyer),
        processes_for=lambda period: processes_in_period(buyer=buyer, period=period),
        drill_url=reverse("commercial:buyer-processes", kwargs={"party_pk": buyer.pk}),
        context={"page_title": f"Buyer: {buyer.name}", "buyer": buyer, "heading": buyer.name},
    )


def _drill_down(request, *, scope_name: str, values, processes_for, context):
    """The processes behind one indicator (``?indicator=A1``), or all the period's processes."""
    code = request.GET.get("indicator", "").upper()
    indicator = INDICATORS_BY_CODE.get(code) if code else None
    if code and indicator is None:
        raise Http404("No such indicator.")
    periods = periods_for(values)
    period = chosen_period(request, periods)
    processes = processes_for(indicator.code, period) if indicator else processes_for(None, period)
    processes = processes.select_related("buyer").order_by(*selectors.NEWEST_FIRST)
    name = f"{scope_name}-{indicator.code if indicator else 'processes'}-{period.label}"
    download = export_response(request, processes, PROCESS_COLUMNS, name)
    if download:
        return download
    title = f"{indicator.code} {indicator.name}: processes behind it" if indicator else "Processes"
    return render(
        request,
        "commercial/indicator_processes.html",
        {
            **context,
            "page_title": title,
            "heading": title,
            "indicator": indicator,
            "period": period,
            "page": paginate(request, processes),
            "export_links": export_links(request),
        },
    )


def _processes_for(*, buyer=None, organisation=None):
    def select(code, period):
        if code is None:
            return processes_in_period(buyer=buyer, organisation=organisation, period=period)
        return period_processes_behind(code, buyer=buyer, organisation=organisation, period=period)

    return select


@organisation_view(Level.READ)
def organisation_processes(request, org):
    return _drill_down(
        request,
        scope_name=org.slug,
        values=selectors.indicator_values(organisation=org),
        processes_for=_processes_for(organisation=org),
        context={
            "org": org,
            "back": reverse("commercial:index", kwargs={"org_slug": org.slug}),
        },
    )


@requires(Level.AUTHENTICATED)
def buyer_processes(request, party_pk: int):
    buyer = get_object_or_404(Party, pk=party_pk)
    return _drill_down(
        request,
        scope_name=f"buyer-{buyer.pk}",
        values=selectors.indicator_values(buyer=buyer),
        processes_for=_processes_for(buyer=buyer),
        context={
            "buyer": buyer,
            "back": reverse("commercial:buyer", kwargs={"party_pk": buyer.pk}),
        },
    )


BUYER_COLUMNS = [
    Column("Buyer", "name"),
    Column("Identifier", "key"),
    Column("Processes", "listed_count"),
]


@requires(Level.AUTHENTICATED)
def buyer_list(request):
    from .parties import party_list_page  # here, as parties imports search_text from this module

    return party_list_page(
        request,
        parties=selectors.buyers(),
        columns=BUYER_COLUMNS,
        role="buyer",
        count_label="Processes",
        detail_url="commercial:buyer",
    )
