"""Scorecards computed from real records of every pillar, checked against hand-computed values."""

import datetime as dt
from decimal import Decimal

import pytest

from smarterstate.capacity.models import (
    ComponentResult,
    ScorecardResult,
    SurveyOrganisation,
    SurveyResult,
)
from smarterstate.capacity.services.profiles import profile_create, profile_current
from smarterstate.capacity.services.scorecard import periods_containing, scorecards_refresh
from smarterstate.commercial.tests.factories import IndicatorValueFactory
from smarterstate.lifecycle.services.register import system_create
from smarterstate.organisations.tests.factories import OrganisationFactory
from smarterstate.outcomes.models import Initiative, Outcome, Pilot
from smarterstate.outcomes.services.pilots import pilot_create
from smarterstate.outcomes.tests import factories as outcome_factories
from smarterstate.skills.models import GapSummary, TrainingRecord
from smarterstate.skills.tests.factories import activity, person

TODAY = dt.date.today()


def survey(org, code: str, year: int, values: dict[str, tuple[str, float | None]]):
    survey_org, _ = SurveyOrganisation.objects.get_or_create(
        code=code, defaults={"name": org.name, "organisation": org}
    )
    for measure, (published, value) in values.items():
        SurveyResult.objects.create(year=year, survey_organisation=survey_org, measure_id=measure,
                                    code=published, value=value,
                                    status="value" if value is not None else "suppressed")  # fmt: skip


def components(org, kind="quarter") -> dict[str, ComponentResult]:
    result = ScorecardResult.objects.get(organisation=org, period_kind=kind)
    return {c.code: c for c in result.components.all()}


@pytest.fixture
def org(db):
    org = OrganisationFactory(name="Department for Work and Pensions", slug="dwp")
    # Culture: C1 74 → 60, C2 55 → 50, C3 mean(30, 40) = 35 → 40.
    survey(org, "DWP", 2022, {"cul.try_new_ideas": ("B55", 60.0)})  # older year: not used
    survey(org, "DWP", 2024, {"cul.try_new_ideas": ("B55", 74.0), "lmc.safe_to_challenge": ("B46", 55.0),
                              "lmc.change_managed_well": ("B42", 30.0), "lmc.change_for_better": ("B43", 40.0),
                              "000.engagement_index": ("EES", 62.5)})  # fmt: skip
    # Skills: K1 = 8 of 10 required cells met = 80 → (80 − 40) / 60 = 66.67.
    people = [person(org, f"P{i}") for i in range(4)]
    gone = person(org, "P9", active=False)
    GapSummary.objects.create(organisation=org, dimension="all", required=10, met=8, gap=3)
    # K2: 2 of 4 active people completed learning in 12 months = 50 → (50 − 10) / 80 = 50.
    course = activity("DATA-1")
    for who, completed in ((people[0], 20), (people[1], 300), (people[2], 500), (gone, 10)):
        TrainingRecord.objects.create(organisation=org, person=who, activity=course, status="completed",
                                      started_on=TODAY - dt.timedelta(days=completed + 5),
                                      completed_on=TODAY - dt.timedelta(days=completed))  # fmt: skip
    # Outcomes O1: time-boxes ended 60, 90 and 40 days ago count; 10 days ago does not yet.
    # Decided within 30 days: only the first → 1 of 3 = 33.33.
    for name, ended, decided_after in (
        ("A", 60, 10),
        ("B", 90, 50),
        ("C", 40, None),
        ("D", 10, None),
    ):
        end = TODAY - dt.timedelta(days=ended)
        pilot = pilot_create(organisation=org, name=f"Pilot {name}", hypothesis="Halves calls.",
                             timebox_start=end - dt.timedelta(days=90), timebox_end=end)  # fmt: skip
        if decided_after is not None:
            Pilot.objects.filter(pk=pilot.pk).update(
                decision="stop", decided_on=pilot.timebox_end + dt.timedelta(days=decided_after)
            )
    # O2: a live service with two outcomes, one with a baseline and a recent measurement → 50.
    service = outcome_factories.initiative(org, name="Claims service")
    Initiative.objects.filter(pk=service.pk).update(phase="live")
    measured = outcome_factories.outcome(service)
    Outcome.objects.filter(pk=measured.pk).update(
        latest_value=Decimal("55"), latest_date=TODAY - dt.timedelta(days=30)
    )
    outcome_factories.outcome(service, measurable=False, name="Calls avoided")
    # Commercial: A1 median 136.25 days → (365 − 136.25) / 305 = 75; L2 30 % → M2 70 → 50.
    period = dict(period_kind="r12", period_label="12m", period_start=TODAY - dt.timedelta(days=364),
                  period_end=TODAY + dt.timedelta(days=1), scope_kind="organisation", buyer=None,
                  organisation=org)  # fmt: skip
    IndicatorValueFactory(code="A1", value=136.25, covered=8, total=10, **period)
    IndicatorValueFactory(code="L2", value=30.0, covered=5, total=10, **period)
    # Lifecycle: £400 of £1,000 annual cost red-rated or past its end of life → 60 → 20.
    system_create(
        organisation=org,
        name="Ledger",
        annual_cost=Decimal("100"),
        end_of_life_date=TODAY - dt.timedelta(days=1),
    )
    red = system_create(organisation=org, name="Mainframe", annual_cost=Decimal("300"))
    type(red).objects.filter(pk=red.pk).update(red_rated=True)
    system_create(organisation=org, name="Portal", annual_cost=Decimal("600"))
    return org


