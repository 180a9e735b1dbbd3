"""Read each scorecard component's raw value from its pillar, for many organisations at once.

Every reader takes the organisations' ids and the day the figures are read as of, and
returns ``{organisation id: Raw}``; an organisation with nothing to count gets a Raw whose
``raw`` is None and whose ``missing`` says why (never a made-up value). The formulas are in
scoring.DEFAULT_COMPONENTS and docs/user-guide/capacity.md.

Capacity reads the pillars (their selectors and pre-computed tables where they have them);
no pillar imports capacity.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Q
from django.utils import timezone

from smarterstate.ai.models import AssessmentStatus, RecordStatus, TransparencyRecord, UseCase
from smarterstate.ai.models import Phase as AIPhase
from smarterstate.commercial import selectors as commercial_selectors
from smarterstate.commercial.indicators.rules import DEFAULT_LEAD_TIME_MONTHS, lead_time_window
from smarterstate.commercial.models import Contract, IndicatorValue
from smarterstate.lifecycle import selectors as lifecycle_selectors
from smarterstate.lifecycle.models import System
from smarterstate.outcomes.models import Outcome, Phase, Pilot
from smarterstate.skills.models import GapSummary, Person, TrainingRecord, TrainingStatus

from .models import SurveyResult

LIVE_AI_PHASES = (AIPhase.PRIVATE_BETA, AIPhase.PUBLIC_BETA, AIPhase.PRODUCTION)
# A transparency record is required for tools the public meets or is affected by in live use
# (public beta and production); see docs/user-guide/capacity.md.
RECORD_REQUIRED_PHASES = (AIPhase.PUBLIC_BETA, AIPhase.PRODUCTION)
DECISION_DAYS = 30
MEASUREMENT_DAYS = 183  # "the last 6 months"
LEARNING_DAYS = 365


@dataclass
class Raw:
    raw: float | None
    source: str
    covered: int | None = None
    eligible: int | None = None
    as_of: dt.date | None = None
    source_code: str = ""
    missing: str = ""


def _pct(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 4) if whole else None


# -- culture: the people survey -----------------------------------------------------------


class SurveyValue(NamedTuple):
    year: int
    code: str  # the published question code, e.g. B55
    value: float | None
    status: str  # value, suppressed, not-asked
    survey_code: str  # the survey's organisation code


def survey_values(org_ids, measure: str, as_of: dt.date) -> dict[int, SurveyValue]:
    """Each organisation's latest published score for a measure in a survey year up to as_of's
    year. Organisations rows only (not groups or benchmarks)."""
    rows = (
        SurveyResult.objects.filter(
            measure_id=measure,
            year__lte=as_of.year,
            survey_organisation__organisation_id__in=org_ids,
            survey_organisation__kind="organisation",
        )
        .order_by("survey_organisation__organisation_id", "-year", "survey_organisation__code")
        .values_list(
            "survey_organisation__organisation_id",
            "year",
            "code",
            "value",
            "status",
            "survey_organisation__code",
        )  # fmt: skip
    )
    latest: dict[int, SurveyValue] = {}
    for org_id, year, code, value, status, survey_code in rows:
        if org_id is not None and org_id not in latest:
            latest[org_id] = SurveyValue(year, code, value, status, survey_code)
    return latest


def _survey_raw(org_ids, measures: list[str], as_of: dt.date, name: str) -> dict[int, Raw]:
    found = [survey_values(org_ids, m, as_of) for m in measures]
    mapped = set(
        SurveyResult.objects.filter(survey_organisation__organisation_id__in=org_ids)
        .values_list("survey_organisation__organisation_id", flat=True)
        .distinct()
    )
    out = {}
    for org_id in org_ids:
        if org_id not in mapped:
            out[org_id] = Raw(None, "Civil Service People Survey", missing=(
                "No survey results are mapped to this organisation (a platform administrator "
                "maps survey rows on the people survey mapping page)."))  # fmt: skip
            continue
        entries = [e for f in found if (e := f.get(org_id)) is not None]
        if len(entries) < len(found):
            out[org_id] = Raw(None, "Civil Service People Survey",
                              missing=f"The survey has not published {name} for this organisation.")  # fmt: skip
            continue
        years = {e.year for e in entries}
        year = max(years)
        codes = "+".join(e.code for e in entries)
        source = f"Civil Service People Survey {year}, {codes} ({entries[0].survey_code})"
        values = [e.value for e in entries if e.value is not None]
        if len(years) > 1 or len(values) < len(entries):
            reason = (
                "suppressed ([c]: too few responses)"
                if any(e.status == "suppressed" for e in entries)
                else "not asked"
            )
            out[org_id] = Raw(None, source, as_of=dt.date(year, 10, 31), source_code=codes,
                              missing=f"The {year} score is {reason}.")  # fmt: skip
            continue
        value = sum(values) / len(values)
        out[org_id] = Raw(round(value, 4), source, covered=1, eligible=1,
                          as_of=dt.date(year, 10, 31), source_code=codes)  # fmt: skip
    return out


def culture(org_ids, as_of):
    return {
        "C1": _survey_raw(org_ids, ["cul.try_new_ideas"], as_of, "B55"),
        "C2": _survey_raw(org_ids, ["lmc.safe_to_challenge"], as_of, "B46"),
        "C3": _survey_raw(
            org_ids, ["lmc.change_managed_well", "lmc.change_for_better"], as_of, "B42 and B43"
        ),
    }


def engagement(org_ids, as_of) -> dict[int, tuple[float | None, int]]:
    return {
        org_id: (found.value, found.year)
        for org_id, found in survey_values(org_ids, "000.engagement_index", as_of).items()
    }


# -- skills ---------------------------------------------------------------------------------


def skills(org_ids, as_of):
    since = as_of - dt.timedelta(days=LEARNING_DAYS)
    people_rows = {
        row["organisation_id"]: row
        for row in Person.objects.filter(organisation_id__in=org_ids, active=True)
        .values("organisation_id")
        .annotate(n=Count("pk"), with_role=Count("pk", filter=Q(role_level__isnull=False)))
        .order_by()
    }
    # One scan of the training records for both counts (people with any record, and people
    # who completed something in the 12 months), not one scan each.
    records = {
        row["organisation_id"]: row
        for row in TrainingRecord.objects.filter(organisation_id__in=org_ids, person__active=True)
        .values("organisation_id")
        .annotate(
            recorded=Count("person_id", distinct=True),
            learned=Count(
                "person_id",
                distinct=True,
                filter=Q(
                    status=TrainingStatus.COMPLETED, completed_on__gt=since, completed_on__lte=as_of
                ),
            ),
        )  # fmt: skip
        .order_by()
    }
    active = {org_id: row["n"] for org_id, row in people_rows.items()}
    with_role = {org_id: row["with_role"] for org_id, row in people_rows.items()}
    with_records = {org_id: row["recorded"] for org_id, row in records.items()}
    learners = {org_id: row["learned"] for org_id, row in records.items()}
    gaps = {
        row.organisation_id: row
        for row in GapSummary.objects.filter(organisation_id__in=org_ids, dimension="all")
    }
    k1, k2 = {}, {}
    for org_id in org_ids:
        people = active.get(org_id, 0)
        gap = gaps.get(org_id)
        if not people:
            k1[org_id] = Raw(
                None,
                "Skills: people",
                missing="No active people are loaded (import people in Skills).",
            )
            k2[org_id] = Raw(
                None,
                "Skills: training records",
                missing="No active people are loaded (import people in Skills).",
            )
            continue  # fmt: skip
        if gap is None or not gap.required:
            k1[org_id] = Raw(None, "Skills: gap analysis", covered=with_role.get(org_id, 0), eligible=people,
                             missing="No required role-level skills: give people role levels, or the framework requirements.")  # fmt: skip
        else:
            k1[org_id] = Raw(
                _pct(gap.met, gap.required), f"Skills gap analysis: {gap.required - gap.met:,} gap cells of {gap.required:,} required",
                covered=with_role.get(org_id, 0), eligible=people, as_of=as_of,
            )  # fmt: skip
        recorded = with_records.get(org_id, 0)
        if not recorded:
            k2[org_id] = Raw(None, "Skills: training records", covered=0, eligible=people,
                             missing="No training records are loaded for this organisation's people.")  # fmt: skip
        else:
            k2[org_id] = Raw(
                _pct(learners.get(org_id, 0), people),
                f"Skills: {learners.get(org_id, 0):,} of {people:,} active people completed learning in 12 months",
                covered=recorded, eligible=people, as_of=as_of,
            )  # fmt: skip
    return {"K1": k1, "K2": k2}


# -- outcomes -------------------------------------------------------------------------------


def outcomes(org_ids, as_of):
    cutoff = as_of - dt.timedelta(days=DECISION_DAYS)
    expired = defaultdict(lambda: [0, 0])
    for org_id, end, decision, decided_on in Pilot.objects.filter(
        organisation_id__in=org_ids, timebox_end__lt=cutoff
    ).values_list("organisation_id", "timebox_end", "decision", "decided_on"):
        expired[org_id][1] += 1
        if (
            decision
            and decision != "iterate"
            and decided_on
            and decided_on <= end + dt.timedelta(days=DECISION_DAYS)
        ):
            expired[org_id][0] += 1
    since = as_of - dt.timedelta(days=MEASUREMENT_DAYS)
    live = defaultdict(lambda: [0, 0])
    for org_id, baseline, latest in Outcome.objects.filter(
        organisation_id__in=org_ids, initiative__phase=Phase.LIVE
    ).values_list("organisation_id", "baseline_value", "latest_date"):
        live[org_id][1] += 1
        if baseline is not None and latest is not None and since < latest <= as_of:
            live[org_id][0] += 1
    initiatives = defaultdict(lambda: [0, 0])
    from smarterstate.outcomes.models import Initiative

    for org_id, outcome_count in (
        Initiative.objects.filter(organisation_id__in=org_ids, phase=Phase.LIVE)
        .annotate(n=Count("outcomes"))
        .values_list("organisation_id", "n")
    ):
        initiatives[org_id][1] += 1
        initiatives[org_id][0] += outcome_count > 0
    o1, o2 = {}, {}
    for org_id in org_ids:
        decided, total = expired.get(org_id, (0, 0))
        o1[org_id] = (
            Raw(_pct(decided, total), f"Outcomes: {decided} of {total} expired pilot time-boxes decided within {DECISION_DAYS} days",
                covered=total, eligible=total, as_of=as_of)
            if total else
            Raw(None, "Outcomes: pilots", missing=f"No pilot time-box ended more than {DECISION_DAYS} days ago.")
        )  # fmt: skip
        evidenced, outcomes_live = live.get(org_id, (0, 0))
        with_outcome, live_initiatives = initiatives.get(org_id, (0, 0))
        o2[org_id] = (
            Raw(_pct(evidenced, outcomes_live),
                f"Outcomes: {evidenced} of {outcomes_live} live outcomes with a baseline and a measurement in 6 months",
                covered=with_outcome, eligible=live_initiatives, as_of=as_of)
            if outcomes_live else
            Raw(None, "Outcomes: live services", covered=with_outcome, eligible=live_initiatives,
                missing="No live initiative has an outcome recorded." if live_initiatives else "No initiative is live.")
        )  # fmt: skip
    return {"O1": o1, "O2": o2}


# -- commercial -----------------------------------------------------------------------------


def _indicator(org_ids, code: str, as_of: dt.date) -> dict[int, IndicatorValue]:
    """The latest rolling-12-month value up to as_of, else the financial year's."""
    found: dict[int, IndicatorValue] = {}
    values = IndicatorValue.objects.filter(
        scope_kind="organisation", organisation_id__in=org_ids, code=code,
        period_end__lte=as_of + dt.timedelta(days=1),
    ).order_by("organisation_id", "-period_kind", "-period_end")  # fmt: skip
    for value in values:  # "r12" sorts before "fy" when descending
        if value.organisation_id is not None:  # filtered on: never null
            found.setdefault(value.organisation_id, value)
    return found


