"""Training records CSV from learning systems: one row per person × activity.

Columns: ``person`` (staff reference), ``activity`` (activity code), ``status`` (started or
completed), ``date`` (YYYY-MM-DD: when it was started or completed), ``hours`` (optional),
``organisation`` (the person's organisation slug; optional when the import names one).

Built for millions of rows: records are read in batches; each batch loads its people,
activities and existing records in a few queries, ``store`` only compares in memory, and the
batch is written with one upsert (``bulk_create(update_conflicts=True)``). Memory stays flat.
Because ``store`` writes nothing, a rejected record has changed nothing, so ``run_import`` needs
no savepoint per record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from decimal import Decimal, InvalidOperation
from itertools import islice

from django.db import connection, transaction

from smarterstate.core.importing import (
    Importer,
    ImportReport,
    Position,
    Record,
    RecordRejected,
    csv_records,
)
from smarterstate.organisations.models import Organisation

from ..models import LearningActivity, Person, TrainingOrigin, TrainingRecord, TrainingStatus

REQUIRED = ("person", "activity", "status", "date")
BATCH = 5000
STATUSES = {"started": TrainingStatus.STARTED, "completed": TrainingStatus.COMPLETED,
            "in progress": TrainingStatus.STARTED, "complete": TrainingStatus.COMPLETED}  # fmt: skip
EARLIEST = dt.date(1990, 1, 1)
COLUMNS = (
    "organisation_id",
    "person_id",
    "activity_id",
    "status",
    "started_on",
    "completed_on",
    "hours",
    "origin",
)
# What a stored record is compared by: its (person, activity) key, then the values an import sets.
STORED = COLUMNS[1:]


class TrainingRecordsImporter(Importer):
    name = "training records"
    upload_kind = "skills-training-records"
    savepoint_per_record = False
    progress_every = BATCH

    def __init__(self, organisation: str | None = None, refresh: bool = True,
                 origin: str = TrainingOrigin.IMPORT):  # fmt: skip
        self.default_org = Organisation.objects.get(slug=organisation).pk if organisation else None
        self.refresh = refresh
        # A record any import wrote stays an import's record (see TrainingOrigin).
        self.origin = str(origin)
        self.org_ids = dict(Organisation.objects.values_list("slug", "pk"))
        self.activities = {
            code: (pk, org_id)
            for code, pk, org_id in LearningActivity.objects.values_list(
                "code", "pk", "organisation_id"
            )
        }
        self.people: dict[tuple[int, str], int] = {}
        self.existing: dict[tuple[int, int], tuple] = {}
        self.pending: dict[tuple[int, int], tuple] = {}
        # PostgreSQL outside a transaction: batches are written by a second thread (its own
        # connection) while this one parses the next; at most one batch is in flight.
        self.writer: ThreadPoolExecutor | None = None
        self.in_flight: Future | None = None
        self.in_flight_rows: dict[tuple[int, int], tuple] = {}
        self.touched_orgs: set[int] = set()
        self.touched_activities: set[int] = set()
        self.today = dt.date.today()

    # -- reading, a batch at a time ---------------------------------------------------------

    def records(self, stream, source):
        rows = csv_records(stream, source, required=REQUIRED)
        while batch := list(islice(rows, BATCH)):
            self._load(batch)
            yield from batch
            self._flush()

    def rows(self, rows: list[dict], source: str) -> Iterator[Record]:
        """Records from dicts with the CSV's columns (the Learning Record Store's completions),
        batched and merged exactly as a file's rows are."""
        records = (
            Record(Position(source, line=index), dict(row))
            for index, row in enumerate(rows, start=1)
        )
        while batch := list(islice(records, BATCH)):
            self._load(batch)
            yield from batch
            self._flush()

    def _org_of(self, data: dict) -> int | None:
        slug = data.get("organisation", "")
        return self.org_ids.get(slug) if slug else self.default_org

    def _load(self, batch: list[Record]) -> None:
        wanted: dict[int, set[str]] = {}
        for record in batch:
            org_id = record.data["_org"] = self._org_of(record.data)
            person = record.data.get("person", "")
            # The batch is loaded before any of its records is checked, and PostgreSQL fails the
            # whole query on a NUL character; run_import rejects that record on its own turn.
            if org_id is not None and "\x00" not in person:
                wanted.setdefault(org_id, set()).add(person)
        self.people = {}
        # SQLite allows ~1,000 parameters a query; PostgreSQL takes the batch in one.
        chunk = 900 if connection.vendor == "sqlite" else BATCH
        for org_id, refs in wanted.items():
            refs = sorted(refs)
            if connection.vendor == "postgresql":
                # One array parameter rather than thousands of placeholders to parse.
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT id, reference FROM {Person._meta.db_table} "  # noqa: S608 - our own table
                        "WHERE organisation_id = %s AND reference = ANY(%s)",
                        [org_id, refs],
                    )
                    for pk, reference in cursor.fetchall():
                        self.people[(org_id, reference)] = pk
                continue
            for start in range(0, len(refs), chunk):
                for pk, reference in Person.objects.filter(
                    organisation_id=org_id, reference__in=refs[start : start + chunk]
                ).values_list("pk", "reference"):
                    self.people[(org_id, reference)] = pk
        self.existing = {}
        pairs = set()
        for record in batch:
            person_id = self.people.get((record.data["_org"], record.data.get("person", "")))
            activity = self.activities.get(record.data.get("activity", ""))
            if person_id is not None and activity is not None:
                pairs.add((person_id, activity[0]))
        self._load_existing(pairs, chunk)
        # Rows of the batch still being written are not in the database yet.
        for key in pairs & self.in_flight_rows.keys():
            self.existing[key] = self.in_flight_rows[key][3:]

    def _load_existing(self, pairs: set[tuple[int, int]], chunk: int) -> None:
        if not pairs:
            return
        if connection.vendor == "postgresql":
            # Exactly the batch's (person, activity) pairs, in one query.
            people, activities = zip(*pairs, strict=True)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {', '.join('t.' + column for column in STORED)} "  # noqa: S608 - our own table
                    f"FROM {TrainingRecord._meta.db_table} t "
                    "JOIN unnest(%s::bigint[], %s::bigint[]) AS k(p, a) ON t.person_id = k.p AND t.activity_id = k.a",
                    [list(people), list(activities)],
                )
                for row in cursor.fetchall():
                    self.existing[row[:2]] = row[2:]
            return
        person_ids = sorted({p for p, _ in pairs})
        activity_ids = sorted({a for _, a in pairs})
        for start in range(0, len(person_ids), chunk):
            for row in TrainingRecord.objects.filter(
                person_id__in=person_ids[start : start + chunk], activity_id__in=activity_ids
            ).values_list(*STORED):
                if row[:2] in pairs:
                    self.existing[row[:2]] = row[2:]

    def _flush(self) -> None:
        if not self.pending:
            return
        pending, self.pending = self.pending, {}
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            if self.writer is None:
                self.writer = ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix="training-writer"
                )
            self._wait()
            self.in_flight_rows = pending
            self.in_flight = self.writer.submit(self._write, list(pending.values()))
        else:
            self._write(list(pending.values()))

    def _wait(self) -> None:
        if self.in_flight is not None:
            self.in_flight.result()  # re-raises the writer's error here
            self.in_flight, self.in_flight_rows = None, {}

    def _stop_writer(self) -> None:
        if self.writer is not None:
            self._wait()
            # Close the writer thread's own connection (looked up in that thread).
            self.writer.submit(lambda: connection.close()).result()
            self.writer.shutdown()
            self.writer = None

    @staticmethod
    def _write(rows: list[tuple]) -> None:
        if connection.vendor != "postgresql":
            TrainingRecord.objects.bulk_create(
                [TrainingRecord(**dict(zip(COLUMNS, row, strict=True))) for row in rows],
                update_conflicts=True,
                unique_fields=["person", "activity"],
                update_fields=["status", "started_on", "completed_on", "hours", "origin"],
                batch_size=1000,
            )
            return
        # PostgreSQL: COPY the batch into a temporary table, then one INSERT … ON CONFLICT —
        # several times faster than bulk_create's multi-row INSERTs.
        table = TrainingRecord._meta.db_table
        columns = ", ".join(COLUMNS)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE IF NOT EXISTS skills_training_load (organisation_id bigint, person_id bigint, "
                "activity_id bigint, status varchar(10), started_on date, completed_on date, hours numeric(6, 2), "
                "origin varchar(10))"
            )
            cursor.execute("TRUNCATE skills_training_load")
            with cursor.cursor.copy(f"COPY skills_training_load ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM skills_training_load "  # noqa: S608 - our own table and columns
                "ON CONFLICT (person_id, activity_id) DO UPDATE SET status = EXCLUDED.status, "
                "started_on = EXCLUDED.started_on, completed_on = EXCLUDED.completed_on, hours = EXCLUDED.hours, "
                "origin = EXCLUDED.origin"
            )

    # -- one row --------------------------------------------------------------------------------

    def store(self, record: Record) -> str:
        data = record.data
        org_id = data.pop("_org")
        if org_id is None:
            if data.get("organisation"):
                raise RecordRejected(
                    f"unknown organisation {data['organisation']!r}", field="organisation"
                )
            raise RecordRejected("no organisation: add an organisation column or import with --org",
                                 field="organisation")  # fmt: skip
        person_id = self.people.get((org_id, data.get("person", "")))
        if person_id is None:
            raise RecordRejected(f"unknown person {data.get('person', '')!r}", field="person")
        activity = self.activities.get(data.get("activity", ""))
        if activity is None or activity[1] not in (None, org_id):
            raise RecordRejected(f"unknown activity {data.get('activity', '')!r}", field="activity")
        status = STATUSES.get(data.get("status", "").lower())
        if status is None:
            raise RecordRejected(
                f"status {data.get('status', '')!r} is not started or completed", field="status"
            )
        try:
            date = dt.date.fromisoformat(data.get("date", ""))
        except ValueError:
            raise RecordRejected(f"date {data.get('date', '')!r} is not a date (use YYYY-MM-DD)",
                                 field="date") from None  # fmt: skip
        if not EARLIEST <= date <= self.today + dt.timedelta(days=1):
            raise RecordRejected(f"date {date} is not between {EARLIEST} and today", field="date")
        hours = None
        if text := data.get("hours", ""):
            try:
                hours = Decimal(text)
            except InvalidOperation:
                raise RecordRejected(f"hours {text!r} is not a number", field="hours") from None
            if not hours.is_finite() or not 0 <= hours < 10000:
                raise RecordRejected(f"hours {text!r} is not between 0 and 9999", field="hours")
            hours = hours.quantize(Decimal("0.01"))

        key = (person_id, activity[0])
        old = self.existing.get(key)
        if old is None:
            new = (status, date, date if status == TrainingStatus.COMPLETED else None, hours,
                   self.origin)  # fmt: skip
        else:
            old_status, started_on, completed_on, old_hours, old_origin = old
            started_on = min(started_on, date)
            if status == TrainingStatus.COMPLETED:
                completed_on = date
            new_status = TrainingStatus.COMPLETED if completed_on else TrainingStatus.STARTED
            # A "started" row for a completed record only moves the start earlier: the
            # completion's hours stand, so a file with both rows re-imports unchanged.
            if hours is None or (
                status == TrainingStatus.STARTED and old_status == TrainingStatus.COMPLETED
            ):
                hours = old_hours
            origin = (
                TrainingOrigin.IMPORT
                if TrainingOrigin.IMPORT in (old_origin, self.origin)
                else self.origin
            )
            new = (new_status, started_on, completed_on, hours, str(origin))
            if new == old:
                return "unchanged"
        self.existing[key] = new
        self.pending[key] = (org_id, person_id, activity[0], str(new[0]), *new[1:])
        self.touched_orgs.add(org_id)
        self.touched_activities.add(activity[0])
        return "created" if old is None else "updated"

    def finish(self, report: ImportReport) -> None:
        self._flush()
        self._stop_writer()
        if self.refresh and self.touched_activities:
            from ..services.refresh import skills_refresh

            # Only the touched organisations' gaps and campaign rows (ADR 0014).
            counts = skills_refresh(
                organisations=self.touched_orgs, activities=self.touched_activities
            )
            report.extra["campaigns refreshed"] = counts["campaigns"]
