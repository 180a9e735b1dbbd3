"""Storing prepared releases: each (ocid, release id) once, replaced in place when it changed.

Releases are written with plain SQL rather than model instances: at a million releases,
building and compiling ORM inserts costs more than the database does.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

import orjson
from django.db import connection, transaction

from ...models import OCDSImport, Release
from ...ocds import reader
from ...ocds.release import PreparedRelease
from .report import MAX_KEPT, OCDSImportReport, save_counts

BATCH_SIZE = 2000  # releases stored per transaction
QUERY_CHUNK = 900  # values in one IN (…): under SQLite's historical limit of 999
RELEASES_LOCK = 0x4F434453  # "OCDS": PostgreSQL advisory lock key for storing releases


def chunks(items, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def store_batch(
    batch: list[tuple[PreparedRelease, reader.Where]],
    report: OCDSImportReport,
    record: OCDSImport | None,
) -> None:
    with transaction.atomic():
        lock_releases()
        _store_batch_locked(batch, report, record)


def lock_releases() -> None:
    """Concurrent imports take turns per batch, so two cannot both insert one new release.

    SQLite needs nothing: its transactions here are IMMEDIATE, so they already take turns.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RELEASES_LOCK])


def _store_batch_locked(
    batch: list[tuple[PreparedRelease, reader.Where]],
    report: OCDSImportReport,
    record: OCDSImport | None,
) -> None:
    keys = {(p.ocid, p.release_id) for p, _ in batch}
    stored = _stored_hashes(keys)
    current: dict[tuple[str, str], str] = {key: value[1] for key, value in stored.items()}
    to_insert: dict[
        tuple[str, str], tuple[PreparedRelease, str]
    ] = {}  # first-read order, last-read content
    to_update: dict[int, tuple[PreparedRelease, str]] = {}
    for prepared, where in batch:
        key = (prepared.ocid, prepared.release_id)
        known = current.get(key)
        if known == prepared.content_hash:
            report.unchanged += 1
            continue
        if known is None:
            report.new += 1
        else:
            report.replaced += 1
            if len(report.replaced_releases) < MAX_KEPT:
                report.replaced_releases.append(
                    {"ocid": prepared.ocid, "id": prepared.release_id, "source": str(where)}
                )
        current[key] = prepared.content_hash
        report.note_written(prepared.ocid)
        if key in stored:
            to_update[stored[key][0]] = (prepared, str(where)[:500])
        else:
            to_insert[key] = (prepared, str(where)[:500])

    import_id = record.pk if record else None
    without_id = [p for p, _ in to_insert.values() if not p.id_published]
    if without_id:
        _report_changed_without_id(to_insert, report, import_id)
    if to_insert:
        _insert_releases(list(to_insert.values()), import_id)
    if to_update:
        _update_releases(to_update, import_id)
    save_counts(record, report)


def _report_changed_without_id(
    to_insert: dict[tuple[str, str], tuple[PreparedRelease, str]],
    report: OCDSImportReport,
    import_id: int | None,
) -> None:
    """A new release without an id whose ocid and date match a release without an id stored by
    an earlier import is most likely that release republished with changes. Both are kept
    (nothing says which one the publisher meant, and ``ocdskit compile`` of both files would
    merge both), and the report lists it so that someone can look."""
    new = [
        (prepared, source) for prepared, source in to_insert.values() if not prepared.id_published
    ]
    ocids = sorted({prepared.ocid for prepared, _ in new})
    earlier: set[tuple[str, str]] = set()
    for chunk in chunks(ocids, QUERY_CHUNK):
        stored = Release.objects.filter(ocid__in=chunk, id_published=False)
        if import_id is not None:
            stored = stored.exclude(last_import_id=import_id)
        earlier.update(stored.values_list("ocid", "date_text"))
    for prepared, source in new:
        if (prepared.ocid, prepared.date_text) in earlier:
            report.changed_without_id += 1
            if len(report.changed_releases_without_id) < MAX_KEPT:
                report.changed_releases_without_id.append(
                    {"ocid": prepared.ocid, "date": prepared.date_text, "source": source}
                )


def _stored_hashes(keys: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, str]]:
    """(ocid, release id) → (pk, content hash) of the keys already stored."""
    stored: dict[tuple[str, str], tuple[int, str]] = {}
    if connection.vendor == "postgresql":
        # Exactly the keys, as two array parameters: fetching every release of the batch's
        # ocids (as IN (…) on ocid must) reads three times the rows, and re-imports wait on it.
        ocids, release_ids = zip(*sorted(keys), strict=True) if keys else ((), ())
        table = connection.ops.quote_name(Release._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT r.ocid, r.release_id, r.id, r.content_hash FROM {table} r "  # noqa: S608
                "JOIN unnest(%s::text[], %s::text[]) AS k(ocid, release_id) "
                "ON r.ocid = k.ocid AND r.release_id = k.release_id",
                [list(ocids), list(release_ids)],
            )
            for ocid, release_id, pk, content_hash in cursor.fetchall():
                stored[(ocid, release_id)] = (pk, content_hash)
        return stored
    for ocids in chunks(sorted({ocid for ocid, _ in keys}), QUERY_CHUNK):
        for ocid, release_id, pk, content_hash in Release.objects.filter(
            ocid__in=ocids
        ).values_list("ocid", "release_id", "pk", "content_hash"):
            if (ocid, release_id) in keys:
                stored[(ocid, release_id)] = (pk, content_hash)
    return stored


_RELEASE_COLUMNS = (
    "ocid",
    "release_id",
    "date",
    "date_text",
    "tags",
    "data",
    "content_hash",
    "source",
    "first_import_id",
    "last_import_id",
    "id_published",
)


def _release_values(prepared: PreparedRelease, source: str, import_id: int | None) -> tuple:
    date = connection.ops.adapt_datetimefield_value(prepared.date) if prepared.date else None
    return (
        prepared.ocid,
        prepared.release_id,
        date,
        prepared.date_text,
        orjson.dumps(prepared.tags).decode(),
        prepared.data,
        prepared.content_hash,
        source,
        import_id,
        import_id,
        prepared.id_published,
    )


def _insert_releases(rows: list[tuple[PreparedRelease, str]], import_id: int | None) -> None:
    table = connection.ops.quote_name(Release._meta.db_table)
    values = [_release_values(prepared, source, import_id) for prepared, source in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is several times faster than INSERT for many rows.
            with cursor.cursor.copy(
                f"COPY {table} ({', '.join(_RELEASE_COLUMNS)}) FROM STDIN"
            ) as copy:
                for row in values:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(_RELEASE_COLUMNS))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(_RELEASE_COLUMNS)}) VALUES ({placeholders})",  # noqa: S608 - our table and columns
                values,
            )


def _update_releases(rows: dict[int, tuple[PreparedRelease, str]], import_id: int | None) -> None:
    """Replace changed releases in place (their first_import and row order stay)."""
    table = connection.ops.quote_name(Release._meta.db_table)
    columns = ("date", "date_text", "tags", "data", "content_hash", "source", "last_import_id")
    sql = f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} WHERE id = %s"  # noqa: S608 - our table and columns
    values = []
    for pk, (prepared, source) in rows.items():
        row = _release_values(prepared, source, import_id)
        values.append((*row[2:8], import_id, pk))
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)
