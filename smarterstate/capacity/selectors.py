"""Reads for the capacity pages and API: stored scorecards, the radar, freshness."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any, TypedDict

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse

from smarterstate.ai.models import UseCase
from smarterstate.commercial.models import OCDSImport
from smarterstate.core.dates import add_months
from smarterstate.lifecycle.models import SBOMImport, System
from smarterstate.organisations.models import Organisation
from smarterstate.outcomes.models import Initiative, Measurement
from smarterstate.skills.models import Person

from .models import (
    ComponentResult,
    Horizon,
    PeriodKind,
    RadarCount,
    RadarItem,
    RefreshRun,
    ScorecardResult,
    SurveyImport,
    SurveyOrganisation,
)
from .scoring import PILLARS, overall_score, ranks

HORIZON_MONTHS: dict[str, tuple[int, int]] = {
    Horizon.M0_3: (0, 3),
    Horizon.M3_6: (3, 6),
    Horizon.M6_12: (6, 12),
    Horizon.M12_18: (12, 18),
    Horizon.M18_36: (18, 36),
}
STATES = {
    "overdue": "Overdue",
    "in-window": "In window",
    "upcoming": "Upcoming",
    "decided": "Decided",
    "snoozed": "Snoozed",
}


# -- scorecards -----------------------------------------------------------------------------


def latest_scorecard(organisation, period_kind: str = PeriodKind.QUARTER) -> ScorecardResult | None:
    return (
        ScorecardResult.objects.filter(organisation=organisation, period_kind=period_kind)
        .select_related("profile")
        .order_by("-period_start")
        .first()
    )


def components_of(result: ScorecardResult) -> list[ComponentResult]:
    """The scorecard's components in pillar order; each names its definition and pillar."""
    rows = list(result.components.all())
    rows.sort(key=lambda r: (list(PILLARS).index(r.pillar), r.code))
    return rows


def drill_down(code: str, org) -> str:
    """The page in the component's pillar that lists the records behind it."""
    slug = {"org_slug": org.slug}
    urls = {
        "C1": ("capacity:survey", slug), "C2": ("capacity:survey", slug), "C3": ("capacity:survey", slug),
        "K1": ("skills:gaps", slug), "K2": ("skills:activities", slug),
        "O1": ("outcomes:pilots", slug), "O2": ("outcomes:outcomes", slug),
        "M1": ("commercial:org-processes", slug), "M2": ("commercial:org-processes", slug),
        "M3": ("commercial:crunch-points", slug),
        "T1": ("lifecycle:systems", slug), "I1": ("ai:use-cases", slug),
    }  # fmt: skip
    name, kwargs = urls[code]
    url = reverse(name, kwargs=kwargs)
    return url + {"M1": "?indicator=A1", "M2": "?indicator=L2"}.get(code, "")


def trend(
    organisation, period_kind: str = PeriodKind.QUARTER, limit: int = 12
) -> list[ScorecardResult]:
    rows = list(
        ScorecardResult.objects.filter(organisation=organisation, period_kind=period_kind)
        .select_related("profile")
        .order_by("-period_start")[:limit]
    )
    rows.reverse()
    return rows


def latest_period(period_kind: str = PeriodKind.QUARTER) -> dt.date | None:
    return ScorecardResult.objects.filter(period_kind=period_kind).aggregate(m=Max("period_start"))[
        "m"
    ]


def comparison(organisations: QuerySet, period_kind: str = PeriodKind.QUARTER,
               organisation_type: str = "") -> list[ScorecardResult]:  # fmt: skip
    """Every readable organisation's scorecard for the latest computed period, best first."""
    start = latest_period(period_kind)
    if start is None:
        return []
    results = ScorecardResult.objects.filter(
        period_kind=period_kind, period_start=start, organisation__in=organisations
    ).select_related("organisation", "profile")
    if organisation_type:
        results = results.filter(organisation__organisation_type=organisation_type)
    rows = list(results)
    rows.sort(key=lambda r: (r.overall is None, -(r.overall or 0), r.organisation.name))
    return rows


def component_scores(results: list[ScorecardResult]) -> dict[int, dict[str, float | None]]:
    scores: dict[int, dict[str, float | None]] = defaultdict(dict)
    for result_id, code, score in ComponentResult.objects.filter(result__in=results).values_list(
        "result_id", "code", "score"
    ):
        scores[result_id][code] = score
    return scores


