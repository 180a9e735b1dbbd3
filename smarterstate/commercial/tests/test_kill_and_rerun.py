"""Killing import_ocds at any moment and running it again ends in exactly the state a clean run gives.

Real processes, really killed: ``manage.py import_ocds`` runs in a subprocess on a
database of its own (a SQLite file, or a PostgreSQL database when the suite runs on
PostgreSQL), is sent SIGKILL at several points (as soon as its import record
appears, midway through storing releases, midway through compiling, and twice in a
row), then run again to completion. The releases, compiled releases and normalised
processes are compared with those of a clean run into a fresh database.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import orjson
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
SAMPLES = [
    BASE_DIR / "data/ocds/uk_contractsfinder_releases_2025-03.jsonl",
    BASE_DIR / "data/ocds/uk_sell2wales_releases_2025-02.jsonl",
]
N_OCIDS = 500
POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def write_input(path: Path) -> int:
    """About 1,300 releases over 500 ocids, shuffled, with a changed duplicate and a bad line."""
    import random

    rng = random.Random(7)
    templates = [
        line for sample in SAMPLES for line in sample.read_bytes().splitlines() if line.strip()
    ]
    lines = []
    for n in range(N_OCIDS):
        for k in range(rng.choice([1, 2, 3, 4])):
            release = orjson.loads(rng.choice(templates))
            release["ocid"] = f"ocds-kill-{n:05d}"
            release["id"] = f"ocds-kill-{n:05d}-{k}"
            release["date"] = f"2025-0{k + 1}-1{rng.randrange(10)}T10:00:00Z"
            lines.append(orjson.dumps(release))
    rng.shuffle(lines)
    changed = orjson.loads(lines[10])
    changed["tag"] = ["tenderUpdate"]
    lines.append(orjson.dumps(changed))  # read later: replaces the earlier copy
    lines.insert(len(lines) // 2, b'{"ocid": "broken')
    path.write_bytes(b"\n".join(lines) + b"\n")
    return len(lines)


class Database:
    """A database a child process can use: a SQLite file, or a PostgreSQL database made from a template."""

    def __init__(self, tmp_path: Path, name: str, template: Database | None = None):
        self.name = name
        if POSTGRES:
            self.dbname = f"ocds_kill_{uuid.uuid4().hex[:10]}"
            template_sql = f" TEMPLATE {template.dbname}" if template else ""
            self._admin(f"CREATE DATABASE {self.dbname}{template_sql}")
        else:
            self.path = tmp_path / f"{name}.sqlite3"
            if template:
                shutil.copy(template.path, self.path)

    @staticmethod
    def _admin(sql: str) -> None:
        import psycopg

        with psycopg.connect(**_pg_params("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    @property
    def url(self) -> str:
        if POSTGRES:
            db = settings.DATABASES["default"]
            auth = db.get("USER") or "postgres"
            if db.get("PASSWORD"):
                auth += f":{db['PASSWORD']}"
            return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{self.dbname}"
        return f"sqlite:///{self.path}"

    def query(self, sql: str) -> list[tuple]:
        if POSTGRES:
            import psycopg

            with psycopg.connect(**_pg_params(self.dbname)) as conn:
                return conn.execute(sql).fetchall()
        conn = sqlite3.connect(self.path, timeout=30)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    def count(self, table: str) -> int:
        try:
            return self.query(f"SELECT COUNT(*) FROM {table}")[0][0]  # noqa: S608 - our own table names
        except Exception:  # the child may hold a lock for a moment; the caller polls again
            return -1

    def drop(self) -> None:
        if POSTGRES:
            self._admin(f"DROP DATABASE IF EXISTS {self.dbname} WITH (FORCE)")


def _pg_params(dbname: str) -> dict:
    db = settings.DATABASES["default"]
    params = {
        "dbname": dbname,
        "user": db.get("USER") or "postgres",
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
    }
    if db.get("PASSWORD"):
        params["password"] = db["PASSWORD"]
    return params


def manage(db: Database, *args: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": db.url, "DJANGO_SETTINGS_MODULE": "smarterstate.settings"}
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def import_to_end(db: Database, path: Path) -> None:
    child = manage(db, "import_ocds", str(path), "--batch-size", "100", "--json")
    _, stderr = child.communicate(timeout=120)
    assert child.returncode == 0, stderr.decode()[-2000:]


def import_and_kill(db: Database, path: Path, when) -> None:
    """Start an import and SIGKILL it as soon as ``when(db)`` is true (or it ends by itself)."""
    child = manage(db, "import_ocds", str(path), "--batch-size", "100", "--json")
    deadline = time.monotonic() + 120
    try:
        while child.poll() is None and time.monotonic() < deadline:
            if when(db):
                child.send_signal(signal.SIGKILL)
                break
            time.sleep(0.005)
    finally:
        child.wait(timeout=30)
        if child.stderr:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL, "the import ended before it could be killed"


def state(db: Database) -> dict:
    """Everything an import decides, without row ids, import ids or timestamps."""
    result = {
        "releases": db.query(
            "SELECT ocid, release_id, date_text, tags, data, content_hash, source "
            "FROM commercial_release ORDER BY ocid, release_id"
        ),
        "compiled": db.query(
            "SELECT ocid, data, releases_digest, release_count FROM commercial_compiledrelease ORDER BY ocid"
        ),
    }
    columns = _columns(db, "commercial_process")  # none if the normaliser has no table yet
    keep = [c for c in columns if c != "id" and not c.endswith("_id") and not c.endswith("_at")]
    if keep:
        result["processes"] = db.query(
            f"SELECT {', '.join(keep)} FROM commercial_process ORDER BY ocid"  # noqa: S608
        )
        for table in ("commercial_award", "commercial_contract", "commercial_lot"):
            result[table] = db.count(table)
    return result


def _columns(db: Database, table: str) -> list[str]:
    if POSTGRES:
        rows = db.query(
            "SELECT column_name FROM information_schema.columns "  # noqa: S608
            f"WHERE table_name = '{table}' ORDER BY ordinal_position"
        )
        return [row[0] for row in rows]
    return [row[1] for row in db.query(f"PRAGMA table_info({table})")]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("kill")
    path = tmp_path / "releases.jsonl"
    write_input(path)
    template = Database(tmp_path, "template")
    migrate = manage(template, "migrate", "--no-input", "-v0")
    _, stderr = migrate.communicate(timeout=180)
    assert migrate.returncode == 0, stderr.decode()[-2000:]
    made = [template]

    def fresh(name: str) -> Database:
        db = Database(tmp_path, name, template)
        made.append(db)
        return db

    clean = fresh("clean")
    import_to_end(clean, path)
    expected = state(clean)
    assert len(expected["compiled"]) == N_OCIDS
    yield path, fresh, expected
    for db in reversed(made):
        db.drop()


def _running_import(db: Database) -> bool:
    return db.count("commercial_ocdsimport") > 0


def _releases_at_least(n: int):
    return lambda db: db.count("commercial_release") >= n


def _compiled_at_least(n: int):
    return lambda db: db.count("commercial_compiledrelease") >= n


@pytest.mark.parametrize(
    "kill_points",
    [
        pytest.param([_running_import], id="as-soon-as-it-starts"),
        pytest.param([_releases_at_least(600)], id="midway-through-storing"),
        pytest.param([_compiled_at_least(N_OCIDS // 3)], id="midway-through-compiling"),
        pytest.param(
            [_releases_at_least(400), _compiled_at_least(N_OCIDS // 2)], id="killed-twice"
        ),
    ],
)
def test_a_killed_import_run_again_ends_as_a_clean_run_does(setup, kill_points):
    path, fresh, expected = setup
    db = fresh("killed")

    for when in kill_points:
        import_and_kill(db, path, when)
    assert db.query("SELECT status FROM commercial_ocdsimport ORDER BY id")[-1][0] == "running"
    import_to_end(db, path)

    # The rerun tells the killed runs' processes are gone and marks them so.
    statuses = [
        status for (status,) in db.query("SELECT status FROM commercial_ocdsimport ORDER BY id")
    ]
    assert statuses == ["interrupted"] * len(kill_points) + ["succeeded"]
    assert state(db) == expected
