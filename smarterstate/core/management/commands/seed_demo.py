from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string
from rich.console import Console
from rich.table import Table

from smarterstate.core.demo import DEMO_SEEDERS
from smarterstate.organisations.demo import persona_logins


class Command(BaseCommand):
    help = (
        "Create or refresh demo organisations, users and data (idempotent). Prints the demo logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only seed when there are no organisations yet (used by `make run`).",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DEBUG off. Demo passwords are public: never on a real service.",
        )

    def handle(self, *args, if_empty, allow_production, **options):
        from smarterstate.organisations.models import Organisation

        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to create demo users with public passwords when DEBUG is off."
            )
        console = Console(file=self.stdout, width=110)
        if if_empty and Organisation.objects.exists():
            console.print(
                "Organisations exist already: demo data not re-seeded (run seed_demo to refresh)."
            )
        else:
            with transaction.atomic():
                for path in DEMO_SEEDERS:
                    import_string(path)(stdout=self.stdout)
        logins = persona_logins()
        table = Table(title="Demo logins (demo only: these passwords are public)")
        table.add_column("username")
        table.add_column("password")
        table.add_column("what they can do")
        for username, password, describe in logins:
            table.add_row(username, password, describe)
        console.print(table)
