"""The four row streams the passes read, each ordered by scope id, and their alignment.

For each scope kind (buyers, then organisations) the four narrow queries — processes, valid
awards, award–supplier links, contracts — are read once each, ordered by the scope's id first,
so one scope's rows arrive together in every stream. ``scopes()`` steps through the four
streams in step and hands over one scope at a time: the refresh then keeps a single scope's
accumulators in memory, however many buyers and periods the data holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter

from django.db.models import OuterRef, QuerySet, Subquery

from smarterstate.commercial.models import AwardSupplier, Contract, LatestActivity, Process

from ...indicators.rules import INVALID_AWARD_STATUSES
from ...selectors import valid_awards

STREAM_CHUNK = 5000  # rows fetched at a time from each stream's cursor

SCOPES = {"buyer": "buyer_id", "organisation": "organisation_id"}


def _scope_filter(field: str, ids: list[int] | None) -> dict:
    """Every scope's rows, or only those of the scope ids given."""
    return {f"{field}__isnull": False} if ids is None else {f"{field}__in": ids}


def process_rows(scope: str, ids: list[int] | None = None) -> QuerySet:
    field = SCOPES[scope]
    fields = [
        field,
        "reference_date",
        "tender_start",
        "first_award_date",
        "awarded_value",
        "method_category",
        "is_call_off",
        "procurement_method_details",
        "has_prior_engagement",
        "number_of_tenderers",
    ]
    # Ordered by id within a scope too: float sums then do not depend on the query plan, so a
    # scope refreshed alone gives exactly the rows a full refresh gives.
    queryset = Process.objects.filter(**_scope_filter(field, ids)).order_by(field, "pk")
    return queryset.values_list(*fields)


def award_rows(scope: str, ids: list[int] | None = None) -> QuerySet:
    field = f"process__{SCOPES[scope]}"
    fields = [
        field,
        "process__reference_date",
        "process__method_category",
        "process__is_call_off",
        "value",
        "currency",
    ]
    queryset = (
        valid_awards()
        .filter(value__isnull=False, **_scope_filter(field, ids))
        .order_by(field, "pk")
    )
    return queryset.values_list(*fields)


def supplier_rows(scope: str, ids: list[int] | None = None) -> QuerySet:
    """Award–supplier links in award-date order within each scope, for L2's "previous"."""
    field = f"award__process__{SCOPES[scope]}"
    fields = [
        field,
        "award_id",
        "party_id",
        "party__is_sme",
        "party__is_vcse",
        "award__value",
        "award__currency",
        "award__process_id",
        "award__process__reference_date",
        "award__process__first_award_date",
        "award__process__cpv_division",
    ]
    queryset = (
        AwardSupplier.objects.filter(**_scope_filter(field, ids))
        .exclude(award__status__in=INVALID_AWARD_STATUSES)
        .order_by(field, "award__process__first_award_date", "award__process_id", "award_id", "pk")
    )
    return queryset.values_list(*fields)


def contract_rows(scope: str, ids: list[int] | None = None) -> QuerySet:
    """Contracts in process order within each scope, each with its buyer and CPV division's
    latest activity date (LatestActivity, rebuilt earlier in the same refresh) for L6."""
    field = f"process__{SCOPES[scope]}"
    latest = LatestActivity.objects.filter(
        buyer=OuterRef("process__buyer"), cpv_division=OuterRef("process__cpv_division")
    ).values("activity_date")[:1]
    fields = [
        field,
        "process_id",
        "process__reference_date",
        "process__method_category",
        "process__first_award_date",
        "award__date",
        "date_signed",
        "period_end",
        "original_period_end",
        "value",
        "original_value",
        "currency",
        "amendment_count",
        "kpi_count",
        "latest_activity",
    ]
    queryset = (
        Contract.objects.filter(**_scope_filter(field, ids))
        .annotate(latest_activity=Subquery(latest))
        .order_by(field, "process_id", "pk")
    )
    return queryset.values_list(*fields)


STREAMS = (process_rows, award_rows, supplier_rows, contract_rows)


def scopes(scope: str, ids: list[int] | None = None) -> Iterator[tuple[int, list[Iterator[tuple]]]]:
    """(scope id, [its process, award, supplier and contract rows]) for every scope id of the
    kind that has any row (of ``ids`` when given), in id order. Consume each scope's iterators, in any order, before
    asking for the next scope; they are read straight from the open queries.
    """
    groups = [
        groupby(rows(scope, ids).iterator(chunk_size=STREAM_CHUNK), key=itemgetter(0))
        for rows in STREAMS
    ]
    heads = [next(group, None) for group in groups]
    while any(head is not None for head in heads):
        scope_id = min(head[0] for head in heads if head is not None)
        yield (
            scope_id,
            [head[1] if head is not None and head[0] == scope_id else iter(()) for head in heads],
        )
        # groupby skips what a pass left unread when it is asked for its next group.
        heads = [
            next(groups[i], None) if head is not None and head[0] == scope_id else head
            for i, head in enumerate(heads)
        ]
