"""The scorecard's arithmetic: goalposts, polarity, pillar and overall scores, rank intervals.

Pure Python, no Django, unit-tested with hand-computed cases (tests/test_scoring.py). Built as
the OECD/JRC *Handbook on Constructing Composite Indicators* advises: each raw value is
normalised against fixed goalposts (not against this year's best and worst, so scores are
comparable over time), missing values are never imputed, and the ranking's sensitivity to
the weights is shown as an interval rather than hidden.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

POSITIVE, NEGATIVE = "positive", "negative"
PILLARS = {
    "culture": "Culture",
    "skills": "Skills",
    "outcomes": "Outcomes",
    "commercial": "Commercial",
    "lifecycle": "Technology lifecycle",
    "ai": "AI assurance",
}
OVERALL_THRESHOLD = 2 / 3
MONTE_CARLO_DRAWS = 1000
MONTE_CARLO_SEED = 14  # fixed, so the same data always gives the same intervals
WEIGHT_SPREAD = 0.5  # each weight is multiplied by a uniform draw from [0.5, 1.5]


@dataclass(frozen=True)
class ComponentDefinition:
    code: str
    pillar: str
    name: str
    unit: str
    polarity: str
    lower: float
    upper: float
    weight: float
    formula: str


# Weights give each pillar the same total weight (1), split equally among its components.
DEFAULT_COMPONENTS = [
    ComponentDefinition("C1", "culture", "New ideas supported (CSPS B55)", "%", POSITIVE, 50, 90, 1 / 3,
                        "% of staff agreeing 'I believe I would be supported if I try a new idea, even if it may not work'"),
    ComponentDefinition("C2", "culture", "Safe to challenge (CSPS B46)", "%", POSITIVE, 30, 80, 1 / 3,
                        "% of staff agreeing 'I think it is safe to challenge the way things are done'"),
    ComponentDefinition("C3", "culture", "Change leadership (CSPS B42, B43)", "%", POSITIVE, 15, 65, 1 / 3,
                        "mean of % agreeing change is managed well (B42) and changes are usually for the better (B43)"),
    ComponentDefinition("K1", "skills", "Capability fit", "%", POSITIVE, 40, 100, 1 / 2,
                        "100 × (1 − gap cells / required role-level skill cells)"),
    ComponentDefinition("K2", "skills", "Learning reach", "%", POSITIVE, 10, 90, 1 / 2,
                        "100 × people who completed learning in the last 12 months / active people"),
    ComponentDefinition("O1", "outcomes", "Pilot decision discipline", "%", POSITIVE, 0, 100, 1 / 2,
                        "100 × expired pilot time-boxes decided within 30 days / expired time-boxes"),
    ComponentDefinition("O2", "outcomes", "Benefits evidence", "%", POSITIVE, 0, 100, 1 / 2,
                        "100 × live outcomes with a baseline and a measurement in the last 6 months / live outcomes"),
    ComponentDefinition("M1", "commercial", "Speed (A1 median tender-to-award)", "days", NEGATIVE, 60, 365, 1 / 3,
                        "A1: median days from tender start to award (lower is better)"),
    ComponentDefinition("M2", "commercial", "Market openness", "%", POSITIVE, 40, 100, 1 / 3,
                        "100 − L2 incumbency share (% of awarded value to the previous incumbent)"),
    ComponentDefinition("M3", "commercial", "Renewal readiness", "%", POSITIVE, 0, 100, 1 / 3,
                        "100 × (1 − L6 crunch points / contracts ending within 18 months)"),
    ComponentDefinition("T1", "lifecycle", "Legacy exposure", "%", POSITIVE, 50, 100, 1,
                        "100 × (1 − share of systems, by annual cost when every system has one, red-rated or past end of life)"),
    ComponentDefinition("I1", "ai", "Assurance currency", "%", POSITIVE, 0, 100, 1,
                        "100 × live AI use cases with an in-date approved assessment (and a published transparency record where required) / live use cases"),
]  # fmt: skip
DEFINITIONS = {c.code: c for c in DEFAULT_COMPONENTS}


def default_profile_components() -> list[dict]:
    return [
        {
            "code": c.code,
            "weight": round(c.weight, 4),
            "lower": c.lower,
            "upper": c.upper,
            "polarity": c.polarity,
        }  # fmt: skip
        for c in DEFAULT_COMPONENTS
    ]


def normalise(raw: float | None, lower: float, upper: float, polarity: str) -> float | None:
    """0–100 against fixed goalposts: ``lower`` → 0 and ``upper`` → 100 for positive polarity,
    the other way round for negative; values beyond the goalposts are capped. None stays None."""
    if raw is None:
        return None
    if upper == lower:
        raise ValueError("goalposts must differ")
    fraction = (raw - lower) / (upper - lower)
    if polarity == NEGATIVE:
        fraction = 1 - fraction
    elif polarity != POSITIVE:
        raise ValueError(f"polarity must be {POSITIVE} or {NEGATIVE}, not {polarity!r}")
    return round(100 * min(max(fraction, 0.0), 1.0), 4)


def pillar_score(scores: Iterable[float | None]) -> float | None:
    """Mean of the components that have data; None when none has (never imputed)."""
    present = [s for s in scores if s is not None]
    return round(sum(present) / len(present), 4) if present else None


@dataclass
class Overall:
    score: float | None
    weight_with_data: float  # share 0–1
    reason: str


def overall_score(
    scores: Mapping[str, float | None],
    weights: Mapping[str, float],
    threshold: float = OVERALL_THRESHOLD,
) -> Overall:
    """Weighted mean of the components with data, only when they carry at least ``threshold``
    of the total weight; otherwise no score, and the reason names what is missing."""
    total = sum(w for w in weights.values() if w > 0)
    if total <= 0:
        return Overall(None, 0.0, "No component has any weight in this profile.")
    with_data = {
        c: (score, w) for c, w in weights.items() if w > 0 and (score := scores.get(c)) is not None
    }
    weight_with_data = sum(w for _, w in with_data.values())
    share = weight_with_data / total
    if share + 1e-9 < threshold:
        missing = sorted(c for c, w in weights.items() if w > 0 and c not in with_data)
        return Overall(
            None,
            round(share, 4),
            f"Only {share:.0%} of the weight has data (at least {threshold:.0%} is needed); "
            f"missing: {', '.join(missing)}.",
        )
    value = sum(score * w for score, w in with_data.values()) / weight_with_data
    return Overall(round(value, 4), round(share, 4), "")


def ranks(values: Mapping[int, float]) -> dict[int, int]:
    """Competition ranks, highest first: 1 + how many score strictly higher."""
    ascending = sorted(values.values())
    count = len(ascending)
    return {key: 1 + count - bisect_right(ascending, value) for key, value in values.items()}


def _percentile(sorted_values: list[int], q: float) -> int:
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


def rank_intervals(
    components: Mapping[int, Mapping[str, float | None]],
    weights: Mapping[str, float],
    *,
    draws: int = MONTE_CARLO_DRAWS,
    seed: int = MONTE_CARLO_SEED,
    spread: float = WEIGHT_SPREAD,
) -> dict[int, tuple[int, int]]:
    """5th–95th percentile of each organisation's rank when every weight is multiplied by an
    independent uniform draw from [1 − spread, 1 + spread] (±50 % by default).

    ``components`` maps organisation → component scores; only organisations given are
    ranked (those with an overall score under the profile's own weights). Seeded, so the
    same data always gives the same intervals.
    """
    if not components:
        return {}
    rng = random.Random(seed)  # noqa: S311 - a reproducible simulation, not security
    codes = sorted(c for c, w in weights.items() if w > 0)
    seen: dict[int, list[int]] = {org: [] for org in components}
    for _ in range(draws):
        drawn = {c: weights[c] * rng.uniform(1 - spread, 1 + spread) for c in codes}
        values = {}
        for org, scores in components.items():
            present = [(s, drawn[c]) for c in codes if (s := scores.get(c)) is not None]
            weight = sum(w for _, w in present)
            values[org] = sum(s * w for s, w in present) / weight if weight else 0.0
        for org, rank in ranks(values).items():
            seen[org].append(rank)
    result = {}
    for org, observed in seen.items():
        observed.sort()
        result[org] = (_percentile(observed, 0.05), _percentile(observed, 0.95))
    return result
