"""python manage.py import_sbom PATH --org SLUG --system NAME_OR_ID [--as-of DATE] [--json]"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError

from smarterstate.core.importing import InputUnreadable
from smarterstate.core.management.base import ImportCommand

from ...importers.cyclonedx import SBOMImporter


class Command(ImportCommand):
    help = (
        "Import a CycloneDX JSON SBOM (spec 1.2 to 1.6) as a system's components, matched to the "
        "catalogue. The system is created by name if it does not exist. With --json the report "
        "lists every component with its product, cycle and status."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--org", required=True, help="Organisation slug.")
        parser.add_argument("--system", required=True, help="System name or id.")
        parser.add_argument("--as-of", help="Statuses as of this date (YYYY-MM-DD); default today.")

    def get_importer(self, options):
        if len(options["paths"]) != 1:
            raise CommandError("Give one SBOM file.")
        as_of = options.get("as_of")
        if as_of:
            try:
                dt.date.fromisoformat(as_of)
            except ValueError as exc:
                raise CommandError(f"--as-of {as_of!r} is not a date (YYYY-MM-DD)") from exc
        try:
            return SBOMImporter(organisation=options["org"], system=options["system"], as_of=as_of)
        except InputUnreadable as exc:
            raise CommandError(str(exc)) from exc

    def print_summary(self, console, report):
        from rich.table import Table

        components = report.extra.pop("components", [])
        summary = report.extra.pop("summary", {})
        super().print_summary(console, report)
        matched = Table(title="Components matched to the catalogue")
        for heading in ("name", "version", "product", "cycle", "status"):
            matched.add_column(heading)
        for row in components:
            if row["product"]:
                matched.add_row(
                    row["name"], row["version"], row["product"], row["cycle"] or "-", row["status"]
                )
        console.print(matched)
        table = Table(title=f"SBOM report as of {summary.get('as_of')}")
        table.add_column("")
        table.add_column("components", justify="right")
        for key, value in summary.items():
            if key not in ("as_of", "not_covered_reasons"):
                table.add_row(key.replace("_", " "), str(value))
        for reason, count in summary.get("not_covered_reasons", {}).items():
            table.add_row(f"not covered: {reason}", str(count))
        console.print(table)