def test_every_component_comes_from_its_pillar_with_raw_value_score_and_coverage(org):
    scorecards_refresh(as_of=TODAY, organisations=[org])
    got = components(org)
    expected = {
        "C1": (74.0, 60.0), "C2": (55.0, 50.0), "C3": (35.0, 40.0),
        "K1": (80.0, 66.6667), "K2": (50.0, 50.0),
        "O1": (33.3333, 33.3333), "O2": (50.0, 50.0),
        "M1": (136.25, 75.0), "M2": (70.0, 50.0),
        "T1": (60.0, 20.0),
    }  # fmt: skip
    for code, (raw, score) in expected.items():
        assert got[code].raw_value == pytest.approx(raw, abs=1e-3), code
        assert got[code].score == pytest.approx(score, abs=1e-3), code
        assert got[code].source and not got[code].missing_reason, code
    assert (got["M1"].polarity, got["M1"].lower, got["M1"].upper) == ("negative", 60, 365)
    assert (got["M1"].covered, got["M1"].eligible) == (8, 10)
    assert (got["K2"].covered, got["K2"].eligible) == (3, 4)  # active people with any record
    assert (got["T1"].covered, got["T1"].eligible) == (1, 3)  # only the ledger has a lifecycle fact
    assert got["C1"].source_code == "B55" and got["C1"].as_of == dt.date(2024, 10, 31)
    # Missing, with why, and never a number.
    assert got["M3"].raw_value is None and got["M3"].score is None
    assert got["M3"].missing_reason == "No contract ends within 18 months."
    assert got["I1"].score is None and "No AI use case is in live use" in got["I1"].missing_reason


