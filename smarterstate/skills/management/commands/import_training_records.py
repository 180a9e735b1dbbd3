import json
import time

from django.core.management.base import CommandError
from rich.console import Console

from smarterstate.core.importing import ImportReport, InputUnreadable
from smarterstate.core.management.base import ImportCommand, progress_bar
from smarterstate.organisations.models import Organisation

from ...importers.batched import run_batched_import
from ...importers.training_csv import TrainingRecordsImporter


class Command(ImportCommand):
    help = (
        "Import training records (person, activity, status started/completed, date, hours; "
        "organisation column or --org). Re-running is idempotent."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--org", metavar="SLUG", help="Organisation of rows with no organisation column."
        )
        parser.add_argument(
            "--no-refresh",
            action="store_true",
            help="Skip recomputing campaign and gap figures afterwards (run refresh_skills later).",
        )

    def get_importer(self, options):
        if options.get("org") and not Organisation.objects.filter(slug=options["org"]).exists():
            raise CommandError(f"No organisation with slug {options['org']!r}.")
        return TrainingRecordsImporter(
            organisation=options.get("org"), refresh=not options["no_refresh"]
        )

    def handle(self, *args, **options):
        # As ImportCommand.handle, with the batched runner (no savepoint per record).
        importer = self.get_importer(options)
        progress = progress_bar(options)
        task_id = progress.add_task(importer.name, total=None, rate=0.0, rejected=0)
        started = time.monotonic()

        def on_progress(report: ImportReport, _total) -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            progress.update(
                task_id, completed=report.read, rate=report.read / elapsed, rejected=report.rejected
            )

        try:
            with progress:
                report = run_batched_import(
                    importer, options["paths"], dry_run=options["dry_run"], progress=on_progress
                )
        except InputUnreadable as exc:
            if options["json"]:
                self.stdout.write(json.dumps({"error": str(exc)}))
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), default=str))
        else:
            self.print_summary(Console(file=self.stdout, width=100), report)
