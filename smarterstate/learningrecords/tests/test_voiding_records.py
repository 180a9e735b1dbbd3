"""Voiding a statement retracts the training record it gave (ADR 0012, "Voiding"), never an
import's record; the voided statement itself stays stored and filtered as the specification says."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from smarterstate.learningrecords.models import SummaryRefreshPending
from smarterstate.learningrecords.tasks import refresh_pending_summaries
from smarterstate.skills.models import CampaignStat, TrainingRecord
from smarterstate.skills.tests import factories

from .xapi_client import XAPIClient, account, statement

pytestmark = pytest.mark.django_db
COURSE = "https://learning.example.gov.uk/voiding-101"
OTHER_COURSE = "https://learning.example.gov.uk/voiding-102"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
ATTEMPTED = "http://adlnet.gov/expapi/verbs/attempted"


@pytest.fixture
def world(org_a):
    course = factories.activity(COURSE, organisation=org_a)
    other = factories.activity(OTHER_COURSE, organisation=org_a)
    people = {ref: factories.person(org_a, ref) for ref in ("P1", "P2")}
    return {"course": course, "other": other, "lrs": XAPIClient(org_a), **people}


def done(person: str, course: str = COURSE, day: str = "2026-11-02", **extra) -> dict:
    made = statement(activity=course, timestamp=f"{day}T09:00:00Z", **extra)
    made["actor"] = account(person)
    return made


def voiding(target: dict) -> dict:
    made = statement(verb=VOIDED)
    made["object"] = {"objectType": "StatementRef", "id": target["id"]}
    return made


def records() -> dict:
    return {
        (r.person.reference, r.activity.code): (r.pk, r.status, r.started_on, r.completed_on)
        for r in TrainingRecord.objects.select_related("person", "activity")
    }


def import_csv(tmp_path, org, text: str) -> dict:
    path = tmp_path / "training.csv"
    path.write_text("organisation,person,activity,status,date,hours\n" + text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_training_records", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_voiding_a_completion_removes_exactly_its_record(world, org_a):
    campaign = factories.campaign(org_a, [world["course"]], starts_on=dt.date(2026, 11, 1),
                                  ends_on=dt.date(2026, 12, 31))  # fmt: skip
    lrs = world["lrs"]
    mine, theirs, elsewhere = done("P1"), done("P2"), done("P1", OTHER_COURSE)
    assert lrs.post([mine, theirs, elsewhere]).status_code == 200
    before = records()
    assert len(before) == 3
    refresh_pending_summaries()
    stat = CampaignStat.objects.get(campaign=campaign, organisation=org_a, dimension="organisation")
    assert stat.completed == 2

    voider = voiding(mine)
    assert lrs.post(voider).status_code == 200

    after = records()
    assert ("P1", COURSE) not in after
    assert after == {k: v for k, v in before.items() if k != ("P1", COURSE)}
    # Summaries follow the same coalesced background refresh as new records.
    assert set(SummaryRefreshPending.objects.values_list("organisation_id", "activity_id")) == {
        (org_a.pk, world["course"].pk)
    }
    refresh_pending_summaries()
    stat = CampaignStat.objects.get(campaign=campaign, organisation=org_a, dimension="organisation")
    assert stat.completed == 1
    # The specification's side is unchanged: the voided statement is stored, fetched by
    # voidedStatementId, and left out of statement lists (where the voiding statement appears,
    # matching the filter through the statement it targets).
    assert lrs.get(params={"voidedStatementId": mine["id"]}).status_code == 200
    assert lrs.get(params={"statementId": mine["id"]}).status_code == 404
    listed = {s["id"] for s in lrs.get(params={"activity": COURSE}).json()["statements"]}
    assert listed == {theirs["id"], voider["id"]}


def test_voiding_a_statement_that_gave_no_record_changes_nothing(world):
    lrs = world["lrs"]
    assert lrs.post(done("P1")).status_code == 200
    before = records()
    experienced = done("P1", verb="http://adlnet.gov/expapi/verbs/experienced")
    stranger = statement(activity=COURSE, timestamp="2026-11-02T09:00:00Z")  # unmapped mbox actor
    unknown_course = done("P1", "https://learning.example.gov.uk/not-an-activity")
    assert lrs.post([experienced, stranger, unknown_course]).status_code == 200
    SummaryRefreshPending.objects.all().delete()

    voiders = [voiding(experienced), voiding(stranger), voiding(unknown_course)]
    assert lrs.post(voiders).status_code == 200

    assert records() == before
    assert not SummaryRefreshPending.objects.exists()


def test_an_imported_record_for_the_same_person_and_course_stays(world, org_a, tmp_path):
    lrs = world["lrs"]
    # An import first, then a statement merged into its record.
    import_csv(tmp_path, org_a, f"{org_a.slug},P1,{COURSE},started,2026-10-01,\n")
    merged = done("P1")
    assert lrs.post(merged).status_code == 200
    # A statement first, then an import of the same person and course.
    first = done("P2")
    assert lrs.post(first).status_code == 200
    assert TrainingRecord.objects.get(person=world["P2"]).origin == "statements"
    report = import_csv(tmp_path, org_a, f"{org_a.slug},P2,{COURSE},completed,2026-11-02,\n")
    assert report["updated"] == 1  # the record is now also the import's
    before = records()

    assert lrs.post([voiding(merged), voiding(first)]).status_code == 200

    assert records() == before
    assert set(TrainingRecord.objects.values_list("origin", flat=True)) == {"import"}


def test_a_batch_with_a_statement_and_its_voider_gives_no_record(world):
    lrs = world["lrs"]
    retracted, kept = done("P1"), done("P2")
    assert lrs.post([retracted, kept, voiding(retracted)]).status_code == 200
    assert set(records()) == {("P2", COURSE)}
    # The voider first, the statement later (in another batch): voided on arrival, no record.
    late = done("P1", OTHER_COURSE)
    assert lrs.post(voiding(late)).status_code == 200
    assert lrs.post(late).status_code == 200
    assert set(records()) == {("P2", COURSE)}
    assert lrs.get(params={"voidedStatementId": late["id"]}).status_code == 200


def test_voiding_one_statement_rebuilds_the_record_from_the_rest(world):
    lrs = world["lrs"]
    started = done("P1", day="2026-10-01", verb=ATTEMPTED)
    finished = done("P1", day="2026-11-02")
    assert lrs.post([started, finished]).status_code == 200
    (record,) = records().values()
    assert record[1:] == ("completed", dt.date(2026, 10, 1), dt.date(2026, 11, 2))

    assert lrs.post(voiding(finished)).status_code == 200
    (record,) = records().values()
    assert record[1:] == ("started", dt.date(2026, 10, 1), None)

    # A new completion and a voider of the start in one batch: the completion alone is left.
    again = done("P1", day="2026-11-20")
    assert lrs.post([again, voiding(started)]).status_code == 200
    (record,) = records().values()
    assert record[1:] == ("completed", dt.date(2026, 11, 20), dt.date(2026, 11, 20))

    assert lrs.post(voiding(again)).status_code == 200
    assert records() == {}
