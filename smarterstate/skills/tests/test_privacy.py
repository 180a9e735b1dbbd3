"""UK GDPR: erasing a person leaves nothing about them in any table, history or export, and
keeps the figures' counts; the subject access export holds everything, for admins only."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.apps import apps
from django.test import Client
from rest_framework.authtoken.models import Token

from smarterstate.jobs.models import Job
from smarterstate.learningrecords.models import LearnerIdentity, Statement
from smarterstate.learningrecords.services.learning import identity_map
from smarterstate.learningrecords.tests.xapi_client import XAPIClient, account, statement
from smarterstate.organisations.models import AuditEntry
from smarterstate.skills.models import (
    Assessment,
    CampaignStat,
    GapSummary,
    Person,
    TrainingRecord,
)
from smarterstate.skills.services.people import assessment_record, people_mark_leavers
from smarterstate.skills.services.privacy import person_erase
from smarterstate.skills.tests import factories
from smarterstate.skills.tests.crosscut import make_organisation_data

pytestmark = pytest.mark.django_db

REFERENCE = "ZQ-7731-ERASE"
NAME = "Quentin Erasable"
EMAIL = "quentin.erasable@dwp.example"
TEAM = "Zephyr Unique Team"
EVIDENCE = "Certificate QX-99121"
LOCATION = "Erasmus House"
COURSE = "https://courses.example.com/data-101"
NEEDLES = (REFERENCE, NAME, EMAIL, TEAM, EVIDENCE, LOCATION)


def _text(value) -> str:
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)


def tables_mentioning(needles=NEEDLES) -> list[tuple[str, str]]:
    """(model, needle) for every row of every model, historical ones included, that contains
    one of the needles in any column."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for row in model._base_manager.values_list():
            text = " ".join(_text(value) for value in row).lower()
            found += [(model._meta.label, n) for n in needles if n.lower() in text]
    return sorted(set(found))


@pytest.fixture
def subject(org_a, admin_a, editor_a):
    """A person of organisation A with everything the platform can hold about someone."""
    world = make_organisation_data(org_a, suffix="a", user=editor_a)
    activity = factories.activity(COURSE, organisation=org_a, skills=[(world["skill"], 2)])
    world["campaign"].activities.add(activity)
    person = factories.person(
        org_a, REFERENCE, team=TEAM, location=LOCATION, role_level=world["role_level"],
        line_manager_reference="MGR-1",
    )  # fmt: skip
    person.grade = "SEO"
    person.save()  # a second history row
    factories.person(org_a, "REPORT-1", line_manager_reference=REFERENCE)
    assessment_record(person=person, skill=world["skill"], kind="manager", level=2,
                      assessed_on=dt.date(2024, 2, 1), evidence=EVIDENCE, assessor=editor_a)  # fmt: skip
    TrainingRecord.objects.create(organisation=org_a, person=person, activity=world["activity"],
                                  status="completed", started_on=dt.date(2024, 1, 6),
                                  completed_on=dt.date(2024, 1, 9))  # fmt: skip
    # Learning records: by account name (matched) and by email (mapped by hand), with a name.
    lrs = XAPIClient(org_a)
    own = statement(activity=COURSE, timestamp="2024-02-03T10:00:00Z")
    own["actor"] = {**account(REFERENCE), "name": NAME}
    by_email = statement(actor=EMAIL, activity=COURSE, timestamp="2024-02-04T10:00:00Z")
    by_email["actor"]["name"] = NAME
    taught = statement(actor="colleague@dwp.example", activity=COURSE)
    taught["context"] = {"instructor": {"objectType": "Agent", "mbox": f"mailto:{EMAIL}"}}
    assert lrs.post([own, by_email, taught]).status_code == 200
    identity_map(
        identity=LearnerIdentity.objects.get(organisation=org_a, actor_key__contains=EMAIL),
        person=person,
    )
    assert lrs.request("PUT", "activities/state", {
        "activityId": COURSE, "agent": json.dumps({"mbox": f"mailto:{EMAIL}"}), "stateId": "bookmark",
    }, body={"note": NAME}).status_code == 204  # fmt: skip
    # An import report that quotes the reference (a rejected row).
    Job.objects.create(organisation=org_a, kind="skills-training-records", description="Import",
                       report={"rejects": [{"reason": f"unknown person '{REFERENCE}'"}]})  # fmt: skip
    from smarterstate.skills.services.campaigns import campaign_refresh
    from smarterstate.skills.services.gaps import gaps_refresh

    campaign_refresh(campaign=world["campaign"])
    gaps_refresh(organisation=org_a)
    world.update(person=person, taught=taught)
    return world


