"""Bulk writes for normalisation: COPY on PostgreSQL, one executemany on SQLite.

Django's bulk_create builds a model instance per row and prepares each value in Python;
at a million releases that costs more than the database does. PostgreSQL's COPY takes rows
as they are, so inserts and upserts (COPY into a temporary table, then one INSERT … ON
CONFLICT DO UPDATE) run several times faster. On SQLite, rows go to one executemany of
INSERT [… ON CONFLICT DO UPDATE], with only the values SQLite cannot take as they are
(dates, decimals, JSON) prepared by their fields.

Rows are tuples in ``fields`` order; fields are model attribute names (``process_id``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from django.db import connection, models


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    # get_field accepts attribute names too ("process_id" → the process foreign key).
    return [model._meta.get_field(name).column for name in fields]


# Values of these fields go to SQLite as they are; others are prepared by their field.
_AS_IS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}


def _sqlite_write(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple], suffix: str
) -> None:
    preparers = [
        None
        if field.get_internal_type() in _AS_IS
        else (lambda value, field=field: field.get_db_prep_save(value, connection))
        for field in (model._meta.get_field(name) for name in fields)
    ]
    if any(preparers):
        rows = [
            tuple(
                value if prepare is None or value is None else prepare(value)
                for prepare, value in zip(preparers, row, strict=True)
            )
            for row in rows
        ]
    columns = ", ".join(_columns(model, fields))
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({placeholders}){suffix}"  # noqa: S608 — names from model meta
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


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
    _sqlite_write(model, fields, rows, "")


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
        conflict = ", ".join(_columns(model, unique))
        assignments = ", ".join(f"{c} = excluded.{c}" for c in _columns(model, update))
        _sqlite_write(model, fields, rows, f" ON CONFLICT ({conflict}) DO UPDATE SET {assignments}")
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
