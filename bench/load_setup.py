"""Prepare the load test (bench/load.sh): the database, demo data, a session and an API token.

Run with the load test's environment (production settings, DATABASE_URL of its own database).
Creates the database when it does not exist, migrates, seeds the demo data when it is empty, and
prints ``<session key> <API token>`` for the demo organisation admin (dwp-admin).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smarterstate.settings")


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        raise SystemExit("The load test runs on PostgreSQL: set LOAD_DATABASE_URL=postgres://…")
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from smarterstate.accounts.models import User

    call_command("migrate", "--noinput", verbosity=0)
    call_command("seed_demo", "--if-empty", "--allow-production", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("collectstatic", "--noinput", verbosity=0)
    user = User.objects.get(username="dwp-admin")
    client = Client()
    client.force_login(user)
    token, _ = Token.objects.get_or_create(user=user)
    print(client.cookies["sessionid"].value, token.key)


if __name__ == "__main__":
    main()
