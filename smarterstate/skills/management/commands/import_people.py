from django.core.management.base import CommandError

from smarterstate.core.management.base import ImportCommand
from smarterstate.organisations.models import Organisation

from ...importers.people_csv import PeopleCSVImporter


class Command(ImportCommand):
    help = (
        "Import an organisation's people (reference, grade, profession, team, line manager, role "
        "level, location). Re-imports update in place and report joiners, movers and leavers."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--org", required=True, metavar="SLUG", help="The organisation's slug.")

    def get_importer(self, options):
        try:
            organisation = Organisation.objects.get(slug=options["org"])
        except Organisation.DoesNotExist as exc:
            raise CommandError(f"No organisation with slug {options['org']!r}.") from exc
        return PeopleCSVImporter(organisation)
