import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from smarterstate.skills.models import CampaignStat, GapCell, TrainingRecord

from . import factories

HEADER = "organisation,person,activity,status,date,hours\n"


def run(tmp_path, text, *extra) -> dict:
    path = tmp_path / "training.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_training_records", str(path), "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def staff(org_a, org_b):
    return {
        "a1": factories.person(org_a, "A1"),
        "a2": factories.person(org_a, "A2"),
        "b1": factories.person(org_b, "B1"),
        "obt": factories.activity("OBT-1"),
        "dwp": factories.activity("DWP-DATA", organisation=org_a),
    }


@pytest.mark.django_db
def test_it_imports_records_and_is_idempotent(tmp_path, org_a, org_b, staff):
    text = HEADER + (
        f"{org_a.slug},A1,OBT-1,started,2023-10-02,1\n"
        f"{org_a.slug},A2,OBT-1,completed,2023-10-03,2.5\n"
        f"{org_b.slug},B1,OBT-1,started,2023-10-04,\n"
        f"{org_a.slug},A1,DWP-DATA,completed,2023-11-01,3\n"
    )
    report = run(tmp_path, text)
    assert (report["read"], report["created"], report["rejected"]) == (4, 4, 0)
    a2 = TrainingRecord.objects.get(person=staff["a2"])
    assert (a2.status, a2.started_on, a2.completed_on, str(a2.hours)) == (
        "completed", dt.date(2023, 10, 3), dt.date(2023, 10, 3), "2.50",
    )  # fmt: skip
    assert TrainingRecord.objects.get(person=staff["b1"]).organisation == org_b
    again = run(tmp_path, text)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 4)
    assert TrainingRecord.objects.count() == 4


@pytest.mark.django_db
def test_completion_updates_the_started_record(tmp_path, org_a, staff):
    run(tmp_path, HEADER + f"{org_a.slug},A1,OBT-1,started,2023-10-02,\n")
    report = run(tmp_path, HEADER + f"{org_a.slug},A1,OBT-1,completed,2023-10-20,2\n")
    assert report["updated"] == 1
    record = TrainingRecord.objects.get()
    assert (record.status, record.started_on, record.completed_on) == (
        "completed", dt.date(2023, 10, 2), dt.date(2023, 10, 20),
    )  # fmt: skip


@pytest.mark.django_db
def test_bad_rows_are_reported_with_line_and_field(tmp_path, org_a, org_b, staff):
    text = HEADER + (
        f"{org_a.slug},A1,OBT-1,started,2023-10-02,1\n"
        f"{org_a.slug},NOBODY,OBT-1,started,2023-10-02,1\n"
        f"{org_a.slug},A1,NO-SUCH,started,2023-10-02,1\n"
        f"{org_a.slug},A2,OBT-1,started,2023-13-45,1\n"
        f"{org_a.slug},A2,OBT-1,paused,2023-10-02,1\n"
        f"{org_a.slug},A2,OBT-1,started,2023-10-02,lots\n"
        f"nowhere,A2,OBT-1,started,2023-10-02,1\n"
        f"{org_b.slug},B1,DWP-DATA,started,2023-10-02,1\n"
    )
    report = run(tmp_path, text)
    assert report["created"] == 1 and report["rejected"] == 7
    assert [(r["line"], r["field"]) for r in report["rejects"]] == [
        (3, "person"), (4, "activity"), (5, "date"), (6, "status"), (7, "hours"),
        (8, "organisation"), (9, "activity"),
    ]  # fmt: skip


@pytest.mark.django_db
def test_org_option_fills_a_missing_organisation_column(tmp_path, org_a, staff):
    report = run(
        tmp_path, "person,activity,status,date\nA1,OBT-1,started,2023-10-02\n", "--org", org_a.slug
    )
    assert report["created"] == 1
    with pytest.raises(CommandError):
        run(
            tmp_path,
            "person,activity,status,date\nA1,OBT-1,started,2023-10-02\n",
            "--org",
            "nowhere",
        )


@pytest.mark.django_db
def test_wrong_headers_fail_the_file(tmp_path):
    with pytest.raises(CommandError, match="missing column"):
        run(tmp_path, "who,what\nx,y\n")


