"""Suppliers: the public list and a supplier's profile (buyers, contracts, value over time)."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404, render

from smarterstate.authz import Level
from smarterstate.authz.views import requires
from smarterstate.core.charts import bar_chart
from smarterstate.core.exports import Column, export_links, export_response
from smarterstate.core.pagination import paginate

from ..models import Award, AwardSupplier, Contract, Party
from .parties import party_list_page

SUPPLIER_COLUMNS = [
    Column("Supplier", "name"),
    Column("Identifier", "key"),
    Column("SME", "is_sme"),
    Column("VCSE", "is_vcse"),
    Column("Awards", "listed_count"),
]
SUPPLIER_CONTRACT_COLUMNS = [
    Column("Contract", lambda c: c.title or c.contract_id),
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
        parties=Party.objects.filter(is_supplier=True).annotate(listed_count=Count("award_links")),
        columns=SUPPLIER_COLUMNS,
        role="supplier",
        count_label="Awards",
        detail_url="commercial:supplier",
    )


def buyer_shares(supplier: Party) -> list[dict]:
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


def value_over_time_chart(supplier: Party):
    years = (
        Award.objects.filter(suppliers=supplier, date__isnull=False, value__isnull=False)
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(value=Sum("value"))
        .order_by("year")
    )
    rows = [{"year": str(row["year"]), "value": float(row["value"])} for row in years]
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
    contracts = (
        Contract.objects.filter(award__suppliers=supplier)
        .select_related("process__buyer")
        .order_by("-period_end", "pk")
        .distinct()
    )
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
            "buyers": buyer_shares(supplier),
            "chart": value_over_time_chart(supplier),
            "page": paginate(request, contracts),
            "export_links": export_links(request),
        },
    )
