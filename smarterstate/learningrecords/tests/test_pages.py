"""The LRS pages: register and revoke platforms, the statement viewer and its exports, mapping learners."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from smarterstate.learningrecords.models import LearnerIdentity, LearningPlatform
from smarterstate.skills.models import TrainingRecord
from smarterstate.skills.tests import factories

from .xapi_client import XAPIClient, account, statement

pytestmark = pytest.mark.django_db
BASE = "/o/department-for-work-pensions/skills/learning-records/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_admin_registers_a_platform_and_sees_the_secret_once(admin_a, org_a):
    response = client_for(admin_a).post(f"{BASE}platforms/add/", {"name": "Civil Service Learning"})
    assert response.status_code == 200
    platform = LearningPlatform.objects.get(organisation=org_a)
    body = response.content.decode()
    assert platform.key in body and "shown only once" in body
    detail = client_for(admin_a).get(f"{BASE}platforms/{platform.pk}/").content.decode()
    assert platform.key in detail and platform.secret_hash not in detail


def test_editors_cannot_register_or_revoke_platforms(editor_a, org_a):
    lrs = XAPIClient(org_a)
    assert client_for(editor_a).post(f"{BASE}platforms/add/", {"name": "X"}).status_code == 403
    assert (
        client_for(editor_a).post(f"{BASE}platforms/{lrs.platform.pk}/revoke/").status_code == 403
    )
    assert lrs.get().status_code == 200


def test_revoking_stops_the_platform_at_once(admin_a, org_a):
    lrs = XAPIClient(org_a)
    response = client_for(admin_a).post(f"{BASE}platforms/{lrs.platform.pk}/revoke/")
    assert response.status_code == 302
    assert lrs.get().status_code == 401


def test_the_platform_page_lists_refused_requests_with_reasons(viewer_a, org_a):
    lrs = XAPIClient(org_a)
    lrs.post(
        {
            "actor": {"mbox": "nope"},
            "verb": {"id": "http://x.example.com/v"},
            "object": {"id": "http://x.example.com/o"},
        }
    )
    body = client_for(viewer_a).get(f"{BASE}platforms/{lrs.platform.pk}/").content.decode()
    assert "statement.actor.mbox" in body and "400" in body


def test_the_statement_viewer_filters_and_exports(viewer_a, org_a, org_b):
    lrs = XAPIClient(org_a)
    lrs.post([statement(actor="one@example.com"), statement(actor="two@example.com")])
    XAPIClient(org_b, name="B").post(statement(actor="b-learner@example.com"))
    client = client_for(viewer_a)
    page = client.get(f"{BASE}statements/").content.decode()
    assert "one@example.com" in page and "two@example.com" in page and "b-learner" not in page
    filtered = client.get(f"{BASE}statements/", {"actor": "one@example.com"}).content.decode()
    assert "one@example.com" in filtered and "two@example.com" not in filtered
    export = client.get(f"{BASE}statements/", {"actor": "two@example.com", "format": "csv"})
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(export.streaming_content).decode()
                if export.streaming
                else export.content.decode()
            )
        )
    )
    assert [r["Learner"] for r in rows] == ["two@example.com"]
    xlsx = client.get(f"{BASE}statements/", {"format": "xlsx"})
    assert xlsx.status_code == 200 and "spreadsheet" in xlsx["Content-Type"]


def test_completions_become_training_records_and_unknown_learners_wait_for_mapping(editor_a, org_a):
    activity = factories.activity(
        "https://learning.example.gov.uk/data-101", organisation=org_a, title="Data 101"
    )
    known = factories.person(org_a, "P000001")
    unknown = factories.person(org_a, "P000002")
    lrs = XAPIClient(org_a)
    done = statement(
        activity=activity.code, timestamp="2026-11-02T09:00:00Z", result={"duration": "PT1H30M"}
    )
    done["actor"] = account("P000001")
    other = statement(activity=activity.code, timestamp="2026-11-03T09:00:00Z")
    other["actor"] = {"mbox_sha1sum": "a" * 40}
    not_a_completion = statement(
        activity=activity.code, verb="http://adlnet.gov/expapi/verbs/experienced"
    )
    not_a_completion["actor"] = account("P000002")
    assert lrs.post([done, other, not_a_completion]).status_code == 200

    record = TrainingRecord.objects.get(person=known)
    assert record.status == "completed" and str(record.completed_on) == "2026-11-02"
    assert str(record.hours) == "1.50"
    assert not TrainingRecord.objects.filter(person=unknown).exists()
    waiting = LearnerIdentity.objects.get(organisation=org_a, person__isnull=True)
    listing = client_for(editor_a).get(f"{BASE}learners/").content.decode()
    assert "sha1:" + "a" * 40 in listing or "a" * 40 in listing

    response = client_for(editor_a).post(
        f"{BASE}learners/{waiting.pk}/map/", {"reference": "P000002"}
    )
    assert response.status_code == 302
    assert TrainingRecord.objects.get(person=unknown).completed_on.isoformat() == "2026-11-03"


def test_voided_completions_do_not_become_records(org_a):
    activity = factories.activity("https://learning.example.gov.uk/data-102", organisation=org_a)
    factories.person(org_a, "P000009")
    lrs = XAPIClient(org_a)
    voiding = statement(verb="http://adlnet.gov/expapi/verbs/voided")
    voiding["object"] = {"objectType": "StatementRef", "id": statement()["id"]}
    assert lrs.post(voiding).status_code == 200
    assert not TrainingRecord.objects.filter(activity=activity).exists()


def test_completions_refresh_campaign_figures_in_the_background_once(org_a):
    import datetime as dt

    from smarterstate.learningrecords.models import SummaryRefreshPending
    from smarterstate.learningrecords.tasks import refresh_pending_summaries
    from smarterstate.skills.models import CampaignStat

    activity = factories.activity("https://learning.example.gov.uk/obt", organisation=org_a)
    campaign = factories.campaign(org_a, [activity], name="One Big Thing", starts_on=dt.date(2026, 11, 1),
                                  ends_on=dt.date(2026, 12, 31))  # fmt: skip
    for reference in ("P1", "P2"):
        factories.person(org_a, reference)
    lrs = XAPIClient(org_a)
    for reference in ("P1", "P2"):
        done = statement(activity=activity.code, timestamp="2026-11-05T09:00:00Z")
        done["actor"] = account(reference)
        lrs.post(done)
    # Two requests, one pending refresh per (organisation, activity), not one per statement.
    assert SummaryRefreshPending.objects.count() == 1
    assert refresh_pending_summaries() == {"campaigns": 1, "organisations": 1}
    row = CampaignStat.objects.get(campaign=campaign, organisation=org_a, dimension="organisation")
    assert (row.population, row.started, row.completed) == (2, 2, 2)
    assert not SummaryRefreshPending.objects.exists()