@pytest.mark.django_db
def test_an_import_refreshes_campaign_figures_and_gaps(tmp_path, org_a, staff):
    fw = factories.framework(org_a, "dwp-all-staff", applies_to_all_staff=True)
    literacy = factories.skill(fw, "Data literacy", baseline_level=1)
    course = factories.activity("LIT-1", skills=[(literacy, 1)])
    campaign = factories.campaign(org_a, activities=[staff["obt"], course])
    run(tmp_path, HEADER + f"{org_a.slug},A1,LIT-1,completed,2023-10-02,1\n")
    stat = CampaignStat.objects.get(campaign=campaign, dimension="organisation")
    assert (stat.population, stat.started, stat.completed) == (2, 1, 1)
    cell = GapCell.objects.get(organisation=org_a, skill=literacy)
    # One of the two has the course as evidence; the other is not assessed, which is no gap.
    assert (cell.required, cell.assessed, cell.met, cell.gap) == (2, 1, 1, 0)


@pytest.mark.django_db(transaction=True)
def test_a_large_file_in_several_batches_outside_a_transaction(tmp_path, org_a, monkeypatch):
    """On PostgreSQL batches are written by a second thread: rows repeated across batches still
    count as updates and keep the earliest start."""
    from smarterstate.skills.importers import training_csv

    monkeypatch.setattr(training_csv, "BATCH", 50)
    for n in range(120):
        factories.person(org_a, f"P{n}")
    factories.activity("OBT-1")
    lines = [f"{org_a.slug},P{n},OBT-1,started,2023-10-{1 + n % 28:02d},1\n" for n in range(120)]
    lines += [f"{org_a.slug},P{n},OBT-1,completed,2023-12-01,2\n" for n in range(0, 120, 2)]
    report = run(tmp_path, HEADER + "".join(lines))
    assert (report["created"], report["updated"], report["rejected"]) == (120, 60, 0)
    assert TrainingRecord.objects.filter(status="completed").count() == 60
    record = TrainingRecord.objects.get(person__reference="P2")
    assert (record.started_on, record.completed_on) == (dt.date(2023, 10, 3), dt.date(2023, 12, 1))
    assert run(tmp_path, HEADER + "".join(lines))["unchanged"] == 180


def nul_rows(org) -> str:
    """Good rows around rows with a NUL character in each column the importer looks up."""
    return HEADER + (
        f"{org.slug},A1,OBT-1,started,2023-10-02,1\n"
        f"{org.slug},A\x001,OBT-1,started,2023-10-02,1\n"
        f"{org.slug},A2,OBT-\x001,started,2023-10-02,1\n"
        f"{org.slug}\x00,A2,OBT-1,started,2023-10-02,1\n"
        f"{org.slug},A2,OBT-1,started\x00,2023-10-02,1\n"
        f"{org.slug},A2,OBT-1,completed,2023-10-03,2\n"
    )


NUL_REJECTS = [
    (3, "person", "person contains a NUL character"),
    (4, "activity", "activity contains a NUL character"),
    (5, "organisation", "organisation contains a NUL character"),
    (6, "status", "status contains a NUL character"),
]


@pytest.mark.django_db
def test_a_nul_character_in_a_looked_up_column_is_a_reject_not_a_crash(tmp_path, org_a, staff):
    """PostgreSQL text cannot hold NUL: the batch's lookup of people must not send one."""
    report = run(tmp_path, nul_rows(org_a))
    assert (report["read"], report["created"], report["rejected"]) == (6, 2, 4)
    assert report["read"] == report["stored"] + report["rejected"]
    assert [(r["line"], r["field"], r["reason"]) for r in report["rejects"]] == NUL_REJECTS
    assert set(TrainingRecord.objects.values_list("person__reference", flat=True)) == {"A1", "A2"}


@pytest.mark.django_db
def test_a_nul_character_is_a_reject_in_a_dry_run(tmp_path, org_a, staff):
    """A dry run is one transaction: a failed query there would abort it, not just the row."""
    report = run(tmp_path, nul_rows(org_a), "--dry-run")
    assert (report["read"], report["created"], report["rejected"]) == (6, 2, 4)
    assert TrainingRecord.objects.count() == 0


@pytest.mark.django_db
def test_a_nul_character_is_a_reject_in_a_web_import_job(
    org_a, staff, superuser, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from smarterstate.jobs.models import JobStatus
    from smarterstate.jobs.services import import_job_start
    from smarterstate.jobs.tasks import run_import_job

    settings.MEDIA_ROOT = str(tmp_path)
    job = import_job_start(
        importer="skills-training-records",
        upload=SimpleUploadedFile("training.csv", nul_rows(org_a).encode()),
        description="Import training records",
        user=superuser,
        organisation=org_a,
        importer_options={"organisation": org_a.slug},
    )
    run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert (job.report["read"], job.report["stored"], job.report["rejected"]) == (6, 2, 4)
    assert [(r["line"], r["field"], r["reason"]) for r in job.report["rejects"]] == NUL_REJECTS
    assert TrainingRecord.objects.count() == 2