def commercial(org_ids, as_of):
    a1, l2 = _indicator(org_ids, "A1", as_of), _indicator(org_ids, "L2", as_of)
    start, end = lead_time_window(as_of, DEFAULT_LEAD_TIME_MONTHS, timezone.get_current_timezone())
    ending = dict(
        Contract.objects.filter(process__organisation_id__in=org_ids, period_end__gte=start, period_end__lt=end)
        .values("process__organisation_id").annotate(n=Count("pk")).order_by()
        .values_list("process__organisation_id", "n")
    )  # fmt: skip
    crunch = dict(
        commercial_selectors.crunch_points(today=as_of)
        .filter(process__organisation_id__in=org_ids)
        .values("process__organisation_id").annotate(n=Count("pk")).order_by()
        .values_list("process__organisation_id", "n")
    )  # fmt: skip
    m1, m2, m3 = {}, {}, {}
    for org_id in org_ids:
        value = a1.get(org_id)
        if value is None or value.value is None:
            m1[org_id] = Raw(None, "Commercial: A1", covered=value.covered if value else None,
                             eligible=value.total if value else None,
                             missing="No awarded process with a tender start date in the period (or no OCDS buyer mapped).")  # fmt: skip
        else:
            m1[org_id] = Raw(round(value.value, 4), f"Commercial A1, {value.period_label}", value.covered,
                             value.total, value.period_end - dt.timedelta(days=1))  # fmt: skip
        value = l2.get(org_id)
        if value is None or value.value is None:
            m2[org_id] = Raw(None, "Commercial: L2", covered=value.covered if value else None,
                             eligible=value.total if value else None,
                             missing="No awarded value with a known previous incumbent in the period.")  # fmt: skip
        else:
            m2[org_id] = Raw(round(100 - value.value, 4), f"Commercial L2, {value.period_label}",
                             value.covered, value.total, value.period_end - dt.timedelta(days=1))  # fmt: skip
        total = ending.get(org_id, 0)
        if not total:
            m3[org_id] = Raw(None, "Commercial: L6", missing="No contract ends within 18 months.")
        else:
            points = crunch.get(org_id, 0)
            m3[org_id] = Raw(_pct(total - points, total),
                             f"Commercial L6: {points} crunch point(s) of {total} contracts ending within 18 months",
                             covered=total, eligible=total, as_of=as_of)  # fmt: skip
    return {"M1": m1, "M2": m2, "M3": m3}


