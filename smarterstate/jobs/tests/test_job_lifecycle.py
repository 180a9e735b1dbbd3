"""What a job leaves behind: uploads deleted when it ends, and a dead worker's job marked interrupted."""

from __future__ import annotations

import datetime as dt
import os
import socket

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from smarterstate.commercial.models import ImportStatus, OCDSImport
from smarterstate.commercial.services.import_runs import import_runs_interrupted_mark
from smarterstate.core import liveness
from smarterstate.jobs import cleanup, services
from smarterstate.jobs.models import Job, JobStatus
from smarterstate.jobs.tests.test_import_jobs import GOOD_CSV, keep_signal_handlers, run_worker

__all__ = ["keep_signal_handlers"]  # the fixture, used by name below

HOST = socket.gethostname()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def start(user, data=GOOD_CSV) -> Job:
    return services.import_job_start(
        importer="organisations",
        upload=SimpleUploadedFile("organisations.csv", data),
        description="Import",
        user=user,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("data", [GOOD_CSV, b"not,the,right,columns\n"], ids=["ok", "failing"])
def test_the_upload_is_deleted_when_its_job_ends(superuser, keep_signal_handlers, data):
    job = start(superuser, data)
    folder = cleanup.upload_folder(job.pk)
    assert folder.exists()

    run_worker()

    job.refresh_from_db()
    assert job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)
    assert not folder.exists()


@pytest.mark.django_db(transaction=True)
def test_upload_keep_days_keeps_files_until_clean_uploads_finds_them_old(
    superuser, settings, keep_signal_handlers
):
    settings.UPLOAD_KEEP_DAYS = 3
    job = start(superuser)
    run_worker()
    folder = cleanup.upload_folder(job.pk)
    assert folder.exists()

    call_command("clean_uploads", verbosity=0)
    assert folder.exists()  # finished today: kept three days

    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - dt.timedelta(days=4))
    call_command("clean_uploads", verbosity=0)
    assert not folder.exists()


def test_clean_uploads_deletes_old_folders_with_no_job_and_keeps_unfinished_jobs(superuser):
    queued = start(superuser)
    stray = cleanup.upload_folder("not-a-job")
    stray.mkdir(parents=True)
    recent_orphan = cleanup.upload_folder("9b2b8b5e-0000-4000-8000-000000000000")
    recent_orphan.mkdir(parents=True)
    old = timezone.now() - dt.timedelta(hours=2)
    os.utime(stray, (old.timestamp(), old.timestamp()))

    counts = cleanup.uploads_clean()

    assert not stray.exists()  # no job, older than the grace period
    assert recent_orphan.exists()  # may be an upload whose job is not committed yet
    assert cleanup.upload_folder(queued.pk).exists()
    assert counts["deleted"] == 1 and counts["kept"] == 2


def dead_token() -> str:
    """This host and pid, but another start time: the process it named has gone."""
    return f"{HOST}:{os.getpid()}:1"


@pytest.mark.parametrize(
    ("worker", "beat_minutes_ago", "dead"),
    [
        ("this host, a process that has gone", 0, True),  # told at once
        ("", 0, False),
        ("elsewhere:123:456", 1, False),  # another host, recent heartbeat
        ("elsewhere:123:456", 60, True),  # another host, no heartbeat for an hour
    ],
)
def test_a_running_job_whose_worker_died_is_marked_interrupted(
    superuser, worker, beat_minutes_ago, dead
):
    if worker.startswith("this host"):
        worker = dead_token()
    job = start(superuser)
    beat = timezone.now() - dt.timedelta(minutes=beat_minutes_ago)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, worker=worker, heartbeat_at=beat, started_at=beat
    )

    assert cleanup.jobs_interrupted_mark() == int(dead)

    job.refresh_from_db()
    assert job.status == (JobStatus.INTERRUPTED if dead else JobStatus.RUNNING)
    if dead:
        assert job.is_finished and "stopped before it finished" in job.error
        assert not cleanup.upload_folder(job.pk).exists()


def test_a_live_worker_is_not_taken_for_dead(superuser):
    job = start(superuser)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        worker=liveness.process_token(),
        heartbeat_at=timezone.now() - dt.timedelta(days=1),  # busy, but its process lives
    )
    assert cleanup.jobs_interrupted_mark() == 0


def test_the_jobs_pages_show_an_interrupted_job(client, superuser):
    job = start(superuser)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, worker=dead_token())
    cleanup.jobs_interrupted_mark()
    client.force_login(superuser)

    assert "Interrupted" in client.get("/jobs/").content.decode()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Interrupted" in page and "stopped before it finished" in page


def test_a_killed_ocds_import_is_marked_interrupted_and_listed_so(client, superuser):
    killed = OCDSImport.objects.create(files=["a.jsonl"], worker=dead_token())
    other_host = OCDSImport.objects.create(files=["b.jsonl"], worker="elsewhere:1:2")
    OCDSImport.objects.filter(pk=other_host.pk).update(heartbeat_at=timezone.now())

    assert import_runs_interrupted_mark() == 1

    killed.refresh_from_db()
    assert killed.status == ImportStatus.INTERRUPTED
    assert OCDSImport.objects.get(pk=other_host.pk).status == ImportStatus.RUNNING
    client.force_login(superuser)
    assert "Interrupted" in client.get("/commercial/imports/").content.decode()
