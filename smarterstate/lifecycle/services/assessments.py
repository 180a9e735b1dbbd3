"""Legacy IT Risk Assessments (LITRAF): proposals for L1 and L2 from data, scoring, history.

L1 (end of life or support) is proposed from the system's components and the catalogue:
6 when a component is past end of life with no extended support left, 5 past end of life
but inside extended support (vendor's or our override), 4 when end of life is within
6 months, 3 within 12 months, 2 when a date is not decided, 1 when all are maintained.
L2 (vendor contract expired) from the linked contracts' end dates: 6 when every linked
contract has ended, 4 when some have, 3 when one ends within 12 months, else 1. With no
components or no linked contracts nothing is proposed. The assessor may change either,
with evidence; the proposal and its reason are kept on the assessment.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from smarterstate.core.dates import add_months

from ..models import IMPACT_CRITERIA, LIKELIHOOD_CRITERIA, Assessment, Component, System
from ..rules import litraf_score, status_on
from ..selectors import lifecycles_on

L1_BY_STATUS = {"eol-3m": 4, "eol-6m": 4, "eol-12m": 3, "undecided": 2, "maintained": 1}
PLAN_FIELDS = ("risk_owner", "legacy_owner", "funding", "remediation_date")
CRITERIA = (*LIKELIHOOD_CRITERIA, *IMPACT_CRITERIA)


def propose_l1(system: System, day: dt.date) -> tuple[int, str] | None:
    components = list(
        Component.objects.filter(system=system, cycle__isnull=False).select_related(
            "cycle__product"
        )
    )
    if not components:
        return None
    lifecycles = lifecycles_on(system.organisation, day, {c.cycle_id for c in components})
    best: tuple[int, str] | None = None
    for component in components:
        lifecycle = lifecycles.get(component.cycle_id)
        if lifecycle is None:
            continue
        status = status_on(lifecycle, day)
        cycle = f"{component.cycle.product.label} {component.cycle.name}"
        if status == "eol":
            extended = lifecycle.eoes_from and lifecycle.eoes_from >= day
            score = 5 if extended else 6
            when = lifecycle.eol_from.isoformat() if lifecycle.eol_from else "an undated day"
            reason = f"{cycle} ({component}) reached end of life on {when}" + (
                f"; extended support until {lifecycle.eoes_from}" if extended else ""
            )
        else:
            score = L1_BY_STATUS[status]
            reason = f"{cycle} ({component}): " + (
                f"end of life on {lifecycle.eol_from}" if lifecycle.eol_from else "no date decided"
            )
        if lifecycle.overridden:
            reason += " (our override)"
        if best is None or score > best[0]:
            best = (score, reason)
    return best


def propose_l2(system: System, day: dt.date) -> tuple[int, str] | None:
    contracts = [c for c in system.contracts.all() if c.period_end is not None]
    if not contracts:
        return None
    ends = sorted((timezone.localdate(c.period_end), c) for c in contracts)
    ended = [(end, c) for end, c in ends if end < day]
    name = lambda c: c.title or c.contract_id  # noqa: E731
    if len(ended) == len(ends):
        end, contract = ended[-1]
        return 6, f"Every linked contract has ended; the last, {name(contract)}, on {end}"
    if ended:
        end, contract = ended[0]
        return 4, f"{name(contract)} ended on {end}"
    end, contract = ends[0]
    if end <= add_months(day, 12):
        return 3, f"{name(contract)} ends on {end}, within 12 months"
    return 1, f"Linked contracts run until at least {end}"


def proposals_for(system: System, day: dt.date | None = None) -> dict[str, list]:
    day = day or timezone.localdate()
    proposals = {}
    for code, propose in (("l1", propose_l1), ("l2", propose_l2)):
        proposal = propose(system, day)
        if proposal:
            proposals[code] = list(proposal)
    return proposals


def _scored(assessment: Assessment) -> Assessment:
    assessment.evidence = {k: v for k, v in (assessment.evidence or {}).items() if v}
    assessment.full_clean(exclude=["likelihood", "impact", "risk"])
    score = litraf_score(
        {c: getattr(assessment, c) for c in LIKELIHOOD_CRITERIA},
        {c: getattr(assessment, c) for c in IMPACT_CRITERIA},
    )
    assessment.likelihood, assessment.impact, assessment.risk = (
        score.likelihood,
        score.impact,
        score.risk,
    )
    assessment.red_rated, assessment.legacy = score.red_rated, score.legacy
    assessment.save()
    return assessment


def _system_takes_latest(system: System) -> None:
    """The system carries the score, flags and remediation date of its newest assessment."""
    latest = system.assessments.order_by("-assessed_on", "-pk").first()
    if latest is None:
        return
    system.risk_score, system.red_rated, system.legacy = (
        latest.risk,
        latest.red_rated,
        latest.legacy,
    )
    system.remediation_date = latest.remediation_date
    system.save(update_fields=["risk_score", "red_rated", "legacy", "remediation_date"])


def _check_data(data: dict) -> None:
    unknown = set(data) - {*CRITERIA, *PLAN_FIELDS, "evidence"}
    if unknown:
        raise TypeError(f"unknown assessment fields: {sorted(unknown)}")


@transaction.atomic
def assessment_create(*, system: System, user, assessed_on: dt.date | None = None, **data):
    """Record an assessment; the system takes its score, flags and remediation date."""
    _check_data(data)
    assessed_on = assessed_on or timezone.localdate()
    assessment = Assessment(
        organisation_id=system.organisation_id,
        system=system,
        assessor=user,
        assessed_on=assessed_on,
        proposals=proposals_for(system, assessed_on),
        **data,
    )
    _scored(assessment)
    _system_takes_latest(system)
    return assessment


@transaction.atomic
def assessment_update(*, assessment: Assessment, assessed_on: dt.date | None = None, **data):
    """Correct an assessment (history keeps the earlier version); scores are worked out again.

    The proposals stay as made on the assessment's date, unless the date changes.
    """
    _check_data(data)
    if "evidence" in data:
        data["evidence"] = {**assessment.evidence, **(data["evidence"] or {})}
    for key, value in data.items():
        setattr(assessment, key, value)
    if assessed_on is not None and assessed_on != assessment.assessed_on:
        assessment.assessed_on = assessed_on
        assessment.proposals = proposals_for(assessment.system, assessed_on)
    _scored(assessment)
    _system_takes_latest(assessment.system)
    return assessment
