"""The report of one OCDS import (counts, rejects with their positions, what was replaced) and
its copy on the run's OCDSImport record, kept current as the run goes."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...models import OCDSImport
from ...ocds import reader

MAX_KEPT = 1000  # rejects and replaced releases kept in the report and the import record
WRITTEN_KEPT = 50_000  # ocids written remembered by a run; a bigger run scans for stale ocids

WARNINGS = {
    "releases_without_id": (
        "releases have no id: imported, each known by its content (a changed one is a new release)"
    ),
    "releases_without_tag": "releases have no tag: imported (compiling does not need it)",
    "dates_without_time_zone": "releases have a date without a time zone: read as UTC",
    "numbers_as_strings": (
        "releases give values or numbers of tenderers as strings: read as numbers where they are"
    ),
}


@dataclass
class OCDSImportReport:
    """Counting rule: releases_read = new + unchanged + replaced + rejected."""

    files: list[str] = field(default_factory=list)
    releases_read: int = 0
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    rejected: int = 0
    ocids_compiled: int = 0
    # Releases published differently from the standard but imported (ocds.release.NO_ID, …):
    # counted over the run, with one warning per file and kind.
    releases_without_id: int = 0
    releases_without_tag: int = 0
    dates_without_time_zone: int = 0
    numbers_as_strings: int = 0
    warnings: list[str] = field(default_factory=list)
    changed_without_id: int = 0
    changed_releases_without_id: list[dict[str, Any]] = field(default_factory=list)
    # Buyers and organisations whose processes this run changed (before and after), for
    # the indicator refresh; not part of the report's dictionary.
    touched_buyers: set[int] = field(default_factory=set)
    touched_organisations: set[int] = field(default_factory=set)
    flags_changed: set[int] = field(default_factory=set)  # parties whose SME/VCSE flag changed
    # The ocids this run wrote a release of, while there are few (None past WRITTEN_KEPT): what
    # the compile phase must do when the previous run finished (no full scan needed).
    written_ocids: set[str] | None = field(default_factory=set)
    seconds: float = 0.0
    rejects: list[dict[str, Any]] = field(default_factory=list)
    replaced_releases: list[dict[str, Any]] = field(default_factory=list)
    compile_errors: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False
    import_id: int | None = None
    phase: str = "reading"
    to_compile: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def read(self) -> int:  # what jobs.services reads as progress
        return self.releases_read

    def reject(self, where: reader.Where, reason: str) -> None:
        self.rejected += 1
        if len(self.rejects) < MAX_KEPT:
            self.rejects.append(where.as_dict(reason))

    def note_written(self, ocid: str) -> None:
        if self.written_ocids is None:
            return
        self.written_ocids.add(ocid)
        if len(self.written_ocids) > WRITTEN_KEPT:
            self.written_ocids = None

    def note_file(self, name: str, notes: dict[str, int]) -> None:
        """Count one file's departures from the standard and warn once per kind."""
        for kind, count in notes.items():
            if not count:
                continue
            setattr(self, kind, getattr(self, kind) + count)
            self.warnings.append(f"{name}: {count} {WARNINGS[kind]}")

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "releases_read": self.releases_read,
            "new": self.new,
            "unchanged": self.unchanged,
            "replaced": self.replaced,
            "rejected": self.rejected,
            "ocids_compiled": self.ocids_compiled,
            "releases_without_id": self.releases_without_id,
            "releases_without_tag": self.releases_without_tag,
            "dates_without_time_zone": self.dates_without_time_zone,
            "numbers_as_strings": self.numbers_as_strings,
            "warnings": self.warnings,
            "changed_without_id": self.changed_without_id,
            "changed_releases_without_id": self.changed_releases_without_id,
            "seconds": round(self.seconds, 3),
            "rejects": self.rejects,
            "replaced_releases": self.replaced_releases,
            "compile_errors": self.compile_errors,
            "dry_run": self.dry_run,
            "import_id": self.import_id,
        }


Progress = Callable[[OCDSImportReport], None]


def save_counts(record: OCDSImport | None, report: OCDSImportReport, **extra: Any) -> None:
    if record is None:
        return
    OCDSImport.objects.filter(pk=record.pk).update(
        releases_read=report.releases_read,
        releases_new=report.new,
        releases_unchanged=report.unchanged,
        releases_replaced=report.replaced,
        releases_rejected=report.rejected,
        ocids_compiled=report.ocids_compiled,
        releases_without_id=report.releases_without_id,
        warnings=report.warnings,
        rejects=report.rejects
        + [
            {"source": e["ocid"], "line": None, "offset": None, "reason": e["reason"]}
            for e in report.compile_errors
        ][: max(0, MAX_KEPT - len(report.rejects))],
        replaced=report.replaced_releases,
        seconds=round(time.monotonic() - report.started, 3),
        **extra,
    )
