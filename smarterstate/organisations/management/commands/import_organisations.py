from smarterstate.core.management.base import ImportCommand
from smarterstate.organisations.importers.organisations_csv import OrganisationsCSVImporter


class Command(ImportCommand):
    help = "Create or update organisations from CSV (columns: name, slug, type, parent_slug)."

    def get_importer(self, options):
        return OrganisationsCSVImporter()