def _figures(org, campaign) -> dict:
    stat = CampaignStat.objects.get(campaign=campaign, organisation=org, dimension="organisation")
    gaps = GapSummary.objects.get(organisation=org, dimension="all")
    return {
        "campaign": (stat.population, stat.started, stat.completed),
        "gaps": (gaps.required, gaps.met, gaps.gap),
        "people": Person.objects.filter(organisation=org, active=True).count(),
    }


def _body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _exports(client, org) -> str:
    """The people, learners and statements lists as CSV and XLSX."""
    texts = []
    for path in (f"/o/{org.slug}/skills/people/?status=all&",
                 f"/o/{org.slug}/skills/learning-records/learners/?show=all&",
                 f"/o/{org.slug}/skills/learning-records/statements/?"):  # fmt: skip
        texts.append(_body(client.get(f"{path}format=csv")).decode())
        book = openpyxl.load_workbook(io.BytesIO(_body(client.get(f"{path}format=xlsx"))))
        texts += [str(cell) for sheet in book for row in sheet.iter_rows(values_only=True)
                  for cell in row]  # fmt: skip
    return "\n".join(texts)


def test_the_fixture_holds_the_person_everywhere(subject, org_a, admin_a):
    found = {label for label, _ in tables_mentioning()}
    assert {"skills.Person", "skills.HistoricalPerson", "skills.HistoricalAssessment",
            "skills.Assessment", "learningrecords.Statement", "learningrecords.LearnerIdentity",
            "learningrecords.Document", "jobs.Job"} <= found  # fmt: skip
    client = Client()
    client.force_login(admin_a)
    exported = _exports(client, org_a)
    assert REFERENCE in exported and EMAIL in exported


def test_erasure_leaves_nothing_about_the_person_and_keeps_the_counts(subject, org_a, admin_a):
    before = _figures(org_a, subject["campaign"])
    person = subject["person"]

    entry = person_erase(person=person, by=admin_a)

    assert tables_mentioning() == []
    client = Client()
    client.force_login(admin_a)
    exported = _exports(client, org_a)
    assert not [n for n in NEEDLES if n in exported]
    # Figures keep their counts, now and after any later refresh.
    assert _figures(org_a, subject["campaign"]) == before
    anonymous = Person.objects.get(pk=person.pk)
    assert anonymous.erased and anonymous.reference == entry.subject
    assert anonymous.reference.startswith("erased-") and len(anonymous.reference) == 23
    assert (anonymous.team, anonymous.location, anonymous.line_manager_reference) == ("", "", "")
    assert Person.objects.get(reference="REPORT-1").line_manager_reference == ""
    reasons = [r["reason"] for r in Job.objects.get(organisation=org_a).report["rejects"]]
    assert reasons == ["unknown person '[erased]'"]
    assert not Assessment.objects.filter(person=person).exclude(evidence="").exists()
    assert not Assessment.objects.filter(person=person, assessor__isnull=False).exists()
    assert not Person.history.filter(id=person.pk).exists()
    assert not Assessment.history.filter(person_id=person.pk).exists()
    assert not LearnerIdentity.history.filter(person_id=person.pk).exists()
    # Another learner's statement naming them is kept, without them.
    assert Statement.objects.filter(statement_id=subject["taught"]["id"]).exists()
    # The audit entry: who erased, the anonymous token, counts; nothing erased.
    assert (entry.actor, entry.action, entry.organisation) == (
        admin_a,
        "skills.person.erased",
        org_a,
    )
    assert entry.details["learningrecords.statements"]["statements_deleted"] == 2
    assert AuditEntry.objects.filter(organisation=org_a).count() == 1


def test_a_people_import_after_erasure_leaves_the_anonymous_record_alone(subject, org_a, admin_a):
    person = subject["person"]
    person_erase(person=person, by=admin_a)

    people_mark_leavers(organisation=org_a, seen={"REF-a", "REF2-a", "REPORT-1"})

    assert Person.objects.get(pk=person.pk).active