# -- technology lifecycle -------------------------------------------------------------------


Estates = dict[tuple[int, dt.date], lifecycle_selectors.Estate]


def estate_of(org, day: dt.date, estates: Estates | None = None) -> lifecycle_selectors.Estate:
    """The organisation's lifecycle estate on a day, read once per refresh when ``estates`` is
    given (the scorecard's T1 and the radar's end-of-life items both need it)."""
    if estates is None:
        return lifecycle_selectors.estate_on(org, day)
    if (org.pk, day) not in estates:
        estates[(org.pk, day)] = lifecycle_selectors.estate_on(org, day)
    return estates[(org.pk, day)]


def lifecycle(org_ids, as_of, organisations, estates: Estates | None = None):
    systems = defaultdict(list)
    for row in System.objects.filter(organisation_id__in=org_ids).values(
        "pk", "organisation_id", "annual_cost", "red_rated", "end_of_life_date", "risk_score"
    ):
        systems[row["organisation_id"]].append(row)
    t1 = {}
    for org in organisations:
        rows = systems.get(org.pk, [])
        if not rows:
            t1[org.pk] = Raw(
                None, "Lifecycle: systems register", missing="No systems are registered."
            )
            continue
        estate = estate_of(org, as_of, estates)
        exposed_cost = known_cost = 0.0
        exposed = covered = 0
        every_cost_known = all(r["annual_cost"] is not None for r in rows)
        for row in rows:
            summary = estate.systems.get(row["pk"])
            past_eol = (summary is not None and summary.worst == "eol") or (
                row["end_of_life_date"] is not None and row["end_of_life_date"] <= as_of
            )
            is_exposed = row["red_rated"] or past_eol
            exposed += is_exposed
            covered += bool(
                (summary and summary.components)
                or row["risk_score"] is not None
                or row["end_of_life_date"]
            )
            cost = row["annual_cost"]
            if every_cost_known and cost is not None:
                known_cost += float(cost)
                exposed_cost += float(cost) if is_exposed else 0.0
        # The shares' wholes are never 0 here (a known cost above 0, at least one system).
        if every_cost_known and known_cost > 0:
            raw = 100 - (_pct(exposed_cost, known_cost) or 0.0)
            how = f"£{exposed_cost:,.0f} of £{known_cost:,.0f} annual cost"
        else:
            raw = 100 - (_pct(exposed, len(rows)) or 0.0)
            how = f"{exposed} of {len(rows)} systems"
        t1[org.pk] = Raw(round(raw, 4), f"Lifecycle: {how} red-rated or past end of life",
                         covered=covered, eligible=len(rows), as_of=as_of)  # fmt: skip
    return {"T1": t1}


