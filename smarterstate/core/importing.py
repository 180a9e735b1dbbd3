"""One base for every file import: streaming, per-record errors, a report.

Parsing a format lives in an app's ``importers/`` as an ``Importer``; the CLI
command (``ImportCommand`` in core/management/base.py) and the background job both
drive it through ``run_import`` and get the same ``ImportReport``.

Counting rule: every record read ends in exactly one of ``created``,
``updated``, ``unchanged`` or ``rejected`` — so read = stored + rejected,
where stored = created + updated + unchanged.
"""

from __future__ import annotations

import contextlib
import contextvars
import csv
import datetime as dt
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import IO, Any, Protocol

from django.db import transaction

# InputUnreadable lives with the upload limits (LimitExceeded is one kind of it); importers
# import it from here.
from .text_encoding import CP1252_NOTE, utf8_text_stream
from .uploads import InputUnreadable, open_limited

MAX_REJECTS_KEPT = 1000


class RecordRejected(Exception):
    """One record is bad; it is reported with its position and the import goes on."""

    def __init__(self, reason: str, *, field: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.field = field


@dataclass
class Position:
    source: str
    line: int | None = None
    offset: int | None = None

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f", line {self.line}"
        if self.offset is not None:
            where += f", byte {self.offset}"
        return where


@dataclass
class Reject:
    source: str
    line: int | None
    offset: int | None
    reason: str
    field: str | None = None


class Report(Protocol):
    """What a background job and a command need of any import's report.

    ``ImportReport`` (every ``Importer``) and the OCDS import's own report
    (``commercial.services.ingest.report``, see ADR 0008) both provide it.
    """

    @property
    def read(self) -> int:
        """Records read so far: the job's progress."""
        ...

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data, kept on the job."""
        ...


@dataclass
class ImportReport:
    files: list[str] = field(default_factory=list)
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejects: list[Reject] = field(default_factory=list)
    # What was imported but not as the file said it (a CSV read as Windows-1252): each once.
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def stored(self) -> int:
        return self.created + self.updated + self.unchanged

    def reject(self, position: Position, reason: str, field_name: str | None = None) -> None:
        self.rejected += 1
        if len(self.rejects) < MAX_REJECTS_KEPT:
            self.rejects.append(
                Reject(position.source, position.line, position.offset, reason, field_name)
            )

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def count(self, outcome: str) -> None:
        if outcome not in ("created", "updated", "unchanged"):
            raise ValueError(f"unknown outcome {outcome!r}")
        setattr(self, outcome, getattr(self, outcome) + 1)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["stored"] = self.stored
        data["seconds"] = round(self.seconds, 3)
        return data


@dataclass
class Record:
    position: Position
    data: Any


class Importer:
    """Subclass per format: ``records`` parses, ``store`` writes one record via services.

    ``store`` returns "created", "updated" or "unchanged", or raises RecordRejected.
    """

    name = "records"
    # Each record is stored in its own savepoint, so a reject rolls back only itself. An importer
    # whose ``store`` writes nothing (it checks and buffers in memory, and writes whole batches
    # itself, as training records do) turns it off: at millions of records the savepoint (two
    # autocommit switches and a commit each) costs more than everything else together.
    savepoint_per_record = True
    # Records between progress callbacks; fast importers report less often.
    progress_every = 500
    # Which limits of core.uploads apply to the files it reads (the job's importer name).
    upload_kind = "default"

    def records(self, stream: IO[bytes], source: str) -> Iterator[Record]:
        raise NotImplementedError

    def store(self, record: Record) -> str:
        raise NotImplementedError

    def finish(self, report: ImportReport) -> None:
        """Called once after every record (e.g. to recompute summaries)."""


def open_input(
    path: str, name: str | None = None, *, kind: str = "default"
) -> tuple[IO[bytes], str]:
    """Open a path (or ``-`` for stdin) as bytes, undoing gzip when the bytes say so.

    ``name`` is how reports and errors call the input (the path by default). The stream
    enforces the upload limits of ``kind`` (core.uploads) as it is read: it raises
    LimitExceeded rather than inflate a bomb or build an endless line.
    """
    if path == "-":
        raw: IO[bytes] = sys.stdin.buffer
        name = name or "<stdin>"
    else:
        name = name or path
        try:
            raw = open(path, "rb")  # noqa: SIM115 - the caller closes it
        except OSError as exc:
            raise InputUnreadable(f"{name}: cannot open ({exc.strerror})") from exc
    stream, _guard = open_limited(raw, kind=kind, source=name)
    return stream, name


# The report of the import running in this context, for warnings raised while reading.
_running: contextvars.ContextVar[ImportReport | None] = contextvars.ContextVar(
    "running_import_report", default=None
)


def warn(message: str) -> None:
    """Add a warning to the running import's report (once; nothing outside an import)."""
    report = _running.get()
    if report is not None:
        report.warn(message)


def cp1252_warning(source: str) -> Callable[[], None]:
    """What a reader calls when it finds ``source`` is Windows-1252 text (core.text_encoding)."""
    return lambda: warn(f"{source}: {CP1252_NOTE}.")


def csv_records(
    stream: IO[bytes], source: str, *, required: Iterable[str] = ()
) -> Iterator[Record]:
    """Rows of a UTF-8 CSV (BOM allowed) as dicts, with their line numbers.

    A CSV in Windows-1252 (Excel's plain "CSV") is read as such, with one warning in the
    report; bytes that are text in neither make the file unreadable, as do missing
    required headers (nothing to import).
    """
    text = utf8_text_stream(stream, source, on_cp1252=cp1252_warning(source))
    # Short rows get "" for their missing cells, as if the cells were empty.
    reader = csv.DictReader(text, restval="")
    try:
        headers = [h.strip() for h in (reader.fieldnames or [])]
    except (OSError, EOFError) as exc:  # a corrupt or truncated gzip stream
        raise InputUnreadable(f"{source}: cannot read ({exc})") from exc
    missing = [name for name in required if name not in headers]
    if missing:
        raise InputUnreadable(
            f"{source}, line 1: missing column(s) {', '.join(missing)}; found {', '.join(headers) or 'none'}"
        )
    reader.fieldnames = headers
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, OSError, EOFError) as exc:
            # The underlying reader counts the line it failed on; DictReader's count lags.
            raise InputUnreadable(f"{source}, line {reader.reader.line_num}: {exc}") from exc
        yield Record(
            Position(source, line=reader.line_num),
            {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k is not None},
        )


