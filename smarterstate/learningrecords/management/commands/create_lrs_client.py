"""Register a learning platform (an xAPI client) for an organisation and print its credentials.

The last two lines are ``key: …`` and ``secret: …``, for scripts (the conformance run reads them).
The secret is shown once: only its hash is kept.
"""

from django.core.management.base import BaseCommand, CommandError

from smarterstate.organisations.models import Organisation

from ...services.platforms import platform_register


class Command(BaseCommand):
    help = (
        "Register a learning platform (xAPI client) for an organisation; prints its key and secret."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="The organisation's slug.")
        parser.add_argument("name", help="The platform's name, unique in the organisation.")

    def handle(self, *args, org, name, **options):
        try:
            organisation = Organisation.objects.get(slug=org)
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation with slug {org!r}") from None
        from django.core.exceptions import ValidationError

        try:
            credentials = platform_register(organisation=organisation, name=name)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(f"Registered learning platform {name!r} for {organisation.name}.")
        self.stdout.write(
            "The xAPI endpoint is /xapi/ on this server; the secret is shown only now."
        )
        self.stdout.write(f"key: {credentials.key}")
        self.stdout.write(f"secret: {credentials.secret}")