class Reweighted(TypedDict):
    result: ScorecardResult
    overall: float | None
    reason: str
    rank: int | None


def reweighted(
    results: list[ScorecardResult], weights: dict[str, float], threshold: float
) -> list[Reweighted]:
    """The comparison recomputed with other weights (the 'try your own weights' form): nothing
    is saved. Same rules: the two-thirds rule with the new weights, no imputation."""
    scores = component_scores(results)
    rows: list[Reweighted] = []
    for result in results:
        overall = overall_score(scores[result.pk], weights, threshold)
        rows.append(
            {"result": result, "overall": overall.score, "reason": overall.reason, "rank": None}
        )
    order = ranks(
        {row["result"].pk: score for row in rows if (score := row["overall"]) is not None}
    )
    for row in rows:
        row["rank"] = order.get(row["result"].pk)
    rows.sort(
        key=lambda r: (r["overall"] is None, -(r["overall"] or 0), r["result"].organisation.name)
    )
    return rows


# -- radar ----------------------------------------------------------------------------------


def radar_items(*, organisations=None, kind: str = "", horizon: str = "", owner: str = "",
                state: str = "", today: dt.date,
                items: QuerySet[RadarItem] | None = None) -> QuerySet[RadarItem]:  # fmt: skip
    """Radar items with the page's filters; open items (not decided, not snoozed) by default.

    ``items`` narrows a queryset already scoped (the API's); all items otherwise."""
    items = RadarItem.objects.all() if items is None else items
    if organisations is not None:
        items = items.filter(organisation__in=organisations)
    if kind:
        items = items.filter(kind=kind)
    if owner:
        items = items.filter(owner__icontains=owner)
    if state in ("decided", "snoozed"):
        items = items.filter(decision_state=state)
    elif state != "all":
        items = items.filter(
            Q(decision_state="open") | Q(decision_state="snoozed", snoozed_until__lte=today)
        )
        if state == "overdue":
            items = items.filter(due_date__lt=today)
        elif state == "in-window":
            items = items.filter(window_opens__lte=today, due_date__gte=today)
        elif state == "upcoming":
            items = items.filter(window_opens__gt=today)
    if horizon == Horizon.OVERDUE:
        items = items.filter(due_date__lt=today)
    elif horizon in HORIZON_MONTHS:
        low, high = HORIZON_MONTHS[horizon]
        items = items.filter(
            due_date__gte=add_months(today, low), due_date__lt=add_months(today, high)
        )
    return items.order_by("due_date", "pk")


def state_of(item: RadarItem, today: dt.date) -> str:
    if item.decision_state == "decided":
        return "decided"
    if item.decision_state == "snoozed" and item.snoozed_until and item.snoozed_until > today:
        return "snoozed"
    if item.due_date < today:
        return "overdue"
    if item.window_opens <= today:
        return "in-window"
    return "upcoming"


def horizon_of(item: RadarItem, today: dt.date) -> str:
    if item.due_date < today:
        return Horizon.OVERDUE
    for horizon, (_low, high) in HORIZON_MONTHS.items():
        if item.due_date < add_months(today, high):
            return horizon
    return Horizon.M18_36


def count_open(items: QuerySet[RadarItem], today: dt.date) -> list[dict[str, Any]]:
    """Open items grouped by organisation and kind: total, overdue, crunch points, and one
    count per horizon (0–3 … 18–36 months). One grouped query."""
    by_horizon = {
        f"h{i}": Count("pk", filter=Q(due_date__gte=add_months(today, low),
                                      due_date__lt=add_months(today, high)))
        for i, (low, high) in enumerate(HORIZON_MONTHS.values())
    }  # fmt: skip
    rows = (
        radar_items(items=items, today=today).order_by()
        .values("organisation_id", "kind")
        .annotate(total=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)),
                  crunch=Count("pk", filter=Q(crunch=True)), **by_horizon)
    )  # fmt: skip
    result: list[dict[str, Any]] = []
    for row in rows:
        counts: dict[str, Any] = dict(row)
        horizons = [counts.pop(f"h{i}") for i in range(len(HORIZON_MONTHS))]
        result.append({**counts, "horizons": horizons})
    return result


