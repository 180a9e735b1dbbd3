"""Imports refresh only the organisations (and their campaign rows) they touched, and the
summary tables then equal a full refresh (issue 15 §2)."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from smarterstate.organisations.tests.factories import OrganisationFactory
from smarterstate.skills.models import (
    CampaignDay,
    CampaignStat,
    GapCell,
    GapSummary,
    Person,
    TrainingRecord,
)
from smarterstate.skills.services.refresh import skills_refresh

from . import factories

TABLES = {
    GapCell: ("organisation_id", "team", "profession", "grade", "skill_id", "required", "met", "gap"),
    GapSummary: ("organisation_id", "dimension", "value", "skill_id", "required", "met", "gap"),
    CampaignStat: ("campaign_id", "organisation_id", "dimension", "value", "population",
                   "started", "completed", "source"),
    CampaignDay: ("campaign_id", "organisation_id", "date", "started", "completed", "source"),
}  # fmt: skip


def dump() -> dict:
    """Every summary table's rows without their ids, sorted."""
    return {
        model.__name__: sorted(map(repr, model.objects.values_list(*fields)))
        for model, fields in TABLES.items()
    }


def row_ids(organisation) -> dict:
    """The ids of an organisation's rows: rewritten rows get new ones."""
    return {
        model.__name__: sorted(
            model.objects.filter(organisation=organisation).values_list("pk", flat=True)
        )
        for model in TABLES
    }


def run(tmp_path, command, text, *extra) -> dict:
    path = tmp_path / "import.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command(command, str(path), "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def world(org_a, org_b):
    org_c = OrganisationFactory(name="Cabinet Office", slug="cabinet-office")
    orgs = [org_a, org_b, org_c]
    activities = []
    for org in orgs:
        own = factories.framework(org, "all-staff", applies_to_all_staff=True)
        literacy = factories.skill(own, "Data literacy", baseline_level=2)
        activities.append(factories.activity(f"LIT-{org.pk}", skills=[(literacy, 2)]))
    obt = factories.activity("OBT-1")
    everyone = factories.campaign(org_a, [obt, *activities], cross_government=True)
    own_campaign = factories.campaign(org_b, [obt], name="HMRC data week")
    for org in orgs:
        for n in range(4):
            factories.person(org, f"P{n}", team=f"Team {n % 2}", grade=["AO", "HEO"][n % 2])
    for person in Person.objects.all():
        for activity in (obt, activities[orgs.index(person.organisation)]):
            TrainingRecord.objects.create(organisation=person.organisation, person=person,
                                          activity=activity, status="completed",
                                          started_on=dt.date(2023, 10, 2 + person.pk % 5),
                                          completed_on=dt.date(2023, 10, 9))  # fmt: skip
    skills_refresh()
    return {"orgs": orgs, "campaigns": (everyone, own_campaign), "obt": obt}


@pytest.mark.django_db
def test_a_training_import_rewrites_only_the_touched_organisations_rows(tmp_path, world):
    org_a, org_b, org_c = world["orgs"]
    untouched = {org.slug: row_ids(org) for org in (org_b, org_c)}
    before = dump()
    report = run(tmp_path, "import_training_records",
                 "organisation,person,activity,status,date,hours\n"
                 f"{org_a.slug},P0,LIT-{org_a.pk},completed,2023-10-20,1\n"
                 f"{org_a.slug},P1,OBT-1,completed,2023-10-01,\n")  # fmt: skip
    assert report["updated"] == 2
    incremental = dump()
    assert incremental != before  # P1 started and finished on the campaign's first day
    assert {org.slug: row_ids(org) for org in (org_b, org_c)} == untouched
    skills_refresh()
    assert dump() == incremental


@pytest.mark.django_db
def test_new_records_change_the_touched_organisations_gaps_and_campaign_rows_only(tmp_path, world):
    org_a, org_b, org_c = world["orgs"]
    factories.person(org_a, "NEW", team="Team 9", grade="SEO")
    skills_refresh()
    untouched = row_ids(org_c)
    run(tmp_path, "import_training_records",
        "organisation,person,activity,status,date,hours\n"
        f"{org_a.slug},NEW,LIT-{org_a.pk},completed,2023-12-01,1\n"
        f"{org_b.slug},P0,LIT-{org_a.pk},started,2023-12-02,\n")  # fmt: skip
    incremental = dump()
    assert GapSummary.objects.get(organisation=org_a, dimension="team", value="Team 9").met == 1
    assert row_ids(org_c) == untouched
    skills_refresh()
    assert dump() == incremental


@pytest.mark.django_db
def test_a_people_import_refreshes_its_organisations_gaps_and_campaign_rows(tmp_path, world):
    org_a, org_b, org_c = world["orgs"]
    untouched = {org.slug: row_ids(org) for org in (org_a, org_c)}
    # P0 moves team, P1 leaves, P2 and P3 stay, Q1 joins.
    report = run(tmp_path, "import_people",
                 "reference,grade,profession,team\n"
                 "P0,AO,Digital,Team 7\nP2,AO,Digital,Team 0\nP3,HEO,Digital,Team 1\n"
                 "Q1,SEO,Policy,Team 1\n", "--org", org_b.slug)  # fmt: skip
    assert report["extra"] == {"joiners": 1, "movers": 1, "leavers": 1}
    incremental = dump()
    # Both campaigns count org B's people: the cross-government one and its own.
    for campaign in world["campaigns"]:
        row = CampaignStat.objects.get(campaign=campaign, organisation=org_b, dimension="team",
                                       value="Team 7")  # fmt: skip
        assert (row.population, row.started) == (1, 1)
    assert {org.slug: row_ids(org) for org in (org_a, org_c)} == untouched
    skills_refresh()
    assert dump() == incremental


@pytest.mark.django_db
def test_refresh_skills_for_some_organisations(world):
    org_a, org_b, org_c = world["orgs"]
    untouched = row_ids(org_c)
    GapSummary.objects.filter(organisation__in=[org_a, org_b]).delete()
    out = io.StringIO()
    call_command("refresh_skills", "--org", org_a.slug, "--org", org_b.slug, stdout=out)
    assert "gaps of 2 organisation(s) and 2 campaign(s)" in out.getvalue()
    assert row_ids(org_c) == untouched
    assert GapSummary.objects.filter(organisation=org_b).exists()
    with pytest.raises(CommandError, match="No organisation with slug 'nowhere'"):
        call_command("refresh_skills", "--org", "nowhere", stdout=io.StringIO())