def test_pillar_and_overall_scores_follow_the_rules(org):
    scorecards_refresh(as_of=TODAY, organisations=[org])
    result = ScorecardResult.objects.get(organisation=org, period_kind="quarter")
    pillars = result.pillars
    assert pillars["culture"]["score"] == pytest.approx(50)
    assert pillars["skills"]["score"] == pytest.approx(58.3333, abs=1e-3)
    assert pillars["commercial"]["score"] == pytest.approx(62.5)  # mean of M1 and M2; M3 missing
    assert (pillars["commercial"]["with_data"], pillars["commercial"]["components"]) == (2, 3)
    assert pillars["ai"]["score"] is None
    # Weight with data: 6 pillars of weight 1, AI missing and a third of commercial = 4.6667 / 6.
    assert result.weight_with_data == pytest.approx(4.6667 / 6, abs=1e-3)
    # Overall: (50 + 58.3333 + 41.6667 + 41.6667 + 20) / 4.6667 = 45.357.
    assert result.overall == pytest.approx(45.357, abs=1e-2)
    assert result.engagement_index == 62.5 and result.engagement_year == 2024
    assert result.profile == profile_current() and result.rank == 1 and result.ranked == 1


def test_without_two_thirds_of_the_weight_there_is_no_overall_score(org):
    thin = OrganisationFactory(name="HM Revenue & Customs", slug="hmrc")
    survey(thin, "HMRC", 2024, {"cul.try_new_ideas": ("B55", 80.0), "lmc.safe_to_challenge": ("B46", 60.0),
                                "lmc.change_managed_well": ("B42", None), "lmc.change_for_better": ("B43", 40.0)})  # fmt: skip
    scorecards_refresh(as_of=TODAY, organisations=[org, thin])
    result = ScorecardResult.objects.get(organisation=thin, period_kind="quarter")
    assert result.overall is None and result.rank is None
    assert result.weight_with_data == pytest.approx(2 / 3 / 6, abs=1e-3)  # C1 and C2 only
    assert result.overall_reason.startswith("Only 11% of the weight has data")
    c3 = components(thin)["C3"]
    assert (
        c3.score is None
        and c3.missing_reason == "The 2024 score is suppressed ([c]: too few responses)."
    )
    assert result.pillars["culture"]["score"] == pytest.approx(
        ((80 - 50) / 40 * 100 + (60 - 30) / 50 * 100) / 2
    )
    # The ranked organisation is ranked among those with a score only.
    assert ScorecardResult.objects.get(organisation=org, period_kind="quarter").ranked == 1


def test_a_new_profile_version_never_rewrites_closed_periods_and_marks_the_break(org, superuser):
    last_quarter = periods_containing(TODAY)[0].start - dt.timedelta(days=1)
    scorecards_refresh(as_of=last_quarter, organisations=[org])
    old = ScorecardResult.objects.get(organisation=org, period_kind="quarter", period_start__lte=last_quarter,
                                      period_end__gt=last_quarter)  # fmt: skip
    first = profile_current()
    changed = [{**c, "weight": 0} if c["code"] == "T1" else c for c in first.components]
    second = profile_create(
        components=changed, name=first.name, notes="Lifecycle weighed nothing.", user=superuser
    )
    scorecards_refresh(as_of=TODAY, organisations=[org])
    old.refresh_from_db()
    assert old.profile == first
    current = ScorecardResult.objects.get(
        organisation=org, period_kind="quarter", period_start__gt=last_quarter
    )
    assert current.profile == second
    assert current.breaks == ["Method changed: profile version 1 → 2 (Lifecycle weighed nothing.)"]
    assert current.overall == pytest.approx((50 + 58.3333 + 41.6667 + 41.6667) / 3.6667, abs=1e-2)


def test_a_renumbered_survey_question_is_a_series_break(db):
    org = OrganisationFactory(name="Home Office", slug="home-office")
    survey(org, "HO", 2016, {"cul.try_new_ideas": ("B59", 70.0)})
    survey(org, "HO", 2024, {"cul.try_new_ideas": ("B55", 72.0)})
    scorecards_refresh(as_of=dt.date(2017, 1, 15), organisations=[org])
    scorecards_refresh(as_of=TODAY, organisations=[org])
    current = (
        ScorecardResult.objects.filter(organisation=org, period_kind="quarter")
        .order_by("-period_start")
        .first()
    )
    assert "C1: survey question changed from B59 to B55" in current.breaks
