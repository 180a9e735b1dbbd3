"""An organisation's contract register and its reviews."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from smarterstate.commercial.models import (
    Contract,
    ContractReview,
)
from smarterstate.organisations.models import Organisation

from .processes import start_of


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
        contracts = contracts.filter(period_end__gte=start_of(ends_after))
    if ends_before:
        contracts = contracts.filter(period_end__lt=start_of(ends_before))
    return contracts.order_by("period_end", "pk")


def contracts_ending_by_month(
    contracts: QuerySet[Contract], start: date, end: date
) -> dict[date, int]:
    """How many of the contracts end in each month from ``start`` to ``end`` (exclusive)."""
    rows = (
        contracts.filter(period_end__gte=start_of(start), period_end__lt=start_of(end))
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
        .select_related("contract__process", "contract__award", "reviewer")
        .order_by("next_review_date", "-review_date", "pk")
    )
