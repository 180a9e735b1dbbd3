import time

from django.core.management.base import BaseCommand, CommandError

from smarterstate.organisations.models import Organisation

from ...services.refresh import skills_refresh


class Command(BaseCommand):
    help = (
        "Recompute the pre-aggregated gap analysis and campaign figures: all of them (after bulk "
        "loads or framework changes), or only some organisations' (--org)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--org",
            action="append",
            metavar="SLUG",
            help="Only this organisation's gaps and campaign rows (repeat for several).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        organisations = None
        if slugs := options.get("org"):
            found = dict(Organisation.objects.filter(slug__in=slugs).values_list("slug", "pk"))
            if missing := sorted(set(slugs) - set(found)):
                raise CommandError(f"No organisation with slug {', '.join(map(repr, missing))}.")
            organisations = set(found.values())
        counts = skills_refresh(organisations=organisations)
        self.stdout.write(
            f"Refreshed the gaps of {counts['organisations']} organisation(s) and "
            f"{counts['campaigns']} campaign(s) in {time.monotonic() - started:.1f}s"
        )
