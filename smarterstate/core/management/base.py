"""The base every import command extends: rich progress, a summary, ``--dry-run``, ``--json``.

Subclasses set ``help`` and implement ``get_importer(options)``; parsing and
storing live in the importer so the web upload job shares them.
"""

from __future__ import annotations

import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from smarterstate.core.importing import Importer, ImportReport, InputUnreadable, run_import


def add_input_arguments(parser) -> None:
    """The arguments every import command takes: paths (or -), --dry-run and --json."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="Files to read; - for stdin.")
    parser.add_argument(
        "--dry-run", action="store_true", help="Read and check everything, store nothing."
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="Print the final report as one JSON object on stdout (for scripts).",
    )


def progress_bar(options) -> Progress:
    """A rich progress bar with rate and rejects on stderr, silent with --json or -v 0."""
    console = Console(file=sys.stderr, quiet=options["json"] or options["verbosity"] == 0)
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:,.0f}/s · {task.fields[rejected]:,} rejected"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


class ImportCommand(BaseCommand):
    accepts_stdin = True

    def add_arguments(self, parser):
        add_input_arguments(parser)

    def get_importer(self, options) -> Importer:
        raise NotImplementedError

    def handle(self, *args, **options):
        importer = self.get_importer(options)
        progress = progress_bar(options)
        task_id = progress.add_task(importer.name, total=None, rate=0.0, rejected=0)
        started = time.monotonic()

        def on_progress(report: ImportReport, _total: int | None) -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            progress.update(
                task_id, completed=report.read, rate=report.read / elapsed, rejected=report.rejected
            )

        try:
            with progress:
                report = run_import(
                    importer, options["paths"], dry_run=options["dry_run"], progress=on_progress
                )
        except InputUnreadable as exc:
            if options["json"]:
                self.stdout.write(json.dumps({"error": str(exc)}))
            raise CommandError(str(exc)) from exc

        if options["json"]:
            self.stdout.write(json.dumps(self.json_report(report), default=str))
        else:
            self.print_summary(Console(file=self.stdout, width=100), report)
        return None

    def json_report(self, report: ImportReport) -> dict:
        """What ``--json`` prints; an importer with facts of its own may add them."""
        return report.as_dict()

    def print_summary(self, console: Console, report: ImportReport) -> None:
        table = Table(
            title="Import report" + (" (dry run: nothing stored)" if report.dry_run else "")
        )
        table.add_column("")
        table.add_column("count", justify="right")
        for label in ("read", "created", "updated", "unchanged", "stored", "rejected"):
            table.add_row(label, f"{getattr(report, label):,}")
        for key, value in report.extra.items():
            table.add_row(key, str(value))
        table.add_row("seconds", f"{report.seconds:.2f}")
        console.print(table)
        for warning in report.warnings:
            console.print(f"[yellow]warning[/yellow] {warning}")
        for reject in report.rejects[:50]:
            where = reject.source
            if reject.line is not None:
                where += f":{reject.line}"
            if reject.offset is not None:
                where += f"@{reject.offset}"
            console.print(f"[red]rejected[/red] {where}: {reject.reason}")
        if report.rejected > 50:
            console.print(f"… and {report.rejected - 50:,} more rejects (use --json for all kept)")