def parse_date(value: str, field_name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise RecordRejected(
            f"{field_name} {value!r} is not a date (use YYYY-MM-DD)", field=field_name
        ) from exc


ProgressCallback = Callable[[ImportReport, int | None], None]


class _DryRunRollback(Exception):
    pass


def _refuse_nul_characters(record: Record) -> None:
    """PostgreSQL cannot store NUL in text (SQLite can): reject such records on every database."""
    if isinstance(record.data, dict):
        for key, value in record.data.items():
            if isinstance(value, str) and "\x00" in value:
                raise RecordRejected(f"{key} contains a NUL character", field=key)


def run_import(
    importer: Importer,
    paths: list[str],
    *,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    progress_every: int | None = None,
    display_names: dict[str, str] | None = None,
) -> ImportReport:
    """Read every path with the importer, storing records one savepoint at a time.

    A bad record rolls back only itself (unless the importer sets
    ``savepoint_per_record = False``: then its ``store`` must change nothing in the
    database). A dry run does all the work inside one transaction and rolls it back,
    so counts are real but nothing is kept. ``progress_every`` defaults to the
    importer's. ``display_names`` maps a path to the name the report and errors show
    for it (an upload's own file name rather than where the server keeps it).
    """
    report = ImportReport(dry_run=dry_run)
    started = time.monotonic()
    display_names = display_names or {}
    if progress_every is None:
        progress_every = importer.progress_every
    per_record = transaction.atomic if importer.savepoint_per_record else contextlib.nullcontext

    def consume() -> None:
        token = _running.set(report)
        try:
            read_all()
        finally:
            _running.reset(token)

    def read_all() -> None:
        for path in paths:
            stream, source = open_input(path, display_names.get(path), kind=importer.upload_kind)
            report.files.append(source)
            try:
                for record in importer.records(stream, source):
                    report.read += 1
                    try:
                        _refuse_nul_characters(record)
                        with per_record():
                            report.count(importer.store(record))
                    except RecordRejected as exc:
                        report.reject(record.position, exc.reason, exc.field)
                    if progress and report.read % progress_every == 0:
                        progress(report, None)
            finally:
                if stream is not sys.stdin.buffer:
                    stream.close()
        importer.finish(report)

    if dry_run:
        try:
            with transaction.atomic():
                consume()
                raise _DryRunRollback
        except _DryRunRollback:
            pass
    else:
        consume()
        if report.created or report.updated:
            from .signals import data_changed

            data_changed.send(sender=type(importer), what=f"import:{importer.name}", report=report)
    report.seconds = time.monotonic() - started
    if progress:
        progress(report, None)
    return report
