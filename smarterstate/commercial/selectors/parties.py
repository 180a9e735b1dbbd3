"""Buyers and suppliers: the lists, unmapped buyers, a supplier's profile."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from smarterstate.commercial.models import (
    Award,
    AwardSupplier,
    BuyerMapping,
    Contract,
    Party,
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


def buyers() -> QuerySet[Party]:
    """Buyers, with ``listed_count``: how many processes each runs."""
    return Party.objects.filter(is_buyer=True).annotate(listed_count=Count("processes"))


def buyer_mappings_of(organisation) -> QuerySet[BuyerMapping]:
    """The organisation's buyers (its mappings, with their parties), by buyer name."""
    return organisation.buyer_mappings.select_related("party").order_by("party__name")


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
        .select_related("process__buyer", "award")
        .order_by("-period_end", "pk")
        .distinct()
    )
