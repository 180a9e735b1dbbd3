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

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "releases_read": self.releases_read,
            "new": self.new,
            "unchanged": self.unchanged,
            "replaced": self.replaced,
            "rejected": self.rejected,
            "ocids_compiled": self.ocids_compiled,
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
        rejects=report.rejects
        + [
            {"source": e["ocid"], "line": None, "offset": None, "reason": e["reason"]}
            for e in report.compile_errors
        ][: max(0, MAX_KEPT - len(report.rejects))],
        replaced=report.replaced_releases,
        seconds=round(time.monotonic() - report.started, 3),
        **extra,
    )