def _open_counts(organisations, today: dt.date) -> list[dict[str, Any]]:
    """count_open() rows for the organisations: from the summary the refresh wrote today
    (RadarCount), counting live only organisations it has not counted today."""
    if isinstance(organisations, QuerySet):
        org_ids = set(organisations.values_list("pk", flat=True))
    else:
        org_ids = {org.pk for org in organisations}
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in RadarCount.objects.filter(organisation_id__in=org_ids, counted_on=today).values(
            "organisation_id", "kind", "total", "overdue", "crunch", "horizons"
        )
    ]
    uncounted = org_ids - {row["organisation_id"] for row in rows}
    if uncounted:
        rows += count_open(RadarItem.objects.filter(organisation_id__in=uncounted), today)
    return rows


def radar_counts(organisations, today: dt.date) -> list[dict[str, Any]]:
    """Open items per organisation and horizon (central analysts: across government), most
    overdue first. Organisations with no open item are left out."""
    totals: dict[int, dict[str, Any]] = {}
    for row in _open_counts(organisations, today):
        if not row["total"]:
            continue
        entry = totals.setdefault(
            row["organisation_id"],
            {"organisation_id": row["organisation_id"], "total": 0, "overdue": 0, "crunch": 0,
             "horizons": [0] * len(HORIZON_MONTHS)},
        )  # fmt: skip
        for field in ("total", "overdue", "crunch"):
            entry[field] += row[field]
        entry["horizons"] = [a + b for a, b in zip(entry["horizons"], row["horizons"], strict=True)]
    for pk, name, slug in Organisation.objects.filter(pk__in=totals).values_list(
        "pk", "name", "slug"
    ):
        totals[pk]["organisation__name"], totals[pk]["organisation__slug"] = name, slug
    return sorted(totals.values(), key=lambda r: (-r["overdue"], r["organisation__name"]))


def kind_counts(organisations, today: dt.date) -> Counter:
    counts: Counter = Counter()
    for row in _open_counts(organisations, today):
        if row["total"]:
            counts[row["kind"]] += row["total"]
    return counts


# -- freshness ------------------------------------------------------------------------------


def freshness(org, result: ScorecardResult | None) -> list[dict]:
    """Per pillar: when its data last arrived, its components' coverage, and what is missing
    with where to fill it."""
    survey_codes = list(
        SurveyOrganisation.objects.filter(organisation=org).values_list("code", flat=True)
    )
    last = {
        "culture": SurveyImport.objects.aggregate(m=Max("imported_at"))["m"] if survey_codes else None,
        "skills": Person.objects.filter(organisation=org).aggregate(m=Max("updated_at"))["m"],
        "outcomes": Measurement.objects.filter(outcome__organisation=org).aggregate(m=Max("created_at"))["m"]
        or Initiative.objects.filter(organisation=org).aggregate(m=Max("updated_at"))["m"],
        "commercial": OCDSImport.objects.filter(status="succeeded").aggregate(m=Max("finished_at"))["m"],
        "lifecycle": SBOMImport.objects.filter(organisation=org).aggregate(m=Max("imported_at"))["m"]
        or System.objects.filter(organisation=org).aggregate(m=Max("updated_at"))["m"],
        "ai": UseCase.objects.filter(organisation=org).aggregate(m=Max("updated_at"))["m"],
    }  # fmt: skip
    fill = {
        "culture": ("People survey", reverse("capacity:survey", kwargs={"org_slug": org.slug})),
        "skills": ("People, training records and gaps (editors import them)", reverse("skills:index", kwargs={"org_slug": org.slug})),
        "outcomes": ("Record outcomes and measurements", reverse("outcomes:initiatives", kwargs={"org_slug": org.slug})),
        "commercial": ("OCDS imports and buyer mapping", reverse("commercial:imports")),
        "lifecycle": ("Register systems and upload SBOMs", reverse("lifecycle:systems", kwargs={"org_slug": org.slug})),
        "ai": ("Register AI use cases", reverse("ai:use-cases", kwargs={"org_slug": org.slug})),
    }  # fmt: skip
    pillars = result.pillars if result else {}
    rows = []
    for pillar, label in PILLARS.items():
        info = pillars.get(pillar, {})
        rows.append({
            "pillar": pillar, "label": label, "last": last[pillar],
            "with_data": info.get("with_data", 0), "components": info.get("components", 0),
            "missing": info.get("missing", {}), "fill_label": fill[pillar][0], "fill_url": fill[pillar][1],
        })  # fmt: skip
    return rows


def last_refresh() -> RefreshRun | None:
    return (
        RefreshRun.objects.filter(finished_at__isnull=False, error="")
        .order_by("-started_at")
        .first()
    )
