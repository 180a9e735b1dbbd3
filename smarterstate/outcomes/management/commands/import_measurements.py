from django.core.management.base import CommandError

from smarterstate.core.management.base import ImportCommand
from smarterstate.organisations.models import Organisation

from ...importers.measurements_csv import MeasurementsCSVImporter


class Command(ImportCommand):
    help = (
        "Import outcome measurements from CSV (columns outcome, date, value; optional unit, note). "
        "Rows with an unknown outcome, the wrong unit or a bad date are rejected with line and field."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--org", metavar="SLUG", help="Accept only this organisation's outcomes."
        )

    def get_importer(self, options):
        slug = options.get("org")
        if slug and not Organisation.objects.filter(slug=slug).exists():
            raise CommandError(f"There is no organisation {slug!r}.")
        return MeasurementsCSVImporter(organisation=slug)
