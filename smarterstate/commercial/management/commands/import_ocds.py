"""python manage.py import_ocds PATH [PATH ...]: import OCDS releases (any packaging, gzip or not).

Same conventions as every import command (core/management/base.py): a rich progress
bar with the rate on stderr, a summary table, ``--dry-run`` and ``--json``.
"""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from smarterstate.core.importing import InputUnreadable
from smarterstate.core.management.base import add_input_arguments, progress_bar

from ...services.ingest import BATCH_SIZE, OCDSImportReport, ocds_import


class Command(BaseCommand):
    help = (
        "Import OCDS releases from release packages, record packages, JSON lines or concatenated "
        "JSON (gzipped or not; detected from the bytes). - reads stdin."
    )

    def add_arguments(self, parser):
        add_input_arguments(parser)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes that merge releases (default: one per core, at most 2; 1 = none).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="Releases stored per transaction."
        )

    def handle(self, *args, **options):
        progress = progress_bar(options)
        reading = progress.add_task("releases read", total=None, rate=0.0, rejected=0)
        compiling = None
        started = time.monotonic()
        compile_started = 0.0

        def on_progress(report: OCDSImportReport) -> None:
            nonlocal compiling, compile_started
            now = time.monotonic()
            if report.phase == "reading":
                progress.update(
                    reading,
                    completed=report.releases_read,
                    rate=report.releases_read / max(now - started, 1e-6),
                    rejected=report.rejected,
                )
                return
            if compiling is None:
                compile_started = now
                compiling = progress.add_task(
                    "ocids compiled", total=report.to_compile, rate=0.0, rejected=0
                )
            progress.update(
                compiling,
                completed=report.ocids_compiled,
                rate=report.ocids_compiled / max(now - compile_started, 1e-6),
                rejected=len(report.compile_errors),
            )

        try:
            with progress:
                report = ocds_import(
                    paths=options["paths"],
                    dry_run=options["dry_run"],
                    progress=on_progress,
                    batch_size=options["batch_size"],
                    workers=options["workers"],
                )
        except InputUnreadable as exc:
            if options["json"]:
                self.stdout.write(json.dumps({"error": str(exc)}))
            raise CommandError(str(exc)) from exc

        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), default=str))
        else:
            self.print_summary(Console(file=self.stdout, width=100), report)

    def print_summary(self, console: Console, report: OCDSImportReport) -> None:
        title = "OCDS import" + (" (dry run: nothing stored)" if report.dry_run else "")
        table = Table(title=title)
        table.add_column("")
        table.add_column("count", justify="right")
        for label in (
            "releases_read",
            "new",
            "unchanged",
            "replaced",
            "rejected",
            "ocids_compiled",
            "releases_without_id",
        ):
            table.add_row(label.replace("_", " "), f"{getattr(report, label):,}")
        table.add_row("files", str(len(report.files)))
        table.add_row("seconds", f"{report.seconds:.2f}")
        if report.seconds:
            table.add_row("releases/s", f"{report.releases_read / report.seconds:,.0f}")
        console.print(table)
        for reject in report.rejects[:50]:
            where = reject["source"]
            if reject["line"] is not None:
                where += f":{reject['line']}"
            if reject["offset"] is not None:
                where += f"@{reject['offset']}"
            console.print(
                f"[red]rejected[/red] {where}: {reject['reason']}", highlight=False, soft_wrap=True
            )
        if report.rejected > 50:
            console.print(f"… and {report.rejected - 50:,} more rejects (use --json for all kept)")
        for warning in report.warnings:
            console.print(f"[yellow]warning[/yellow] {warning}", highlight=False, soft_wrap=True)
        for item in report.changed_releases_without_id[:20]:
            console.print(
                f"changed, no id: {item['ocid']} dated {item['date']} ({item['source']})",
                highlight=False,
                soft_wrap=True,
            )
        for item in report.replaced_releases[:20]:
            console.print(
                f"replaced {item['ocid']} / {item['id']} ({item['source']})",
                highlight=False,
                soft_wrap=True,
            )
        for error in report.compile_errors[:20]:
            console.print(
                f"[red]not compiled[/red] {error['ocid']}: {error['reason']}",
                highlight=False,
                soft_wrap=True,
            )
