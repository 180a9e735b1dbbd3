"""Reads of the Outcomes pillar: the portfolio dashboard, comparisons, lists and the ledger.

The dashboard reads only pre-aggregated figures (an outcome's latest value and realisation,
an initiative's confidence rating and outcome flag, a fund's balance): a handful of grouped
queries whatever the number of measurements.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from .calculations import reinvestment_fifo
from .models import (
    SCALE_RATINGS,
    BenefitType,
    Confidence,
    Direction,
    EntryKind,
    FundEntry,
    Initiative,
    InnovationFund,
    Kind,
    Outcome,
    Phase,
    Pilot,
    PilotDecision,
    PortfolioSettings,
    overdue_pilots,
)

ZERO = Decimal("0")
MONEY_UNITS = ("£", "GBP", "gbp")
_money = DecimalField(max_digits=20, decimal_places=4)


def settings_for(organisation) -> PortfolioSettings:
    """The organisation's portfolio settings (the defaults, unsaved, when it has none)."""
    found = PortfolioSettings.objects.filter(organisation=organisation).first()
    return found or PortfolioSettings(organisation=organisation)


def allowed_ratings(organisation) -> list[str]:
    """The confidence ratings the organisation's scale offers."""
    return [str(r) for r in SCALE_RATINGS[settings_for(organisation).confidence_scale]]


def initiatives_filtered(queryset: QuerySet, data: dict) -> QuerySet:
    """The initiative list's filters (page and API share them)."""
    if data.get("q"):
        queryset = queryset.filter(name__icontains=data["q"])
    if data.get("kind"):
        queryset = queryset.filter(kind=data["kind"])
    if data.get("phase"):
        queryset = queryset.filter(phase=data["phase"])
    if data.get("confidence"):
        queryset = queryset.filter(delivery_confidence=data["confidence"])
    if data.get("flagged") in (True, "yes", "true", "1"):
        queryset = queryset.flagged()
    return queryset


def _tally(groups: list[dict], field: str, choices) -> list[dict]:
    """Counts by one field's choices, summed from rows grouped by several fields."""
    found: Counter = Counter()
    for row in groups:
        found[row[field]] += row["n"]
    return [
        {"key": value, "label": str(label), "count": found.get(value, 0)}
        for value, label in choices
    ]


def benefits(outcomes: QuerySet) -> dict:
    """Realisation across the portfolio, and cash-releasing £ benefits realised vs planned."""
    measurable = outcomes.filter(
        baseline_value__isnull=False, target_value__isnull=False
    ).order_by()
    # Cash-releasing benefits count in money only when measured in pounds.
    cash = {"benefit_type": BenefitType.CASH_RELEASING, "unit__in": MONEY_UNITS}

    def total(expression, **conditions):
        return Coalesce(
            Sum(
                ExpressionWrapper(expression, output_field=_money),
                filter=Q(**cash, **conditions),
            ),
            ZERO,
            output_field=_money,
        )

    # One query: the realisation figures, and the money planned (the distance from baseline
    # to target, the way the measure should go) and realised so far.
    figures = measurable.aggregate(
        measurable=Count("pk"),
        measured=Count("pk", filter=Q(latest_value__isnull=False)),
        average=Avg("realisation"),
        achieved=Count("pk", filter=Q(realisation__gte=100)),
        up_planned=total(F("target_value") - F("baseline_value"), direction=Direction.INCREASE),
        down_planned=total(F("baseline_value") - F("target_value"), direction=Direction.DECREASE),
        up_realised=total(
            F("latest_value") - F("baseline_value"),
            direction=Direction.INCREASE,
            latest_value__isnull=False,
        ),
        down_realised=total(
            F("baseline_value") - F("latest_value"),
            direction=Direction.DECREASE,
            latest_value__isnull=False,
        ),
    )
    stats = {key: figures[key] for key in ("measurable", "measured", "average", "achieved")}
    by_type = {
        row["benefit_type"]: row
        for row in outcomes.order_by()
        .values("benefit_type")
        .annotate(
            total=Count("pk"),
            measurable=Count(
                "pk", filter=Q(baseline_value__isnull=False, target_value__isnull=False)
            ),
            average=Avg("realisation"),
        )
    }
    stats["by_type"] = [
        {
            "label": str(label),
            "total": by_type.get(value, {}).get("total", 0),
            "measurable": by_type.get(value, {}).get("measurable", 0),
            "average": (
                Decimal(by_type[value]["average"]).quantize(Decimal("0.1"))
                if by_type.get(value, {}).get("average") is not None
                else None
            ),
        }
        for value, label in BenefitType.choices
    ]
    stats["cash_planned"] = figures["up_planned"] + figures["down_planned"]
    stats["cash_realised"] = figures["up_realised"] + figures["down_realised"]
    stats["average"] = (
        Decimal(stats["average"]).quantize(Decimal("0.1")) if stats["average"] is not None else None
    )
    return stats


