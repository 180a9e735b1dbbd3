"""What the page benchmarks share: a database of their own, Django set up, and the timing loop.

    from _common import ROOT, percentile, sample_page, setup_database

Scripts run as ``.venv/bin/python bench/<script>.py``, so this directory is on ``sys.path`` and
importing this module also puts the project root there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smarterstate.settings")

PG_HOST = "-h127.0.0.1"
PG_USER = "-Upostgres"


def setup_django(*, migrate: bool = True) -> None:
    """django.setup() with the current environment, then (by default) migrate quietly."""
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def _create_postgres_database(name: str, reset: bool) -> None:
    if reset:
        subprocess.run(["dropdb", PG_HOST, PG_USER, "--if-exists", name], check=True)
    if not postgres_database_exists(name):
        subprocess.run(["createdb", PG_HOST, PG_USER, name], check=True)


def postgres_database_exists(name: str) -> bool:
    found = subprocess.run(
        ["psql", PG_HOST, PG_USER, "-Atc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.strip() == "1"


def setup_database(name: str, *, reset: bool = False, sqlite: bool = False) -> None:
    """Point Django at the benchmark's own database (created, or dropped and re-created with
    ``reset``), with DEBUG on as the benchmarks have always run, then set up and migrate.

    PostgreSQL on 127.0.0.1 as postgres by default; ``sqlite`` uses <tmp>/<name>.sqlite3.
    """
    if sqlite:
        path = Path(tempfile.gettempdir()) / f"{name}.sqlite3"
        if reset and path.exists():
            path.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        _create_postgres_database(name, reset)
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ["DJANGO_DEBUG"] = "1"
    setup_django(migrate=True)


def percentile(values: list[float], q: float) -> float:
    """Nearest rank: the sorted value at round(q × (n − 1))."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[index]


def sample_page(client, url: str, repeat: int, *, check: bool = True) -> tuple[list[float], int]:
    """GET ``url`` once to warm caches (as a running server would be), then ``repeat`` times.

    Returns the timings in milliseconds, sorted, and the last status code. Streaming responses
    are read to the end inside the timing. With ``check``, any status but 200 stops the run.
    """
    response = client.get(url)
    if check:
        assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        timings.append((time.perf_counter() - started) * 1000)
        if check:
            assert response.status_code == 200, (url, response.status_code)
    return sorted(timings), response.status_code
