import time

from django.core.management.base import BaseCommand

from smarterstate.organisations.models import Organisation

from ...models import Campaign, Person
from ...services.campaigns import campaign_refresh
from ...services.gaps import gaps_refresh


class Command(BaseCommand):
    help = "Recompute the pre-aggregated gap analysis and campaign figures (after bulk loads)."

    def handle(self, *args, **options):
        started = time.monotonic()
        org_ids = Person.objects.values_list("organisation_id", flat=True).distinct()
        for organisation in Organisation.objects.filter(pk__in=org_ids):
            gaps_refresh(organisation=organisation)
        for campaign in Campaign.objects.all():
            campaign_refresh(campaign=campaign)
        self.stdout.write(f"Refreshed in {time.monotonic() - started:.1f}s")