# -- AI assurance ---------------------------------------------------------------------------


def ai(org_ids, as_of):
    live = list(
        UseCase.objects.filter(organisation_id__in=org_ids, phase__in=LIVE_AI_PHASES).values(
            "pk", "organisation_id", "phase"
        )
    )
    ids = [u["pk"] for u in live]
    from smarterstate.ai.models import Assessment

    approved = set(
        Assessment.objects.filter(use_case_id__in=ids, status=AssessmentStatus.APPROVED)
        .filter(Q(review_date__isnull=True) | Q(review_date__gte=as_of))
        .values_list("use_case_id", flat=True)
    )
    assessed = set(
        Assessment.objects.filter(use_case_id__in=ids).values_list("use_case_id", flat=True)
    )
    published = set(
        TransparencyRecord.objects.filter(
            use_case_id__in=ids, status=RecordStatus.PUBLISHED
        ).values_list("use_case_id", flat=True)
    )
    counts = defaultdict(lambda: [0, 0, 0])
    for case in live:
        entry = counts[case["organisation_id"]]
        entry[1] += 1
        entry[2] += case["pk"] in assessed
        needs_record = case["phase"] in RECORD_REQUIRED_PHASES
        entry[0] += case["pk"] in approved and (not needs_record or case["pk"] in published)
    i1 = {}
    for org_id in org_ids:
        assured, total, with_assessment = counts.get(org_id, (0, 0, 0))
        i1[org_id] = (
            Raw(_pct(assured, total), f"AI: {assured} of {total} live use cases assured and in date",
                covered=with_assessment, eligible=total, as_of=as_of)
            if total else Raw(None, "AI: use-case register", missing="No AI use case is in live use (private beta, public beta or production).")
        )  # fmt: skip
    return {"I1": i1}


def read_all(
    organisations, as_of: dt.date, estates: Estates | None = None
) -> dict[str, dict[int, Raw]]:
    """Every component for every organisation: {code: {organisation id: Raw}}."""
    org_ids = [org.pk for org in organisations]
    result: dict[str, dict[int, Raw]] = {}
    result.update(culture(org_ids, as_of))
    result.update(skills(org_ids, as_of))
    result.update(outcomes(org_ids, as_of))
    result.update(commercial(org_ids, as_of))
    result.update(lifecycle(org_ids, as_of, organisations, estates))
    result.update(ai(org_ids, as_of))
    return result
