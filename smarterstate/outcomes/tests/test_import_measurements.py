"""import_measurements: per-row rejects naming line and field, idempotent, dry run, web upload."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from smarterstate.jobs.models import Job
from smarterstate.jobs.tasks import run_import_job
from smarterstate.outcomes.models import Measurement

from . import factories as f


@pytest.fixture
def outcome(org_a):
    return f.outcome(f.initiative(org_a))


def _csv(tmp_path, text: str):
    path = tmp_path / "measurements.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(*args) -> dict:
    out = StringIO()
    call_command("import_measurements", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_it_stores_good_rows_and_rejects_bad_ones_with_line_and_field(tmp_path, outcome):
    path = _csv(
        tmp_path,
        "outcome,date,value,unit,note\n"
        f"{outcome.pk},2025-01-31,50,%,January\n"
        f"{outcome.pk},2025-02-28,55,,\n"
        "999999,2025-03-31,60,%,\n"
        f"{outcome.pk},2025-04-31,60,%,\n"
        f"{outcome.pk},2025-05-31,60,days,\n"
        f"{outcome.pk},2025-06-30,lots,%,\n",
    )
    report = _run(path)
    assert (report["read"], report["created"], report["rejected"]) == (6, 2, 4)
    rejects = [(r["line"], r["field"]) for r in report["rejects"]]
    assert rejects == [(4, "outcome"), (5, "date"), (6, "unit"), (7, "value")]
    assert "999999" in report["rejects"][0]["reason"]
    assert "2025-04-31" in report["rejects"][1]["reason"]
    outcome.refresh_from_db()
    assert outcome.latest_value == 55 and outcome.measurement_count == 2


def test_a_second_run_changes_nothing(tmp_path, outcome):
    path = _csv(tmp_path, f"outcome,date,value\n{outcome.pk},2025-01-31,50\n")
    _run(path)
    report = _run(path)
    assert (report["unchanged"], report["created"]) == (1, 0)


def test_a_dry_run_stores_nothing(tmp_path, outcome):
    report = _run(_csv(tmp_path, f"outcome,date,value\n{outcome.pk},2025-01-31,50\n"), "--dry-run")
    assert report["created"] == 1
    assert not Measurement.objects.exists()


def test_a_file_without_the_required_columns_is_refused(tmp_path):
    with pytest.raises(CommandError, match="missing column"):
        call_command(
            "import_measurements", _csv(tmp_path, "outcome,when\n1,2025-01-01\n"), stdout=StringIO()
        )


def test_org_limits_the_import_to_that_organisations_outcomes(tmp_path, org_b, outcome):
    report = _run(
        _csv(tmp_path, f"outcome,date,value\n{outcome.pk},2025-01-31,50\n"), "--org", org_b.slug
    )
    assert report["rejected"] == 1 and report["rejects"][0]["field"] == "outcome"


def test_the_web_upload_runs_the_same_importer_as_a_job(
    client, tmp_path, editor_a, org_a, org_b, outcome
):
    other = f.outcome(f.initiative(org_b, name="B's"))
    client.force_login(editor_a)
    content = f"outcome,date,value\n{outcome.pk},2025-01-31,50\n{other.pk},2025-01-31,50\n".encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("m.csv", content, content_type="text/csv")
    response = client.post(f"/o/{org_a.slug}/outcomes/measurements/upload/", {"file": upload})
    assert response.status_code == 302
    job = Job.objects.get()
    run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert (job.report["created"], job.report["rejected"]) == (1, 1)
    assert job.report["rejects"][0]["source"] == "m.csv"
    assert not other.measurements.exists()