def test_the_page_warns_then_erases_for_admins_only(subject, org_a, admin_a, editor_a, viewer_a):
    person = subject["person"]
    url = f"/o/{org_a.slug}/skills/people/{person.pk}/erase/"
    for user in (editor_a, viewer_a):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"confirm": "erase"}).status_code == 403
    client = Client()
    client.force_login(admin_a)
    detail = client.get(f"/o/{org_a.slug}/skills/people/{person.pk}/").content.decode()
    assert url in detail
    page = client.get(url).content.decode()
    assert "govuk-warning-text" in page and "cannot be undone" in page
    # A POST without the confirmation changes nothing.
    assert client.post(url, {}).status_code == 200
    assert Person.objects.get(pk=person.pk).reference == REFERENCE

    response = client.post(url, {"confirm": "erase"}, follow=True)

    assert response.redirect_chain[-1][0] == f"/o/{org_a.slug}/skills/people/"
    erased = Person.objects.get(pk=person.pk)
    assert erased.erased and erased.reference in response.content.decode()
    assert client.get(url).status_code == 404  # already erased


def test_other_organisations_get_404(subject, org_a, org_b, editor_b):
    from smarterstate.organisations.tests.factories import MembershipFactory

    admin_b = MembershipFactory(organisation=org_b, role="admin", user__username="admin-b").user
    person = subject["person"]
    client = Client()
    client.force_login(admin_b)
    for path in (f"/o/{org_b.slug}/skills/people/{person.pk}/erase/",
                 f"/o/{org_b.slug}/skills/people/{person.pk}/subject-access/"):  # fmt: skip
        assert client.get(path).status_code == 404
        assert client.post(path, {"confirm": "erase"}).status_code == 404
    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=admin_b).key}")
    assert api.delete(f"/api/v1/skills/people/{person.pk}/").status_code == 404
    assert api.get(f"/api/v1/skills/subject-access/{person.pk}/").status_code == 404
    assert not Person.objects.get(pk=person.pk).erased


def test_the_api_erases_for_admins_only(subject, admin_a, editor_a):
    person = subject["person"]
    url = f"/api/v1/skills/people/{person.pk}/"
    editor = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor_a).key}")
    assert editor.delete(url).status_code == 403
    assert editor.get(f"/api/v1/skills/subject-access/{person.pk}/").status_code == 404
    admin = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=admin_a).key}")

    response = admin.delete(url)

    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == Person.objects.get(pk=person.pk).reference
    assert body["erased_by"] == "admin-a" and body["counts"]["history_rows"] >= 3
    assert admin.delete(url).status_code == 400  # already erased
    assert tables_mentioning() == []


def test_the_subject_access_export_holds_everything(subject, org_a, admin_a):
    person = subject["person"]
    client = Client()
    client.force_login(admin_a)
    response = client.get(f"/o/{org_a.slug}/skills/people/{person.pk}/subject-access/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    api = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=admin_a).key}")
    for data in (response.json(), api.get(f"/api/v1/skills/subject-access/{person.pk}/").json()):
        assert data["person"]["reference"] == REFERENCE and data["person"]["team"] == TEAM
        assert data["organisation"]["slug"] == org_a.slug
        assert [a["evidence"] for a in data["assessments"]] == [EVIDENCE]
        assert data["assessments"][0]["assessor"] == "editor-a"
        assert {t["activity_code"] for t in data["training_records"]} >= {"COURSE-a", COURSE}
        assert [c["campaign"] for c in data["campaigns"]] == ["Data month a"]
        assert data["line_manager_of"] == ["REPORT-1"]
        assert {h["grade"] for h in data["history"]["person"]} == {"HEO", "SEO"}
        assert data["history"]["assessments"][0]["evidence"] == EVIDENCE
        lrs = data["learningrecords.learning_records"]
        assert len(lrs["statements"]) == 2 and len(lrs["identities"]) == 2
        assert {s["statement"]["actor"].get("name") for s in lrs["statements"]} == {NAME}
        assert NAME in lrs["documents"][0]["content"]
    assert AuditEntry.objects.filter(action="skills.person.exported", actor=admin_a).count() == 2


def test_import_reports_lose_the_reference_and_only_it(org_a, admin_a):
    person = factories.person(org_a, "P1")
    reasons = ["unknown person 'P1'", "unknown person 'P10'", "line P12: bad date", "P1, P1-A"]
    Job.objects.create(organisation=org_a, kind="skills-training-records", description="Import",
                       report={"rejects": [{"reason": r} for r in reasons]})  # fmt: skip

    person_erase(person=person, by=admin_a)

    kept = [r["reason"] for r in Job.objects.get(organisation=org_a).report["rejects"]]
    assert kept == ["unknown person '[erased]'", "unknown person 'P10'", "line P12: bad date",
                    "[erased], P1-A"]  # fmt: skip
