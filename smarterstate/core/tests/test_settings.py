"""Settings read from the environment (smarterstate/settings.py), checked in fresh processes."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[3]
PRINT_DATABASE = (
    "import django, json; django.setup(); from django.conf import settings; "
    "from django.db import connection; connection.ensure_connection(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'ENGINE': db['ENGINE'], 'NAME': str(db['NAME'])}))"
)


def _run(args: list[str], env: dict[str, str], cwd: Path = BASE_DIR):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            (
                "DJANGO_",
                "DATABASE_",
                "DB_",
                "SECRET_KEY",
                "ALLOWED_HOSTS",
                "SQLITE_",
                "SMARTERSTATE_",
            )
        )
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args],
        env={**clean, "DJANGO_SETTINGS_MODULE": "smarterstate.settings", **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _production_env(**extra: str) -> dict[str, str]:
    return {
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(45)[:60],
        "ALLOWED_HOSTS": "example.gov.uk",
        **extra,
    }


def test_production_settings_pass_the_deploy_check_with_no_warnings():
    env = _production_env()
    assert len(env["SECRET_KEY"]) == 60
    result = _run(
        [str(BASE_DIR / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"], env
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_without_a_secret_key_fails_loudly():
    env = _production_env()
    del env["SECRET_KEY"]
    result = _run([str(BASE_DIR / "manage.py"), "check"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY" in result.stderr


def test_a_short_secret_key_is_refused_in_production():
    result = _run([str(BASE_DIR / "manage.py"), "check"], _production_env(SECRET_KEY="short"))
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_a_debug_value_that_is_not_a_boolean_is_refused():
    result = _run([str(BASE_DIR / "manage.py"), "check"], {"DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG='maybe' is not a boolean" in result.stderr


def test_database_url_selects_an_sqlite_file(tmp_path):
    target = tmp_path / "x.sqlite3"
    result = _run(["-c", PRINT_DATABASE], {"DATABASE_URL": f"sqlite:///{target}"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(target),
    }
    assert target.exists()


def test_a_relative_sqlite_path_is_under_the_project_not_the_working_directory(tmp_path):
    result = _run(
        ["-c", PRINT_DATABASE],
        {"DATABASE_URL": "sqlite:///var/test-relative.sqlite3", "PYTHONPATH": str(BASE_DIR)},
        cwd=tmp_path,
    )
    try:
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["NAME"] == str(BASE_DIR / "var/test-relative.sqlite3")
        assert not (tmp_path / "var").exists()
    finally:
        for suffix in ("", "-wal", "-shm"):
            (BASE_DIR / f"var/test-relative.sqlite3{suffix}").unlink(missing_ok=True)


def test_postgres_urls_select_postgresql():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; "
        "print(db['ENGINE'], db['NAME'], db['HOST'], db['PORT'], db['CONN_MAX_AGE'])"
    )
    result = _run(
        ["-c", code],
        {"DATABASE_URL": "postgres://app@db.internal:5433/smarter", "DB_CONN_MAX_AGE": "60"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "smarter",
        "db.internal",
        "5433",
        "60",
    ]


def test_postgresql_keeps_connections_and_sqlite_opens_one_per_request():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; print(db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'])"
    )
    postgres = _run(["-c", code], {"DATABASE_URL": "postgres://app@db.internal/smarter"})
    sqlite = _run(["-c", code], {"DATABASE_URL": ""})
    assert postgres.returncode == 0, postgres.stderr
    assert postgres.stdout.split() == ["60", "True"]
    assert sqlite.stdout.split() == ["0", "True"]


def test_an_empty_database_url_means_the_default_sqlite_file():
    code = "import django; django.setup(); from django.conf import settings; " + (
        "print(settings.DATABASES['default']['NAME'])"
    )
    result = _run(["-c", code], {"DATABASE_URL": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(BASE_DIR / "var" / "db.sqlite3")
