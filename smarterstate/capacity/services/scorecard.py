"""Compute and store scorecards: per organisation, per period (quarter and financial year).

Run by the refresh (after imports and daily), never on a request. Only the periods that
contain ``as_of`` are (re)computed: closed periods keep the figures and the profile version
they were computed with, so changing the profile never rewrites old figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from smarterstate.organisations.models import Organisation

from .. import components as readers
from ..models import ComponentResult, PeriodKind, ScorecardProfile, ScorecardResult
from ..scoring import (
    DEFINITIONS,
    PILLARS,
    normalise,
    overall_score,
    pillar_score,
    rank_intervals,
    ranks,
)
from .profiles import profile_current


@dataclass(frozen=True)
class Period:
    kind: str
    label: str
    start: dt.date
    end: dt.date  # exclusive


def financial_year_start(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def periods_containing(day: dt.date) -> list[Period]:
    """The financial quarter (Q1 = April–June) and the financial year that contain ``day``."""
    fy = financial_year_start(day)
    label = f"{fy}-{(fy + 1) % 100:02d}"
    months_in = (day.month - 4) % 12
    quarter = months_in // 3
    start_month = 4 + quarter * 3
    start = dt.date(fy + (start_month - 1) // 12, (start_month - 1) % 12 + 1, 1)
    end_month = start_month + 3
    end = dt.date(fy + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    return [
        Period(PeriodKind.QUARTER, f"{label} Q{quarter + 1}", start, end),
        Period(PeriodKind.FINANCIAL_YEAR, label, dt.date(fy, 4, 1), dt.date(fy + 1, 4, 1)),
    ]


def _pillars(scores: dict[str, float | None], profile: ScorecardProfile, raws) -> dict:
    result = {}
    for pillar, label in PILLARS.items():
        codes = [
            c["code"]
            for c in profile.components
            if DEFINITIONS[c["code"]].pillar == pillar and c["weight"] > 0
        ]
        with_data = [c for c in codes if scores.get(c) is not None]
        result[pillar] = {
            "label": label,
            "score": pillar_score(scores.get(c) for c in codes),
            "components": len(codes),
            "with_data": len(with_data),
            "missing": {c: raws[c].missing for c in codes if c not in with_data},
        }  # fmt: skip
    return result


def _breaks(
    result: ScorecardResult, previous: ScorecardResult | None, codes: dict[str, str]
) -> list[str]:
    if previous is None:
        return []
    notes = []
    if previous.profile_id != result.profile_id:
        notes.append(
            f"Method changed: profile version {previous.profile.version} → {result.profile.version}"
            f" ({result.profile.notes})"
        )
    before = dict(previous.components.values_list("code", "source_code"))
    for code, source_code in sorted(codes.items()):
        if source_code and before.get(code) and before[code] != source_code:
            notes.append(f"{code}: survey question changed from {before[code]} to {source_code}")
    return notes


@transaction.atomic
def scorecards_refresh(
    *, as_of: dt.date, organisations=None, estates: readers.Estates | None = None
) -> dict:
    """Compute every organisation's scorecard for the periods containing ``as_of``.

    ``estates`` keeps the lifecycle estates read, for the radar of the same refresh."""
    profile = profile_current()
    organisations = list(organisations if organisations is not None else Organisation.objects.all())
    raws = readers.read_all(organisations, as_of, estates)
    engagement = readers.engagement([o.pk for o in organisations], as_of)
    weights = {c["code"]: c["weight"] for c in profile.components}
    stored = 0
    simulated: dict = {}  # the quarter and the year usually share their scores
    for period in periods_containing(as_of):
        scored: dict[int, dict[str, float | None]] = {}
        results: dict[int, ScorecardResult] = {}
        for org in organisations:
            scores, rows, codes = {}, [], {}
            for entry in profile.components:
                code = entry["code"]
                raw = raws[code][org.pk]
                score = normalise(raw.raw, entry["lower"], entry["upper"], entry["polarity"])
                scores[code] = score if entry["weight"] > 0 else None
                codes[code] = raw.source_code
                rows.append(
                    ComponentResult(
                        organisation=org, code=code, pillar=DEFINITIONS[code].pillar,
                        raw_value=raw.raw, unit=DEFINITIONS[code].unit, polarity=entry["polarity"],
                        lower=entry["lower"], upper=entry["upper"], weight=entry["weight"],
                        score=score, covered=raw.covered, eligible=raw.eligible, as_of=raw.as_of,
                        source=raw.source[:300], source_code=raw.source_code[:40],
                        missing_reason=raw.missing[:300],
                    )
                )  # fmt: skip
            overall = overall_score(scores, weights, profile.overall_threshold)
            value, year = engagement.get(org.pk, (None, None))
            result, _ = ScorecardResult.objects.update_or_create(
                organisation=org, period_kind=period.kind, period_start=period.start,
                defaults={
                    "period_label": period.label, "period_end": period.end, "as_of": as_of,
                    "profile": profile, "overall": overall.score, "overall_reason": overall.reason,
                    "weight_with_data": overall.weight_with_data,
                    "pillars": _pillars(scores, profile, {c: raws[c][org.pk] for c in weights}),
                    "engagement_index": value, "engagement_year": year,
                    "rank": None, "rank_low": None, "rank_high": None, "ranked": None,
                },
            )  # fmt: skip
            previous = (
                ScorecardResult.objects.filter(organisation=org, period_kind=period.kind, period_start__lt=period.start)
                .select_related("profile").order_by("-period_start").first()
            )  # fmt: skip
            result.breaks = _breaks(result, previous, codes)
            result.save(update_fields=["breaks"])
            result.components.all().delete()
            for row in rows:
                row.result = result
            ComponentResult.objects.bulk_create(rows)
            results[org.pk] = result
            if overall.score is not None:
                scored[org.pk] = scores
            stored += 1
        _rank(results, scored, weights, simulated)
    return {"scorecards": stored, "organisations": len(organisations)}


def _rank(
    results: dict[int, ScorecardResult], scored: dict[int, dict], weights: dict, simulated: dict
) -> None:
    """Ranks and rank intervals. ``simulated`` keeps the last Monte Carlo run: the same scores
    and weights give the same (seeded) intervals, so a second period with them reuses it."""
    # Only organisations with an overall score are in ``scored``.
    base = {org: overall for org in scored if (overall := results[org].overall) is not None}
    base_ranks = ranks(base)
    if simulated.get("inputs") == (scored, weights):
        intervals = simulated["intervals"]
    else:
        intervals = rank_intervals(scored, weights)
        simulated.update(inputs=(scored, weights), intervals=intervals)
    for org, rank in base_ranks.items():
        result = results[org]
        result.rank, (result.rank_low, result.rank_high) = rank, intervals[org]
        result.ranked = len(base_ranks)
    ScorecardResult.objects.bulk_update(
        [results[org] for org in base_ranks], ["rank", "rank_low", "rank_high", "ranked"]
    )
