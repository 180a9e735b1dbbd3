import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from smarterstate.jobs.models import Job
from smarterstate.jobs.tasks import run_import_job
from smarterstate.skills.models import Assessment, Framework, GapCell, Skill
from smarterstate.skills.tests.crosscut import make_organisation_data
from smarterstate.skills.tests.test_import_framework import ROLES, SKILLS


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def url(name, org, **kwargs):
    return reverse(f"skills:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def data_a(org_a, editor_a):
    return make_organisation_data(org_a, suffix="a", user=editor_a)


@pytest.mark.django_db
def test_framework_pages_browse_families_roles_levels_and_skills(org_a, viewer_a):
    call_command("import_capability_framework", ROLES, SKILLS, stdout=io.StringIO())
    framework = Framework.objects.get(slug="ddat")
    c = client(viewer_a)
    page = c.get(url("framework", org_a, framework_pk=framework.pk)).content.decode()
    assert "User-centred design" in page and "Content designer" in page and "Version" in page
    role = framework.families.get(name="Data").roles.get(name="Data scientist")
    page = c.get(url("role", org_a, role_pk=role.pk)).content.decode()
    assert page.index(">Trainee data scientist</a>") < page.index(">Head of data science</a>")
    level = role.levels.get(name="Lead data scientist")
    page = c.get(url("role-level", org_a, role_level_pk=level.pk)).content.decode()
    assert "Data science innovation" in page and "Expert" in page
    download = c.get(url("role-level", org_a, role_level_pk=level.pk) + "?format=csv")
    assert b"What the level means" in b"".join(download.streaming_content)
    assert c.get(url("frameworks", org_a) + "?format=xlsx").status_code == 200


@pytest.mark.django_db
def test_an_editor_creates_a_framework_for_all_staff_and_adds_a_skill(org_a, editor_a):
    c = client(editor_a)
    response = c.post(
        url("framework-add", org_a), {"name": "AI awareness", "applies_to_all_staff": "on"}
    )
    framework = Framework.objects.get(organisation=org_a)
    assert response.status_code == 302 and framework.applies_to_all_staff
    response = c.post(url("skill-add", org_a, framework_pk=framework.pk),
                      {"name": "Using AI safely", "baseline_level": "1"})  # fmt: skip
    assert response.status_code == 302
    assert Skill.objects.get(framework=framework).baseline_level == 1


@pytest.mark.django_db
def test_the_government_framework_cannot_be_changed_by_an_organisation(org_a, editor_a):
    framework = Framework.objects.create(slug="ddat", name="DDaT")
    assert (
        client(editor_a).get(url("skill-add", org_a, framework_pk=framework.pk)).status_code == 404
    )


@pytest.mark.django_db
def test_people_pages_are_for_editors_and_admins_only(
    org_a, data_a, admin_a, editor_a, viewer_a, analyst
):
    person = data_a["person"]
    for user in (admin_a, editor_a):
        page = client(user).get(url("people", org_a)).content.decode()
        assert "REF-a" in page
        assert client(user).get(url("person", org_a, person_pk=person.pk)).status_code == 200
    for user in (viewer_a, analyst):
        assert client(user).get(url("people", org_a)).status_code == 403
        assert client(user).get(url("person", org_a, person_pk=person.pk)).status_code == 403
        # Aggregates only: the overview and gap pages show no references.
        for name in ("index", "gaps"):
            page = client(user).get(url(name, org_a)).content.decode()
            assert "REF-a" not in page and "REF2-a" not in page
    assert url("people", org_a) not in client(viewer_a).get(url("index", org_a)).content.decode()


@pytest.mark.django_db
def test_people_export_as_csv(org_a, data_a, editor_a):
    response = client(editor_a).get(url("people", org_a) + "?format=csv")
    body = b"".join(response.streaming_content).decode()
    assert "Reference,Grade" in body and "REF-a" in body


@pytest.mark.django_db
def test_an_editor_records_an_assessment_and_the_gap_closes(org_a, data_a, editor_a):
    person, skill = data_a["person"], data_a["skill"]
    cell = GapCell.objects.get(
        organisation=org_a, team="Team a", skill=skill, grade="HEO", required__gt=0
    )
    assert cell.gap > 0
    response = client(editor_a).post(url("person", org_a, person_pk=person.pk), {
        "skill": skill.pk, "kind": "manager", "level": "3", "assessed_on": "2024-02-01", "evidence": "Observed",
    })  # fmt: skip
    assert response.status_code == 302
    assert Assessment.objects.get(person=person, kind="manager").level == 3
    page = client(editor_a).get(url("person", org_a, person_pk=person.pk)).content.decode()
    assert "Line manager assessment" in page


@pytest.mark.django_db
def test_gap_analysis_shows_coverage_heat_map_and_table(org_a, data_a, viewer_a):
    c = client(viewer_a)
    page = c.get(url("gaps", org_a)).content.decode()
    assert "Coverage by skill and team" in page and "<svg" in page and "Data literacy a" in page
    for by in ("profession", "grade"):
        assert c.get(url("gaps", org_a) + f"?by={by}").status_code == 200
    body = b"".join(c.get(url("gaps", org_a) + "?format=csv").streaming_content).decode()
    assert "Coverage of assessed (%)" in body and "Team a" in body


@pytest.mark.django_db
def test_campaign_dashboard_shows_participation_and_league_table_only_to_analysts(
    org_a, org_b, data_a, viewer_a, analyst
):
    campaign = data_a["campaign"]
    campaign.cross_government = True
    campaign.save()
    make_organisation_data(org_b, suffix="b")
    from smarterstate.skills.services.campaigns import campaign_refresh

    campaign_refresh(campaign=campaign)
    page = client(viewer_a).get(url("campaign", org_a, campaign_pk=campaign.pk)).content.decode()
    assert "Participation over time" in page and "League table" not in page
    assert "HM Revenue" not in page
    assert (
        client(viewer_a)
        .get(url("campaign", org_a, campaign_pk=campaign.pk) + "?list=league&format=csv")
        .status_code
        == 403
    )
    page = client(analyst).get(url("campaign", org_a, campaign_pk=campaign.pk)).content.decode()
    assert "League table" in page and "Across government" in page
    body = b"".join(
        client(analyst)
        .get(url("campaign", org_a, campaign_pk=campaign.pk) + "?list=league&format=csv")
        .streaming_content
    ).decode()
    assert "Department for Work and Pensions" in body and "REF-" not in body


@pytest.mark.django_db
def test_an_editor_creates_a_campaign(org_a, data_a, editor_a):
    response = client(editor_a).post(url("campaign-add", org_a), {
        "name": "AI week", "starts_on": "2024-01-01", "ends_on": "2024-01-31",
        "activities": [data_a["activity"].pk], "target_participation": "30", "target_completion": "20",
    })  # fmt: skip
    assert response.status_code == 302
    page = client(editor_a).get(response["Location"]).content.decode()
    assert "AI week" in page and "1</strong> of 2 people started" in page


@pytest.mark.django_db
def test_uploads_run_as_background_jobs(
    org_a, editor_a, django_capture_on_commit_callbacks, media_in_tmp
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = b"reference,grade,profession,team\nX1,HEO,Digital,Platform\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client(editor_a).post(
            url("people-upload", org_a), {"file": SimpleUploadedFile("people.csv", csv)}
        )
    job = Job.objects.get(kind="import:skills-people")
    assert response.status_code == 302 and job.organisation == org_a
    run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert job.report["created"] == 1 and job.report["extra"]["joiners"] == 1
    assert client(editor_a).get(url("training-upload", org_a)).status_code == 200


@pytest.mark.django_db
def test_pages_render_for_a_viewer(org_a, data_a, viewer_a):
    c = client(viewer_a)
    for name in ("index", "frameworks", "activities", "campaigns"):
        assert c.get(url(name, org_a)).status_code == 200, name
    assert c.get(url("framework", org_a, framework_pk=data_a["framework"].pk)).status_code == 200
    for name in ("activities", "campaigns"):
        assert c.get(url(name, org_a) + "?format=csv").status_code == 200


def test_the_heat_map_tells_not_required_and_not_assessed_apart_from_no_coverage():
    from smarterstate.skills.views.gaps import heat_map_chart

    def cell(team, skill, required, assessed, met, gap):
        return {"team": team, "skill": skill, "required": required, "assessed": assessed,
                "not_assessed": required - assessed, "met": met, "below": assessed - met, "gap": gap,
                "assessed_share": round(100 * assessed / required, 1),
                "coverage": round(100 * met / assessed, 1) if assessed else None}  # fmt: skip

    chart = heat_map_chart(
        ["Python", "SQL"],
        ["Team A", "Team B"],
        [
            cell("Team A", "Python", 3, 3, 0, 3),  # assessed, all below: 0 % coverage
            cell("Team B", "SQL", 2, 2, 2, 0),
            cell("Team B", "Python", 4, 0, 0, 0),  # nobody assessed
        ],
    )
    svg = str(chart.svg)
    assert "Not required" in svg and "#b1b4b6" in svg  # its own grey and its own legend
    assert "Not assessed" in svg  # its own legend entry, not a red 0 % cell
    assert "Coverage of assessed (%)" in svg  # the colour legend for coverage
    assert "grey cells are skills the team does not need" in chart.description
    assert "not a gap" in chart.description
    assert "Assessed (%)" in chart.columns
    rows = {(r[1], r[0]): r for r in chart.rows}
    assert rows[("Team B", "Python")][3:6] == [0.0, 4, None]


@pytest.mark.django_db
def test_the_gap_page_shows_assessed_share_apart_from_coverage(org_a, data_a, viewer_a):
    response = client(viewer_a).get(url("gaps", org_a))
    summary = response.context["summary"]
    # REF-a is assessed (level 1 of 3 and 2); REF2-a needs the baseline and is not assessed.
    assert (summary["required"], summary["assessed"], summary["not_assessed"]) == (2, 1, 1)
    assert summary["assessed_share"] == 50.0 and summary["gap"] == 2
    page = response.content.decode()
    assert "of required skills assessed" in page and "not assessed" in page
    body = b"".join(
        client(viewer_a).get(url("gaps", org_a) + "?format=csv").streaming_content
    ).decode()
    assert "Assessed (%)" in body and "Not assessed" in body


@pytest.mark.django_db
def test_central_analysts_compare_skills_across_organisations(
    org_a, org_b, editor_a, analyst, viewer_a
):
    """Issue 16: a skills comparison with the share of people assessed as its own measure."""
    from smarterstate.skills.tests import factories

    make_organisation_data(org_a, suffix="a", user=editor_a)
    factories.person(org_b, reference="B1")  # not assessed
    response = client(analyst).get("/skills/compare/")
    rows = {row["organisation"].name: row for row in response.context["rows"]}
    a = rows[org_a.name]
    assert a["assessed"] == 1 and a["assessed_share"] == round(100 / a["people"], 1)
    assert rows[org_b.name]["assessed"] == 0 and rows[org_b.name]["assessed_share"] == 0.0
    assert rows[org_b.name]["gap"] == 0  # unassessed is not a gap
    download = client(analyst).get("/skills/compare/", {"format": "csv"})
    assert org_b.name in b"".join(download.streaming_content).decode()
    mine = client(viewer_a).get("/skills/compare/").context["rows"]
    assert [row["organisation"].name for row in mine] == [org_a.name]


def test_the_participation_chart_draws_the_campaigns_targets_and_tabulates_them():
    """Issue 16: target lines on campaign charts, and the target in the chart's data table."""
    from types import SimpleNamespace

    from smarterstate.skills.views.learning import campaign_target_rules, over_time_chart

    campaign = SimpleNamespace(target_participation=30, target_completion=0)
    targets = campaign_target_rules(campaign, 1001)
    assert [(t["target"], t["people"]) for t in targets] == [("Target taking part: 30 %", 301)]
    rows = [{"date": dt.date(2024, 1, 2), "started": 40, "completed": 10}]
    chart = over_time_chart(rows, 1001, targets)
    svg = str(chart.svg)
    assert "Target taking part: 30 % (301 people)" in svg  # the rule's label
    assert 'stroke-dasharray="2,3"' in svg  # the dotted rule itself
    assert chart.columns[-1] == "Target taking part: 30 % (people)"
    assert chart.rows == [[dt.date(2024, 1, 2), 40, 10, 301]]
    assert "Dotted line: Target taking part: 30 % (301 people)." in chart.description
    # No target set: no rule, no extra column.
    plain = over_time_chart(rows, 1001, [])
    assert 'stroke-dasharray="2,3"' not in str(plain.svg) and len(plain.columns) == 3


@pytest.mark.django_db
def test_the_campaign_page_shows_its_target_on_the_chart(org_a, data_a, viewer_a):
    campaign = data_a["campaign"]
    response = client(viewer_a).get(url("campaign", org_a, campaign_pk=campaign.pk))
    chart = response.context["chart"]
    assert chart.columns[-1] == "Target taking part: 50 % (people)"
    assert "Target taking part: 50 %" in response.content.decode()
