"""An organisation's contract register (with an end-date timeline) and its crunch points (L6)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import render
from django.utils import timezone

from smarterstate.authz import Level
from smarterstate.authz.views import organisation_view
from smarterstate.core.charts import bar_chart
from smarterstate.core.dates import whole_months_between
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.pagination import paginate

from .. import selectors
from ..forms import ContractFilterForm
from ..indicators.rules import DEFAULT_LEAD_TIME_MONTHS
from ..models import Contract
from ..naming import contract_name

TIMELINE_MONTHS = 24
CRUNCH_LEAD_MONTHS = DEFAULT_LEAD_TIME_MONTHS

CONTRACT_COLUMNS = [
    Column("Contract", contract_name),
    Column("OCID", "process.ocid"),
    Column("Buyer", lambda c: c.process.buyer.name if c.process.buyer else ""),
    Column(
        "Suppliers", lambda c: "; ".join(s.name for s in c.award.suppliers.all()) if c.award else ""
    ),
    Column("Status", "status"),
    Column("Signed", "date_signed"),
    Column("Start", "period_start"),
    Column("End", "period_end"),
    Column("Value", "value"),
    Column("Currency", "currency"),
    Column("Amendments", "amendment_count"),
    Column("KPIs", "kpi_count"),
]
CRUNCH_COLUMNS = [
    Column("Months left", "months_left"),
    *CONTRACT_COLUMNS,
]


def _month_start(day: dt.date, months_ahead: int = 0) -> dt.date:
    index = day.month - 1 + months_ahead
    return dt.date(day.year + index // 12, index % 12 + 1, 1)


def end_date_chart(contracts, today: dt.date):
    """Contracts ending in each of the next 24 months."""
    start, end = _month_start(today), _month_start(today, TIMELINE_MONTHS)
    counts = selectors.contracts_ending_by_month(contracts, start, end)
    if not counts:
        return None
    rows = []
    for offset in range(TIMELINE_MONTHS):
        month = _month_start(today, offset)
        rows.append({"month": month.strftime("%Y-%m"), "contracts": counts.get(month, 0)})
    return bar_chart(
        rows,
        x="month",
        y="contracts",
        x_title="Month",
        y_title="Contracts ending",
        title="Contract end dates",
        description=f"How many contracts end in each of the next {TIMELINE_MONTHS} months.",
        chart_id="contract-end-dates",
    )


def _with_systems(page, org):
    """Each contract's systems (lifecycle's ``System.contracts``, read through the reverse relation so
    commercial imports no other pillar), the organisation's own only: a crunch point leads to what
    depends on it."""
    page.object_list = list(page.object_list)
    try:
        systems = Contract._meta.get_field("lifecycle_systems").related_model
    except FieldDoesNotExist:  # lifecycle not installed
        return page
    prefetch_related_objects(
        page.object_list,
        Prefetch(
            "lifecycle_systems",
            queryset=systems._default_manager.filter(organisation=org).order_by("name"),
            to_attr="systems_here",
        ),
    )
    return page


@organisation_view(Level.READ)
def contract_register(request, org):
    filters = ContractFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    contracts = selectors.organisation_contracts(
        org,
        q=data.get("q", ""),
        status=data.get("status", ""),
        ends_after=data.get("ends_after"),
        ends_before=data.get("ends_before"),
    )
    download = export_response(request, contracts, CONTRACT_COLUMNS, f"{org.slug}-contracts")
    if download:
        return download
    return render(
        request,
        "commercial/contract_register.html",
        {
            "page_title": f"Contract register: {org.name}",
            "org": org,
            "filters": filters,
            "page": _with_systems(paginate(request, contracts), org),
            "chart": end_date_chart(contracts, timezone.localdate()),
            "export_links": export_links(request),
        },
    )


def _with_months_left(contracts, today: dt.date):
    for contract in contracts:
        end = timezone.localtime(contract.period_end).date() if contract.period_end else None
        contract.months_left = whole_months_between(today, end) if end else None
        yield contract


@organisation_view(Level.READ)
def crunch_point_list(request, org):
    today = timezone.localdate()
    contracts = selectors.crunch_points(organisation=org, today=today).prefetch_related(
        "award__suppliers"
    )
    download = export_response(
        request, _with_months_left(contracts, today), CRUNCH_COLUMNS, f"{org.slug}-crunch-points"
    )
    if download:
        return download
    page = paginate(request, contracts)
    page.object_list = list(_with_months_left(page.object_list, today))
    page = _with_systems(page, org)
    return render(
        request,
        "commercial/crunch_points.html",
        {
            "page_title": f"Crunch points: {org.name}",
            "org": org,
            "lead_months": CRUNCH_LEAD_MONTHS,
            "page": page,
            "export_links": export_links(request),
        },
    )
