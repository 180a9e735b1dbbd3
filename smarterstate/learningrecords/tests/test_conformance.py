"""The ADL LRS Conformance Test Suite, every test, for xAPI 1.0.3 and 2.0.0, against a live server.

Runs once per CI run, on PostgreSQL (``make test`` runs the suite on SQLite first, where the test
database lives in memory and a separate server process cannot reach it). Costs about three
minutes on one test worker: npm install of the suite's dependencies when ``var/lrs-conformance``
has none yet (~30 s), then ~70 s per version. The suite is the snapshot in ``third_party/``.

On Node 20 the runner's passed + failed can fall short of its total (the suite's issue #271), so
the run is judged by its total (every test ran) and its list of failures (none).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import tarfile
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from smarterstate.learningrecords.services.platforms import platform_register
from smarterstate.organisations.models import Organisation

ARCHIVE = settings.BASE_DIR / "third_party" / "lrs-conformance-test-suite-2ec25f2.tar.gz"
WORKDIR = settings.BASE_DIR / "var" / "lrs-conformance"
TOTALS = {"1.0.3": 1365, "2.0.0": 1442}

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").split(":")[0] not in ("postgres", "postgresql"),
        reason="runs once per CI run, on PostgreSQL (the SQLite test database is in memory)",
    ),
]


def _suite() -> Path:
    suite = WORKDIR / "lrs-conformance-test-suite"
    if not (suite / "node_modules" / ".package-lock.json").exists():
        shutil.rmtree(WORKDIR, ignore_errors=True)
        WORKDIR.mkdir(parents=True)
        with tarfile.open(ARCHIVE) as archive:
            archive.extractall(WORKDIR, filter="data")
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=suite,
                       check=True, timeout=600)  # fmt: skip
    return suite


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server(port: int) -> subprocess.Popen:
    database = settings.DATABASES["default"]
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
    env = dict(os.environ, DATABASE_URL=url, DJANGO_DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50),
               ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0", DB_CONN_MAX_AGE="60")  # fmt: skip
    server = subprocess.Popen(
        [str(settings.BASE_DIR / ".venv" / "bin" / "gunicorn"), "smarterstate.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "2", "--log-level", "warning"],
        cwd=settings.BASE_DIR, env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/xapi/about", timeout=2):  # noqa: S310 - our server
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise AssertionError("gunicorn did not start")


def _run(suite: Path, port: int, key: str, secret: str, version: str) -> tuple[dict, str]:
    run = subprocess.run(
        ["node", "bin/console_runner.js", "-e", f"http://127.0.0.1:{port}/xapi", "-a", "-u", key, "-p", secret,
         "-x", version, "-z"],
        cwd=suite, capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    summaries = re.findall(r'\{"total":\d+.*?\}', run.stdout)
    assert summaries, (
        f"no summary from the {version} run:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    )
    assert "Test Suite Complete" in run.stdout, run.stdout[-3000:]
    return json.loads(summaries[-1]), run.stdout


def test_the_adl_conformance_suite_passes_every_test_for_both_versions():
    assert connection.vendor == "postgresql"
    suite = _suite()
    organisation = Organisation.objects.create(slug="conformance", name="Conformance")
    credentials = platform_register(organisation=organisation, name="ADL conformance suite")
    port = _free_port()
    server = _server(port)
    try:
        for version, total in TOTALS.items():
            summary, output = _run(suite, port, credentials.key, credentials.secret, version)
            print(f"xAPI {version}: {summary}")
            assert summary["total"] == total, summary
            assert summary["failed"] == 0, output[-5000:]
    finally:
        server.terminate()
        server.wait(timeout=30)
