"""Hostile uploads on every upload kind keep a real worker under 300 MB.

Each test queues the four files of the hardening review for one kind (a gzip bomb, a
1 GiB single line, deep JSON nesting and a 10 MB CSV field), then runs the real
``manage.py db_worker --batch`` in a fresh process with production settings on the test
database, and reads its peak resident memory from the kernel (``os.wait4``). Every job
must end, the hostile ones failed with an error naming the limit that stopped them.
"""

from __future__ import annotations

import gzip
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from smarterstate.jobs.models import Job, JobStatus
from smarterstate.jobs.services import import_job_start
from smarterstate.lifecycle.tests.factories import SystemFactory

MiB = 1024 * 1024
PEAK_LIMIT_MB = 300


def gzip_members(first: bytes, repeated: bytes, times: int) -> bytes:
    """A gzip stream of ``first`` then ``repeated`` × ``times``, at almost no cost to build:
    gzip members concatenate, so one compressed member is repeated."""
    member = gzip.compress(repeated, 9)
    return gzip.compress(first, 9) + member * times


# What a file of each kind starts with, so the hostile part is reached past the header.
HEADERS = {
    "organisations": b"name,slug,type,parent_slug\n",
    "skills-people": b"reference,grade,profession,team\n",
    "skills-training-records": b"person,activity,status,date\n",
    "outcome-measurements": b"outcome,date,value\n",
    "lifecycle-register": b"Name,Description\n",
    "lifecycle-sbom": b'{"bomFormat":"CycloneDX","specVersion":"1.5","components":[',
    "ocds": b'{"uri":"x","version":"1.1","releases":[',
    "capacity-people-survey": b"Organisation code,Organisation,B01. I am interested in my work\n",
}


def hostile_files(kind: str) -> dict[str, bytes]:
    header = HEADERS[kind]
    if kind == "lifecycle-sbom":
        field = header + b'{"type":"library","name":"' + b"x" * (10 * MiB) + b'"}]}'
    elif kind == "ocds":
        field = (
            b'{"ocid":"ocds-hostile-1","id":"1","date":"2024-01-01T00:00:00Z","tag":["tender"],'
            b'"tender":{"id":"t","title":"' + b"x" * (10 * MiB) + b'"}}\n'
        )
    else:
        # A quoted 10 MB field: its newlines keep every line short, so the CSV reader
        # meets the whole field (and its own field limit), not the line limit.
        field = header + b'"' + (b"x" * 99 + b"\n") * (100 * 1024) + b'",a,b,c\n'
    # OCDS's single line is one release whose title never ends (JSON lines or a document:
    # the reader cannot tell until the line ends).
    line_start = (
        b'{"ocid":"ocds-hostile-2","id":"2","tender":{"title":"' if kind == "ocds" else header
    )
    return {
        "gzip bomb (1 GiB of empty lines in 1 MB)": gzip_members(header, b"\n" * MiB, 1024),
        "1 GiB single line": gzip_members(line_start, b"a" * MiB, 1024),
        "deep JSON nesting": gzip_members(header, b"[" * MiB, 64),
        "10 MB field": field,
    }


OPTIONS = {
    "organisations": lambda org, system, user: {},
    "skills-people": lambda org, system, user: {"organisation": org.slug},
    "skills-training-records": lambda org, system, user: {"organisation": org.slug},
    "outcome-measurements": lambda org, system, user: {
        "organisation": org.slug,
        "user_id": user.pk,
    },
    "lifecycle-register": lambda org, system, user: {"organisation": org.slug, "kind": "systems"},
    "lifecycle-sbom": lambda org, system, user: {
        "organisation": org.slug,
        "system": system.pk,
        "user": user.pk,
        "filename": "bom.json",
    },
    "ocds": lambda org, system, user: {},
    "capacity-people-survey": lambda org, system, user: {"year": 2019, "user_id": user.pk},
}


LAUNCHER = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""


def run_worker_measured(tmp_path: Path) -> int:
    """Run the real worker over every queued job in a new process; its peak RSS in MB."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "hostile-upload-test-" + "k" * 40,
        "ALLOWED_HOSTS": "localhost",
        "SMARTERSTATE_VAR_DIR": str(tmp_path),
        "LOG_LEVEL": "ERROR",
    }
    database = None
    if connection.vendor == "sqlite":
        # The test database lives in this process's memory: hand the worker a file copy,
        # and copy its results back afterwards.
        database = tmp_path / "worker.sqlite3"
        with sqlite3.connect(database) as target:
            connection.connection.backup(target)
        env["DATABASE_URL"] = f"sqlite:///{database}"
    else:
        name = connection.settings_dict["NAME"]
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    # Linux carries a process's peak RSS across exec, so a worker started straight from this
    # (big) test process would report the test process's peak. A small launcher starts it
    # instead and reports its children's peak (RUSAGE_CHILDREN: the worker and its pool).
    process = subprocess.Popen(  # noqa: S603 - our own manage.py
        [
            sys.executable,
            "-c",
            LAUNCHER,
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "db_worker",
            "--batch",
            "--queue-name=*",
            "--interval=0",
            "--no-startup-delay",
            "--no-reload",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr.decode(errors="replace")[-3000:]
    if database is not None:
        with sqlite3.connect(database) as source:
            source.backup(connection.connection)
    return int(stdout.split()[-1]) // 1024  # kilobytes on Linux


def queue(kind: str, files: dict[str, bytes], org, system, user) -> dict[str, str]:
    jobs = {}
    for label, data in files.items():
        job = import_job_start(
            importer=kind,
            upload=SimpleUploadedFile(f"{kind}.dat", data),
            description=label,
            user=user,
            organisation=None
            if kind in ("organisations", "ocds", "capacity-people-survey")
            else org,
            importer_options=OPTIONS[kind](org, system, user),
        )
        jobs[label] = str(job.pk)
    return jobs


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", list(OPTIONS))
def test_hostile_files_keep_the_worker_under_300_mb(kind, org_a, superuser, media_in_tmp, tmp_path):
    system = SystemFactory(organisation=org_a, name="Benefits platform")
    jobs = queue(kind, hostile_files(kind), org_a, system, superuser)

    peak_mb = run_worker_measured(tmp_path)
    print(f"{kind}: worker peak {peak_mb} MB")  # shown with -s; docs/uploads.md lists them

    assert peak_mb < PEAK_LIMIT_MB, f"{kind}: the worker peaked at {peak_mb} MB"
    finished = {label: Job.objects.get(pk=pk) for label, pk in jobs.items()}
    for label, job in finished.items():
        assert job.is_finished, f"{kind}, {label}: {job.status}"
        if label != "10 MB field":
            assert job.status == JobStatus.FAILED, f"{kind}, {label}: {job.report}"
            assert "limit for this kind of file" in job.error, f"{kind}, {label}: {job.error}"
            assert "UPLOAD_MAX_" in job.error
    # Every upload is deleted once its job has ended.
    assert not any((media_in_tmp / "uploads").iterdir())
