from django.core.management.base import CommandError

from smarterstate.core.management.base import ImportCommand
from smarterstate.organisations.models import Organisation

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
