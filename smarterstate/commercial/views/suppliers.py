"""Suppliers: the public list and a supplier's profile (buyers, contracts, value over time)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from smarterstate.authz import Level
from smarterstate.authz.views import requires
from smarterstate.core.charts import bar_chart
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.pagination import paginate

from .. import selectors
from ..models import Party
from ..naming import contract_name
from .parties import party_list_page

SUPPLIER_COLUMNS = [
    Column("Supplier", "name"),
    Column("Identifier", "key"),
    Column("SME", "is_sme"),
    Column("VCSE", "is_vcse"),
    Column("Awards", "listed_count"),
]
SUPPLIER_CONTRACT_COLUMNS = [
    Column("Contract", contract_name),
    Column("OCID", "process.ocid"),
    Column("Buyer", lambda c: c.process.buyer.name if c.process.buyer else ""),
    Column("Status", "status"),
    Column("Start", "period_start"),
    Column("End", "period_end"),
    Column("Value", "value"),
    Column("Currency", "currency"),
]


@requires(Level.AUTHENTICATED)
def supplier_list(request):
    return party_list_page(
        request,
        parties=selectors.suppliers(),
        columns=SUPPLIER_COLUMNS,
        role="supplier",
        count_label="Awards",
        detail_url="commercial:supplier",
    )


def value_over_time_chart(supplier: Party):
    rows = selectors.supplier_value_by_year(supplier)
    if not rows:
        return None
    return bar_chart(
        rows,
        x="year",
        y="value",
        x_title="Year of award",
        y_title="Awarded value",
        title="Awarded value by year",
        description=f"The value of awards to {supplier.name}, by the calendar year of the award.",
        chart_id="supplier-value-by-year",
    )


@requires(Level.AUTHENTICATED)
def supplier_detail(request, party_pk: int):
    supplier = get_object_or_404(Party, pk=party_pk)
    contracts = selectors.supplier_contracts(supplier)
    download = export_response(
        request, contracts, SUPPLIER_CONTRACT_COLUMNS, f"supplier-{supplier.pk}-contracts"
    )
    if download:
        return download
    return render(
        request,
        "commercial/supplier_detail.html",
        {
            "page_title": f"Supplier: {supplier.name}",
            "supplier": supplier,
            "buyers": selectors.supplier_buyer_shares(supplier),
            "chart": value_over_time_chart(supplier),
            "page": paginate(request, contracts),
            "export_links": export_links(request),
        },
    )