def portfolio(
    *,
    initiatives: QuerySet,
    outcomes: QuerySet,
    pilots: QuerySet,
    entries: QuerySet,
    funds: QuerySet,
    today: dt.date,
) -> dict:
    """Everything the portfolio dashboard shows, for whichever organisations the querysets hold."""
    # One grouped query serves the total, the flag and the three breakdowns.
    groups = list(
        initiatives.order_by()
        .values("phase", "delivery_confidence", "kind", "has_measurable_outcome")
        .annotate(n=Count("pk"))
    )
    pilot_groups = list(
        pilots.order_by()
        .values("decision")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=overdue_pilots(today)))
    )
    pilot_counts = _tally(
        pilot_groups, "decision", [("", "Awaiting decision"), *PilotDecision.choices]
    )
    money = entries.order_by().aggregate(
        released=Coalesce(
            Sum("amount", filter=Q(kind=EntryKind.RELEASE)), ZERO, output_field=_money
        ),
        deposited=Coalesce(
            Sum("amount", filter=Q(kind=EntryKind.DEPOSIT)), ZERO, output_field=_money
        ),
        allocated=Coalesce(
            Sum("amount", filter=Q(kind=EntryKind.ALLOCATION)), ZERO, output_field=_money
        ),
    )
    money["balance"] = funds.order_by().aggregate(
        b=Coalesce(Sum("balance"), ZERO, output_field=_money)
    )["b"]
    return {
        "total": sum(row["n"] for row in groups),
        "flagged": sum(row["n"] for row in groups if not row["has_measurable_outcome"]),
        "by_phase": _tally(groups, "phase", Phase.choices),
        "by_confidence": _tally(
            groups, "delivery_confidence", [*Confidence.choices, ("", "Not rated")]
        ),
        "by_kind": _tally(groups, "kind", Kind.choices),
        "benefits": benefits(outcomes),
        "pilots": pilot_counts,
        "overdue": sum(row["overdue"] for row in pilot_groups),
        "money": money,
    }


def organisation_portfolio(org, *, today: dt.date) -> dict:
    return portfolio(
        initiatives=Initiative.objects.filter(organisation=org),
        outcomes=Outcome.objects.filter(organisation=org),
        pilots=Pilot.objects.filter(organisation=org),
        entries=FundEntry.objects.filter(organisation=org),
        funds=InnovationFund.objects.filter(organisation=org),
        today=today,
    )


def comparison(organisations: QuerySet, *, today: dt.date) -> list[dict]:
    """One row per organisation with a portfolio: the figures central analysts compare."""
    ids = list(organisations.values_list("pk", flat=True))
    rows: dict[int, dict] = {}
    for row in (
        Initiative.objects.filter(organisation_id__in=ids)
        .order_by()
        .values("organisation_id", "organisation__name", "organisation__slug")
        .annotate(
            total=Count("pk"),
            flagged=Count("pk", filter=Q(has_measurable_outcome=False)),
            live=Count("pk", filter=Q(phase=Phase.LIVE)),
            red=Count(
                "pk", filter=Q(delivery_confidence__in=[Confidence.RED, Confidence.AMBER_RED])
            ),
        )
    ):
        rows[row["organisation_id"]] = {
            "name": row["organisation__name"],
            "slug": row["organisation__slug"],
            "total": row["total"],
            "flagged": row["flagged"],
            "live": row["live"],
            "red": row["red"],
            "realisation": None,
            "pilots": 0,
            "overdue": 0,
            "released": ZERO,
            "allocated": ZERO,
            "balance": ZERO,
        }
    for row in (
        Outcome.objects.filter(organisation_id__in=rows)
        .order_by()
        .values("organisation_id")
        .annotate(avg=Avg("realisation"))
    ):
        if row["avg"] is not None:
            rows[row["organisation_id"]]["realisation"] = Decimal(row["avg"]).quantize(
                Decimal("0.1")
            )
    for row in (
        Pilot.objects.filter(organisation_id__in=rows)
        .order_by()
        .values("organisation_id")
        .annotate(
            n=Count("pk"),
            overdue=Count(
                "pk",
                filter=Q(decision__in=["", PilotDecision.ITERATE], timebox_end__lt=today),
            ),
        )
    ):
        rows[row["organisation_id"]]["pilots"] = row["n"]
        rows[row["organisation_id"]]["overdue"] = row["overdue"]
    for row in (
        FundEntry.objects.filter(organisation_id__in=rows)
        .order_by()
        .values("organisation_id")
        .annotate(
            released=Sum("amount", filter=Q(kind=EntryKind.RELEASE)),
            allocated=Sum("amount", filter=Q(kind=EntryKind.ALLOCATION)),
        )
    ):
        rows[row["organisation_id"]]["released"] = row["released"] or ZERO
        rows[row["organisation_id"]]["allocated"] = row["allocated"] or ZERO
    for org_id, balance in InnovationFund.objects.filter(organisation_id__in=rows).values_list(
        "organisation_id", "balance"
    ):
        rows[org_id]["balance"] = balance
    return sorted(rows.values(), key=lambda r: r["name"])


