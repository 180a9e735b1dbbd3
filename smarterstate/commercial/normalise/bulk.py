"""Bulk writes for normalisation: COPY on PostgreSQL, bulk_create elsewhere.

Django's bulk_create spends most of its time preparing each value in Python; PostgreSQL's
COPY takes rows as they are, so inserts and upserts (COPY into a temporary table, then one
INSERT … ON CONFLICT DO UPDATE) run several times faster. SQLite keeps bulk_create, whose
upsert (``update_conflicts``) does the same job.

Rows are tuples in ``fields`` order; fields are model attribute names (``process_id``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from django.db import connection, models

BATCH_SIZE = 500


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    # get_field accepts attribute names too ("process_id" → the process foreign key).
    return [model._meta.get_field(name).column for name in fields]


def _names(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).name for name in fields]


def _json_positions(model: type[models.Model], fields: Sequence[str]) -> list[int]:
    return [
        i
        for i, name in enumerate(fields)
        if isinstance(model._meta.get_field(name), models.JSONField)
    ]


def _copy(
    cursor, table: str, columns: list[str], rows: Sequence[tuple], json_at: list[int]
) -> None:
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"  # noqa: S608 — names from model meta
    with cursor.copy(sql) as copy:
        for row in rows:
            if json_at:
                row = list(row)
                for i in json_at:
                    row[i] = orjson.dumps(row[i]).decode()
            copy.write_row(row)


def insert(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple]) -> None:
    if not rows:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            _copy(
                cursor.cursor,
                model._meta.db_table,
                _columns(model, fields),
                rows,
                _json_positions(model, fields),
            )
        return
    model.objects.bulk_create(
        [model(**dict(zip(fields, row, strict=True))) for row in rows], batch_size=BATCH_SIZE
    )


def upsert(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[tuple],
    *,
    unique: Sequence[str],
    update: Sequence[str],
) -> None:
    """Insert rows, updating ``update`` fields of rows whose ``unique`` fields already exist."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model.objects.bulk_create(
            objects,
            update_conflicts=True,
            unique_fields=_names(model, unique),
            update_fields=_names(model, update),
            batch_size=BATCH_SIZE,
        )
        return
    table = model._meta.db_table
    temp = f"normalise_{table}"
    columns = _columns(model, fields)
    column_list = ", ".join(columns)
    conflict = ", ".join(_columns(model, unique))
    assignments = ", ".join(f"{c} = EXCLUDED.{c}" for c in _columns(model, update))
    with connection.cursor() as wrapper:
        cursor: Any = wrapper.cursor
        cursor.execute(f"DROP TABLE IF EXISTS {temp}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temp} AS SELECT {column_list} FROM {table} WITH NO DATA"  # noqa: S608
        )
        _copy(cursor, temp, columns, rows, _json_positions(model, fields))
        cursor.execute(
            f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM {temp} "  # noqa: S608
            f"ON CONFLICT ({conflict}) DO UPDATE SET {assignments}"
        )
        cursor.execute(f"DROP TABLE {temp}")
