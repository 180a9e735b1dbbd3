"""Web uploads run as background jobs: upload → queued Job → worker → report on the job page."""

from __future__ import annotations

import gzip
import html
import io
import os
import re
import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from smarterstate.core.tests.helpers import csv_bytes
from smarterstate.jobs import services
from smarterstate.jobs.models import Job, JobStatus
from smarterstate.jobs.tasks import run_import_job
from smarterstate.organisations.models import Organisation

GOOD_CSV = csv_bytes(
    [
        ["name", "slug", "type", "parent_slug"],
        ["Cabinet Office", "cabinet-office", "ministerial-department", ""],
        [
            "Crown Commercial Service",
            "crown-commercial-service",
            "executive-agency",
            "cabinet-office",
        ],
        ["Nowhere Agency", "nowhere", "executive-agency", "no-such-parent"],
    ]
)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def keep_signal_handlers():
    """db_worker installs its own SIGINT/SIGTERM handlers; put pytest's back afterwards."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def run_worker() -> None:
    call_command(
        "db_worker",
        batch=True,
        startup_delay=False,
        reload=False,
        queue_name="*",
        interval=0,
        verbosity=0,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


def upload(client, data: bytes, name: str = "organisations.csv"):
    return client.post(
        "/organisations/import/", {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


def _text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_csv_is_imported_by_the_worker(client, superuser, keep_signal_handlers):
    client.force_login(superuser)

    response = upload(client, GOOD_CSV)

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/{job.pk}/?refresh=on"
    assert job.status == JobStatus.QUEUED
    assert job.kind == "import:organisations"
    assert job.created_by == superuser
    assert job.description == "Import organisations from organisations.csv"
    assert job.task_id  # enqueued once the job row was committed
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    assert not Organisation.objects.exists()

    run_worker()

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.started_at and job.finished_at and job.started_at <= job.finished_at
    assert job.progress_done == job.progress_total == 3
    report = job.report
    assert (report["read"], report["created"], report["rejected"]) == (3, 2, 1)
    assert report["rejects"][0]["line"] == 4
    assert "no-such-parent" in report["rejects"][0]["reason"]
    assert Organisation.objects.get(slug="crown-commercial-service").parent.slug == (
        "cabinet-office"
    )
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_a_file_missing_columns_fails_the_job_with_a_readable_error(
    client, superuser, keep_signal_handlers
):
    client.force_login(superuser)
    wrong = b"name,kind\nCabinet Office,department\n"
    # The upload form refuses it before queuing (core.upload_content) ...
    refused = _text(upload(client, wrong, "wrong.csv"))
    assert "wrong.csv: the first row must name the columns; it lacks slug, type" in refused
    assert not Job.objects.exists()
    # ... and a job started without the form (the API, a script) still fails readably.
    services.import_job_start(
        importer="organisations",
        upload=SimpleUploadedFile("wrong.csv", wrong, "text/csv"),
        description="Import organisations from wrong.csv",
        user=superuser,
    )

    run_worker()

    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error == "wrong.csv, line 1: missing column(s) slug, type; found name, kind"
    assert job.finished_at is not None
    assert not Organisation.objects.exists()
    page = _text(client.get(f"/jobs/{job.pk}/"))
    assert "The job failed" in page
    assert "wrong.csv, line 1: missing column(s) slug, type" in page


@pytest.mark.django_db
def test_the_job_page_shows_the_report_and_rejects_without_server_paths(
    client, superuser, media_in_tmp, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, gzip.compress(GOOD_CSV), "my orgs.csv")
    job = Job.objects.get()
    assert job.arguments["paths"][0].startswith(str(media_in_tmp))

    run_import_job.call(str(job.pk))

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.report["files"] == ["my_orgs.csv"]
    assert [r["source"] for r in job.report["rejects"]] == ["my_orgs.csv"]
    response = client.get(f"/jobs/{job.pk}/")
    assert str(media_in_tmp) not in response.content.decode()
    text = _text(response)
    assert "Succeeded" in text
    assert "Read 3 Created 2 Updated 0 Unchanged 0 Rejected 1" in text
    assert "my_orgs.csv 4 parent_slug 'no-such-parent' is not a known organisation" in text


@pytest.mark.django_db
def test_the_failed_job_error_does_not_show_server_paths(superuser, media_in_tmp):
    job = services.import_job_start(
        importer="organisations",
        upload=SimpleUploadedFile("bad.csv", b"name\nCaf\x81\n"),  # no character in cp1252
        description="Import",
        user=superuser,
    )
    run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("bad.csv, line 2: not UTF-8")
    assert str(media_in_tmp) not in job.error


@pytest.mark.django_db
def test_a_job_whose_file_has_gone_fails_rather_than_staying_running(superuser, media_in_tmp):
    job = services.import_job_start(
        importer="organisations",
        upload=SimpleUploadedFile("orgs.csv", GOOD_CSV),
        description="Import",
        user=superuser,
    )
    for path in job.arguments["paths"]:
        os.remove(path)

    run_import_job.call(str(job.pk))

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "orgs.csv: cannot open" in job.error


@pytest.mark.django_db
def test_a_job_with_an_unknown_importer_fails_rather_than_staying_running(superuser):
    job = Job.objects.create(
        kind="import:nope", description="Broken", arguments={"importer": "nope", "paths": []}
    )
    with pytest.raises(KeyError):
        run_import_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "nope" in job.error


@pytest.mark.django_db
def test_import_job_start_refuses_an_unknown_importer(superuser):
    with pytest.raises(ValueError, match="unknown importer"):
        services.import_job_start(
            importer="nope",
            upload=SimpleUploadedFile("x.csv", b""),
            description="x",
            user=superuser,
        )
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_import_job_start_keeps_a_safe_file_name(superuser, media_in_tmp):
    job = services.import_job_start(
        importer="organisations",
        upload=SimpleUploadedFile("../../etc/pass wd.csv", GOOD_CSV),
        description="Import",
        user=superuser,
    )
    path = job.arguments["paths"][0]
    assert path == str(media_in_tmp / "uploads" / str(job.pk) / "pass_wd.csv")
    with open(path, "rb") as handle:
        assert handle.read() == GOOD_CSV


@pytest.mark.django_db
def test_only_superusers_may_upload(client, admin_a):
    client.force_login(admin_a)
    response = upload(client, GOOD_CSV)
    assert response.status_code == 403
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_an_upload_form_without_a_file_shows_an_error(client, superuser):
    client.force_login(superuser)
    response = client.post("/organisations/import/", {})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Job.objects.exists()
