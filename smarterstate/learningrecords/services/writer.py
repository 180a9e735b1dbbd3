"""Writing statement rows and their terms: COPY on PostgreSQL, bulk inserts on SQLite.

At thousands of statements a second the ORM's per-object work (building model instances,
compiling multi-row INSERTs, adapting each value) costs more than the database does, so the
PostgreSQL path takes ids from the sequence in one query and COPYs rows and terms in text form.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import orjson
from django.db import connection

from ..models import Statement, StatementTerm


@dataclass(slots=True)
class Row:
    """A statement's columns (a model instance costs more to build than the row costs to COPY)."""

    statement_id: str
    timestamp: dt.datetime
    version: str
    actor_key: str
    verb: str
    object_id: str
    target_id: str | None
    registration: str | None
    is_voiding: bool
    payload: dict
    pk: int | None = None


def uuid_array(values) -> str:
    """A PostgreSQL uuid[] literal: one text parameter instead of a list psycopg adapts item by item."""
    return "{" + ",".join(str(v) for v in values) + "}"


def text_array(values) -> str:
    """A PostgreSQL text[] (or bigint[]) literal: every element quoted, with the two characters
    that are special inside quotes escaped, so any string (commas, braces, NULL) stays itself."""
    return (
        "{"
        + ",".join('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
        + "}"
    )


def existing_payloads(organisation_id: int, ids: list[str]) -> dict[str, dict]:
    if not ids:
        return {}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT statement_id, payload::text FROM {Statement._meta.db_table} "  # noqa: S608 - our table
                "WHERE organisation_id = %s AND statement_id = ANY(%s::uuid[])",
                [organisation_id, uuid_array(ids)],
            )
            return {str(sid): orjson.loads(payload) for sid, payload in cursor.fetchall()}
    rows = Statement.objects.filter(organisation_id=organisation_id, statement_id__in=ids)
    return {str(sid): payload for sid, payload in rows.values_list("statement_id", "payload")}


def targeted(organisation_id: int, ids) -> set[str]:
    """Which of these statement ids earlier statements target (by StatementRef)."""
    ids = list(ids)
    if not ids:
        return set()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT target_id FROM {Statement._meta.db_table} "  # noqa: S608 - our table
                "WHERE organisation_id = %s AND target_id = ANY(%s::uuid[])",
                [organisation_id, uuid_array(ids)],
            )
            return {str(row[0]) for row in cursor.fetchall()}
    found = Statement.objects.filter(organisation_id=organisation_id, target_id__in=ids)
    return {str(t) for t in found.values_list("target_id", flat=True)}


COLUMNS = ("id", "organisation_id", "platform_id", "statement_id", "stored", "timestamp", "version",
           "actor_key", "verb", "object_id", "target_id", "registration", "is_voiding", "voided",
           "payload")  # fmt: skip


def write(organisation_id: int, platform_id: int, rows: list[Row], terms: list[set[str]],
          stored: dt.datetime) -> None:  # fmt: skip
    """Insert the statements (setting their pk) and one term row per (statement, term)."""
    if connection.vendor != "postgresql":
        Statement.objects.bulk_create(
            [Statement(organisation_id=organisation_id, platform_id=platform_id, statement_id=r.statement_id,
                       stored=stored, timestamp=r.timestamp, version=r.version, actor_key=r.actor_key,
                       verb=r.verb, object_id=r.object_id, target_id=r.target_id, registration=r.registration,
                       is_voiding=r.is_voiding, payload=r.payload)
             for r in rows],
            batch_size=500,
        )  # fmt: skip
        pks = dict(
            Statement.objects.filter(
                organisation_id=organisation_id,
                statement_id__in=[r.statement_id for r in rows],
            ).values_list("statement_id", "pk")
        )
        for row in rows:
            row.pk = pks[uuid.UUID(str(row.statement_id))]
        StatementTerm.objects.bulk_create(
            [StatementTerm(term=t, stored=stored, statement_id=pks[uuid.UUID(row.statement_id)])
             for row, ts in zip(rows, terms, strict=True) for t in ts],
            batch_size=2000,
        )  # fmt: skip
        return
    table = Statement._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row.pk = pk
        raw = cursor.cursor
        # COPY's text format built here, a batch at a time: psycopg's write_row adapts each value
        # of each row in Python, which cost more than the rest of the write.
        when = stored.isoformat()
        with raw.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            copy.write("".join([
                f"{row.pk}\t{organisation_id}\t{platform_id}\t{row.statement_id}\t{when}\t"
                f"{row.timestamp.isoformat()}\t{_text(row.version)}\t{_text(row.actor_key)}\t"
                f"{_text(row.verb)}\t{_text(row.object_id)}\t{row.target_id or NULL}\t"
                f"{row.registration or NULL}\t{'t' if row.is_voiding else 'f'}\tf\t"
                # JSON escapes every control character itself: only backslashes need doubling.
                f"{orjson.dumps(row.payload).decode().replace(BACKSLASH, ESCAPED_BACKSLASH)}\n"
                for row in rows
            ]))  # fmt: skip
        with raw.copy(
            f"COPY {StatementTerm._meta.db_table} (term, stored, statement_id) FROM STDIN"
        ) as copy:
            # Terms are hex digests: nothing to escape.
            copy.write("".join([f"{t}\t{when}\t{row.pk}\n"
                                for row, ts in zip(rows, terms, strict=True) for t in ts]))  # fmt: skip


NULL = "\\N"
BACKSLASH, ESCAPED_BACKSLASH = "\\", "\\\\"


def _text(value: str) -> str:
    """A value in COPY's text format: backslash, tab, newline and carriage return escaped
    (checked first: they almost never occur, and a scan costs less than a replace)."""
    if BACKSLASH in value:
        value = value.replace(BACKSLASH, ESCAPED_BACKSLASH)
    if "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value
