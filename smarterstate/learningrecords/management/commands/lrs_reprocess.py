"""Rebuild training records from stored statements, for every mapped learner (of one organisation).

For when the work after storing statements failed (it is logged and the statements are kept), or
activities were added or linked after their statements arrived. Idempotent: records are merged
by the training-record import's rules.
"""

from django.core.management.base import BaseCommand

from ...models import LearnerIdentity
from ...services.learning import identity_map


class Command(BaseCommand):
    help = "Rebuild training records from stored xAPI statements for mapped learners."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="Only this organisation (slug).")

    def handle(self, *args, org=None, **options):
        identities = LearnerIdentity.objects.filter(person__isnull=False).select_related(
            "person", "organisation"
        )
        if org:
            identities = identities.filter(organisation__slug=org)
        learners = changed = 0
        for identity in identities.iterator(chunk_size=500):
            changed += identity_map(identity=identity, person=identity.person)
            learners += 1
        self.stdout.write(
            f"{learners} mapped learners: {changed} training records created or updated."
        )
