"""The capacity pages: homes, scorecard, comparison with 'try your own weights', radar actions,
the calendar feed, profiles and the survey upload and mapping."""

import datetime as dt
import html

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from smarterstate.capacity.models import (
    RadarDecision,
    RadarFeed,
    ScorecardProfile,
    ScorecardResult,
    SurveyOrganisation,
    SurveyResult,
)
from smarterstate.capacity.services.scorecard import scorecards_refresh
from smarterstate.jobs.models import Job
from smarterstate.jobs.tasks import run_import_job

from .crosscut import _objects
from .helpers import CSPS_2024

TODAY = dt.date.today()


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


@pytest.fixture
def world(org_a, org_b, editor_a, editor_b):
    a = _objects(org_a, editor_a, code="DWP", name="Department for Work and Pensions")
    _objects(org_b, editor_b, code="HMRC", name="HM Revenue and Customs")
    return a


def test_the_organisation_home_leads_with_the_scorecard_and_decisions_due(
    client, viewer_a, org_a, world
):
    client.force_login(viewer_a)
    page = text(client.get(f"/o/{org_a.slug}/"))
    assert "Capacity to innovate" in page and "of the weight has data" in page
    assert "Decisions that need attention" in page and "Remediate Benefits ledger" in page
    assert "Data freshness" in page and "import people in Skills" in page
    assert page.index("Decisions that need attention") < page.index("Levers of reform")
    assert "HM Revenue" not in page


def test_the_central_analyst_home_is_the_cross_government_comparison(
    client, analyst, org_a, org_b, world
):
    client.force_login(analyst)
    response = client.get("/")
    assert response.status_code == 200
    page = text(response)
    assert "Capacity across government" in page
    assert "Department for Work and Pensions" in page
    assert "HM Revenue & Customs" in page


def test_members_still_land_on_their_organisation(client, viewer_a, org_a):
    client.force_login(viewer_a)
    assert client.get("/")["Location"] == f"/o/{org_a.slug}/"


def test_try_your_own_weights_recomputes_without_saving(client, analyst, world):
    client.force_login(analyst)
    before = list(ScorecardResult.objects.values_list("pk", "overall"))
    # Culture only: each organisation's overall becomes its culture score.
    weights = {f"w_{c}": 0 for c in ("K1", "K2", "O1", "O2", "M1", "M2", "M3", "T1", "I1")}
    response = client.get(reverse("capacity:compare"), {"try": "1", **weights})
    assert response.status_code == 200
    custom = response.context["custom"]
    culture = (
        ScorecardResult.objects.filter(period_kind="quarter").first().pillars["culture"]["score"]
    )
    assert custom[0]["overall"] == pytest.approx(culture)
    assert list(ScorecardResult.objects.values_list("pk", "overall")) == before


