"""python manage.py import_capability_framework ROLE_CSV SKILL_CSV [--dry-run] [--json]"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from smarterstate.core.importing import InputUnreadable, open_input

from ...importers.ddat import FrameworkUnreadable, read_framework
from ...services.frameworks import framework_import


class Command(BaseCommand):
    help = (
        "Import the Government Digital and Data capability framework (role content and skill "
        "descriptions CSVs). A new framework version is kept only when something changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("role_csv", metavar="ROLE_CSV")
        parser.add_argument("skill_csv", metavar="SKILL_CSV")
        parser.add_argument("--dry-run", action="store_true", help="Report, store nothing.")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args, **options):
        try:
            role_stream, role_name = open_input(options["role_csv"])
            skill_stream, skill_name = open_input(options["skill_csv"])
            with role_stream, skill_stream:
                snapshot = read_framework(
                    role_stream, skill_stream, role_source=role_name, skill_source=skill_name
                )
        except (InputUnreadable, FrameworkUnreadable) as exc:
            if options["json"]:
                self.stdout.write(json.dumps({"error": str(exc)}))
            raise CommandError(str(exc)) from exc
        report = framework_import(
            snapshot=snapshot, sources=[role_name, skill_name], dry_run=options["dry_run"]
        )
        if options["json"]:
            self.stdout.write(json.dumps(report))
            return
        self.stdout.write(
            f"{report['families']} families, {report['roles']} roles, {report['role_levels']} role "
            f"levels, {report['skills']} skills, {report['requirements']} requirements"
        )
        if report["changed"]:
            self.stdout.write(f"Stored as version {report['version']}. Changes:")
            for kind, change in report["changes"].items():
                self.stdout.write(
                    f"  {kind}: {change['added']} added, {change['removed']} removed, "
                    f"{change['changed']} changed"
                )
        else:
            self.stdout.write(f"No changes since version {report['version']}.")
        for reject in report["rejects"][:50]:
            self.stdout.write(
                f"rejected {reject['source']}:{reject['line']} {reject['field']}: {reject['reason']}"
            )