def ledger(org) -> dict:
    """The fund's balance, its entries, and how long stopped pilots' money took to be reinvested."""
    entries = list(
        FundEntry.objects.filter(organisation=org)
        .select_related("pilot__initiative", "initiative", "created_by")
        .order_by("entry_date", "pk")
    )
    fund = InnovationFund.objects.filter(organisation=org).first()
    matched = reinvestment_fifo(
        [(entry, entry.entry_date, entry.amount, entry.is_inflow) for entry in entries]
    )
    sources = [m for m in matched if m.key.kind == EntryKind.RELEASE]
    days = [m.days_to_first_use for m in sources if m.days_to_first_use is not None]
    return {
        "balance": fund.balance if fund else ZERO,
        "entries": entries,
        "sources": sources,
        "deposits": [m for m in matched if m.key.kind == EntryKind.DEPOSIT],
        "uses": [e for e in entries if e.kind == EntryKind.ALLOCATION],
        "released": sum((e.amount for e in entries if e.kind == EntryKind.RELEASE), ZERO),
        "allocated": sum((e.amount for e in entries if e.kind == EntryKind.ALLOCATION), ZERO),
        "average_days_to_reinvest": round(sum(days) / len(days)) if days else None,
    }


def trajectory(outcome: Outcome, *, limit: int = 500) -> list[dict]:
    """Baseline, then measurements (newest ``limit``), then target: the points of the chart."""
    points = []
    if outcome.baseline_date and outcome.baseline_value is not None:
        points.append(
            {"date": outcome.baseline_date, "value": outcome.baseline_value, "series": "Baseline"}
        )
    measured = list(outcome.measurements.order_by("-date").values("date", "value")[:limit])
    points += [
        {"date": m["date"], "value": m["value"], "series": "Measured"} for m in reversed(measured)
    ]
    if outcome.target_date and outcome.target_value is not None:
        points.append(
            {"date": outcome.target_date, "value": outcome.target_value, "series": "Target"}
        )
    return points


def _page_of(record) -> str | None:
    get_url = getattr(record, "get_absolute_url", None)
    return get_url() if get_url else None


def incoming_links(initiative: Initiative, *, limit: int = 20) -> list[dict]:
    """Records of other pillars that point at this initiative with a foreign key (an AI use
    case serving it, say), found from the model's reverse relations so this app names none.
    Only records of the initiative's organisation are shown."""
    found = []
    for relation in Initiative._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label == Initiative._meta.app_label or relation.multiple is False:
            continue
        if model.__name__.startswith("Historical"):
            continue
        records = model._default_manager.filter(**{relation.field.name: initiative})
        if any(f.name == "organisation" for f in model._meta.get_fields()):
            records = records.filter(organisation_id=initiative.organisation_id)
        # Each as a link when its model says where its page is (get_absolute_url).
        items = [
            {"label": str(record), "href": _page_of(record)}
            for record in records.order_by("pk")[:limit]
        ]
        if items:
            found.append(
                {"kind": str(model._meta.verbose_name_plural).capitalize(), "items": items}
            )
    return found
