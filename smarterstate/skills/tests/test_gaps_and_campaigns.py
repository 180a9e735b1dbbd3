import datetime as dt

import pytest

from smarterstate.skills import selectors
from smarterstate.skills.models import CampaignDay, CampaignStat, GapCell, TrainingRecord
from smarterstate.skills.services.campaigns import campaign_refresh
from smarterstate.skills.services.gaps import gaps_refresh, person_gaps
from smarterstate.skills.services.people import assessment_record

from . import factories


@pytest.fixture
def setup(org_a):
    ddat = factories.framework(None, "ddat")
    python = factories.skill(ddat, "Programming")
    level = factories.role_level(ddat, role="Developer", name="Senior developer")
    factories.require(level, python, 3)
    own = factories.framework(org_a, "all-staff", applies_to_all_staff=True)
    literacy = factories.skill(own, "Data literacy", baseline_level=2)
    dev = factories.person(org_a, "D1", role_level=level, team="Platform", grade="SEO")
    clerk = factories.person(org_a, "C1", team="Benefits", grade="AO", profession="Operations")
    return {"python": python, "literacy": literacy, "dev": dev, "clerk": clerk}


@pytest.mark.django_db
def test_required_levels_come_from_role_level_and_all_staff_frameworks(org_a, setup):
    gaps = {row["skill"].name: row for row in person_gaps(setup["dev"])}
    # Nothing assessed yet: required, but not assessed and no gap.
    assert {name: (r["required"], r["assessed"], r["gap"]) for name, r in gaps.items()} == {
        "Programming": (3, None, None),
        "Data literacy": (2, None, None),
    }
    assert [row["skill"].name for row in person_gaps(setup["clerk"])] == ["Data literacy"]


@pytest.mark.django_db
def test_the_managers_assessment_wins_and_completed_learning_is_evidence(org_a, setup):
    dev, python, literacy = setup["dev"], setup["python"], setup["literacy"]
    assessment_record(
        person=dev, skill=python, kind="self", level=4, assessed_on=dt.date(2024, 1, 1)
    )
    assessment_record(
        person=dev, skill=python, kind="manager", level=2, assessed_on=dt.date(2024, 1, 2)
    )
    course = factories.activity("LIT", skills=[(literacy, 2)])
    TrainingRecord.objects.create(organisation=org_a, person=dev, activity=course, status="completed",
                                  started_on=dt.date(2024, 1, 1), completed_on=dt.date(2024, 1, 3))  # fmt: skip
    gaps = {row["skill"].name: row for row in person_gaps(dev)}
    assert (gaps["Programming"]["assessed"], gaps["Programming"]["gap"]) == (2, 1)
    assert gaps["Data literacy"]["gap"] == 0
    gaps_refresh(organisation=org_a)
    cells = {
        (c.team, c.skill.name): (c.required, c.assessed, c.met, c.gap)
        for c in GapCell.objects.all()
    }
    assert cells == {
        ("Platform", "Programming"): (1, 1, 0, 1),
        ("Platform", "Data literacy"): (1, 1, 1, 0),
        ("Benefits", "Data literacy"): (1, 0, 0, 0),  # the clerk is not assessed: no gap
    }
    assert selectors.gap_summary(org_a) == {
        "required": 3, "assessed": 2, "not_assessed": 1, "met": 1, "below": 1, "gap": 1,
        "assessed_share": 66.7, "coverage": 50.0,
    }  # fmt: skip
    assert [r["value"] for r in selectors.gaps_by(org_a, "grade")] == ["AO", "SEO"]
    assert selectors.largest_gaps(org_a)[0]["skill_name"] == "Programming"
    skills, teams, rows = selectors.heat_map(org_a)
    assert set(teams) == {"Platform", "Benefits"} and len(rows) == 3


@pytest.mark.django_db
def test_unassessed_skills_are_not_gaps_and_assessed_share_is_its_own_measure(org_a, setup):
    """Issue 16 item 8: people required but not assessed are apart from people assessed below."""
    dev, clerk, literacy = setup["dev"], setup["clerk"], setup["literacy"]
    gaps_refresh(organisation=org_a)
    nobody = selectors.gap_summary(org_a)
    assert (nobody["required"], nobody["assessed"], nobody["gap"]) == (3, 0, 0)
    assert nobody["assessed_share"] == 0.0 and nobody["coverage"] is None  # not 0 % coverage
    assessment_record(
        person=clerk, skill=literacy, kind="manager", level=1, assessed_on=dt.date(2024, 1, 1)
    )
    gaps_refresh(organisation=org_a)
    teams = {row["value"]: row for row in selectors.gaps_by(org_a, "team")}
    assert (teams["Benefits"]["assessed_share"], teams["Benefits"]["below"]) == (100.0, 1)
    assert (teams["Benefits"]["coverage"], teams["Benefits"]["gap"]) == (0.0, 1)
    platform = teams["Platform"]
    assert (platform["not_assessed"], platform["assessed_share"], platform["gap"]) == (2, 0.0, 0)
    skills, teams_, cells = selectors.heat_map(org_a)
    by_cell = {(c["team"], c["skill"]): c for c in cells}
    assert by_cell[("Platform", "Programming")]["assessed"] == 0
    assert by_cell[("Benefits", "Data literacy")]["coverage"] == 0.0
    assert [(r["skill"].name, r["assessed"], r["gap"]) for r in person_gaps(dev)] == [
        ("Data literacy", None, None),
        ("Programming", None, None),
    ]


@pytest.mark.django_db
def test_a_campaign_counts_its_population_window_and_filters(org_a, org_b, setup):
    course = factories.activity("OBT")
    other = factories.activity("OTHER")
    b1 = factories.person(org_b, "B1", grade="AO")
    campaign = factories.campaign(org_a, [course], grades="AO, SEO")
    for person, activity, day, status in [
        (setup["dev"], course, dt.date(2023, 10, 5), "completed"),
        (setup["clerk"], course, dt.date(2023, 9, 1), "started"),  # before the campaign
        (setup["clerk"], other, dt.date(2023, 10, 5), "started"),  # not a campaign activity
        (b1, course, dt.date(2023, 10, 6), "started"),  # another organisation
    ]:
        TrainingRecord.objects.create(organisation=person.organisation, person=person, activity=activity,
                                      status=status, started_on=day,
                                      completed_on=day if status == "completed" else None)  # fmt: skip
    campaign_refresh(campaign=campaign)
    org = CampaignStat.objects.get(campaign=campaign, dimension="organisation")
    assert (org.organisation, org.population, org.started, org.completed) == (org_a, 2, 1, 1)
    grades = {
        s.value: (s.population, s.started) for s in CampaignStat.objects.filter(dimension="grade")
    }
    assert grades == {"AO": (1, 0), "SEO": (1, 1)}
    assert list(CampaignDay.objects.values_list("date", "started", "completed")) == [
        (dt.date(2023, 10, 5), 1, 1)
    ]
    campaign.cross_government = True
    campaign.save()
    campaign_refresh(campaign=campaign)
    assert selectors.campaign_totals(campaign) == {
        "population": 3, "started": 2, "completed": 1, "started_pct": 66.7, "completed_pct": 33.3,
    }  # fmt: skip
    assert [row["organisation"] for row in selectors.league_table(campaign)][
        0
    ] == "HM Revenue & Customs"
