"""The commercial comparison across organisations: each organisation's indicators for one period.

Reads only the stored organisation indicator values (computed by refresh_indicators), so the
page costs one query whatever the data size.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from smarterstate.commercial.models import IndicatorValue, ScopeKind
from smarterstate.organisations.models import Organisation


def comparison_values(organisations: QuerySet[Organisation]) -> QuerySet[IndicatorValue]:
    """The organisation-scope indicator values of ``organisations``, every period."""
    return IndicatorValue.objects.filter(
        scope_kind=ScopeKind.ORGANISATION, organisation__in=organisations
    )


def comparison(
    organisations: QuerySet[Organisation], *, period_kind: str, period_start: date
) -> list[dict]:
    """One row per organisation with processes in the period: its name, slug, how many
    processes the period holds (``processes``) and, by code, each indicator's value row
    (``values``: code → IndicatorValue). Ordered by name."""
    rows: dict[int, dict] = {}
    values = (
        comparison_values(organisations)
        .filter(period_kind=period_kind, period_start=period_start, total__gt=0)
        .select_related("organisation")
        .order_by("organisation__name", "code")
    )
    for value in values:
        org = value.organisation
        if org is None:  # organisation scope always has one; for the type checker
            continue
        row = rows.setdefault(
            org.pk, {"name": org.name, "slug": org.slug, "processes": 0, "values": {}}
        )
        row["values"][value.code] = value
        row["processes"] = max(row["processes"], value.total)
    return sorted(rows.values(), key=lambda r: r["name"])