def test_the_comparison_downloads_as_csv(client, analyst, world):
    client.force_login(analyst)
    response = client.get(reverse("capacity:compare"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert body.lstrip("\ufeff").startswith("Organisation,Type,Period,Overall score,Rank")
    assert "Department for Work and Pensions" in body and "HM Revenue" in body


def test_an_editor_records_a_decision_on_the_web(client, editor_a, org_a, world):
    client.force_login(editor_a)
    item = world["item"]
    url = reverse(
        "capacity:radar-decide", kwargs={"org_slug": org_a.slug, "capacity_radar_key": item.key}
    )
    response = client.post(
        url,
        {
            "option": "decommission",
            "note": "Retire it",
            "evidence_url": "https://example.org/paper",
        },
    )
    assert response.status_code == 302
    decision = RadarDecision.objects.get(key=item.key, organisation=org_a)
    assert (decision.option, decision.decided_by) == ("decommission", editor_a)
    detail = text(client.get(response["Location"]))
    assert "Decided: decommission" in detail and "Retire it" in detail


def test_a_viewer_cannot_record_a_decision(client, viewer_a, org_a, world):
    client.force_login(viewer_a)
    item = world["item"]
    url = reverse(
        "capacity:radar-decide", kwargs={"org_slug": org_a.slug, "capacity_radar_key": item.key}
    )
    assert client.post(url, {"option": "remediate"}).status_code == 403
    assert not RadarDecision.objects.filter(key=item.key, organisation=org_a).exists()


def test_the_radar_filters_and_downloads(client, viewer_a, org_a, world):
    client.force_login(viewer_a)
    url = reverse("capacity:radar", kwargs={"org_slug": org_a.slug})
    page = text(client.get(url, {"kind": "legacy-remediation"}))
    assert (
        "Remediate Benefits ledger" in page and "Remediate Payments mainframe" not in page
    )  # decided
    assert "Remediate Payments mainframe" in text(client.get(url, {"state": "decided"}))
    body = b"".join(client.get(url, {"format": "csv"}).streaming_content).decode()
    assert "Remediate Benefits ledger" in body


def test_the_calendar_feed_needs_only_its_token_and_parses(client, org_a, world):
    feed = RadarFeed.objects.get(organisation=org_a)
    response = client.get(reverse("capacity:calendar-feed", kwargs={"capacity_token": feed.token}))
    assert response["Content-Type"].startswith("text/calendar")
    events = list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == [
        "Legacy remediation date: Remediate Benefits ledger (Department for Work and Pensions)"
    ]
    assert (
        client.get(
            reverse("capacity:calendar-feed", kwargs={"capacity_token": "wrong"})
        ).status_code
        == 404
    )


def test_a_platform_admin_changes_the_method_as_a_new_version(client, superuser, org_a, world):
    client.force_login(superuser)
    first = ScorecardProfile.objects.get()
    data = {"name": first.name, "notes": "Lower culture goalposts", "overall_threshold": "0.5"}
    for c in first.components:
        data |= {f"{c['code']}_weight": c["weight"], f"{c['code']}_lower": c["lower"] - (10 if c["code"] == "C1" else 0),
                 f"{c['code']}_upper": c["upper"], f"{c['code']}_polarity": c["polarity"]}  # fmt: skip
    response = client.post(reverse("capacity:profile-new"), data)
    assert response.status_code == 302
    second = ScorecardProfile.objects.get(version=2)
    assert second.component("C1")["lower"] == 40 and second.overall_threshold == 0.5
    assert ScorecardProfile.objects.get(version=1).component("C1")["lower"] == 50
    assert ScorecardResult.objects.filter(profile=first).exists()


def test_only_platform_admins_change_the_method(client, admin_a, world):
    client.force_login(admin_a)
    assert client.get(reverse("capacity:profile-new")).status_code == 403
    assert client.get(reverse("capacity:profiles")).status_code == 200


def test_the_survey_upload_runs_as_a_background_job(client, superuser, settings, tmp_path, org_a):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(superuser)
    with open(CSPS_2024, "rb") as handle:
        upload = SimpleUploadedFile(
            "Civil_Service_People_Survey_2024_Benchmark_Results.ods", handle.read()
        )
    response = client.post(reverse("capacity:survey-upload"), {"file": upload})
    job = Job.objects.get()
    assert response.status_code == 302 and job.kind == "import:capacity-people-survey"
    run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert job.report["extra"]["benchmarks"]["CS_MEDIAN"]["cul.try_new_ideas"] == 74.972
    assert SurveyOrganisation.objects.get(code="DWP").organisation == org_a


def test_a_wrong_upload_fails_the_job_with_a_clear_error_and_stores_nothing(
    client, superuser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(superuser)
    client.post(
        reverse("capacity:survey-upload"),
        {"file": SimpleUploadedFile("scores-2024.csv", b"name,score\nA,1\n")},
    )
    job = Job.objects.get()
    run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "failed"
    assert (
        job.error
        == "scores-2024.csv, line 1: no 'Organisation code' column (is this a CSPS results file?)"
    )
    assert not SurveyResult.objects.exists()


def test_a_mapping_is_remembered_for_every_year(client, superuser, org_a, db):
    from django.core.management import call_command

    from .helpers import CSPS_2022

    call_command("import_people_survey", CSPS_2022, "--json", stdout=__import__("io").StringIO())
    dluhc = SurveyOrganisation.objects.get(code="DLUHC")
    client.force_login(superuser)
    url = reverse("capacity:survey-mapping-edit", kwargs={"capacity_survey_org_pk": dluhc.pk})
    assert client.post(url, {"organisation": org_a.pk}).status_code == 302
    call_command("import_people_survey", CSPS_2024, "--json", stdout=__import__("io").StringIO())
    dluhc.refresh_from_db()
    assert (dluhc.organisation, dluhc.mapping_method) == (org_a, "manual")
    assert dluhc.history.count() >= 2
    scorecards_refresh(as_of=TODAY, organisations=[org_a])
    page = text(client.get(reverse("capacity:survey", kwargs={"org_slug": org_a.slug})))
    assert "2022" in page and "DLUHC" in page
