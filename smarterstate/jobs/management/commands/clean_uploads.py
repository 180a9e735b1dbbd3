"""Delete uploaded files nobody needs any more, and mark jobs whose worker died.

The worker does the same before each job; run this from cron where workers are idle
for long, or after UPLOAD_KEEP_DAYS changes.
"""

from django.core.management.base import BaseCommand
from rich.console import Console

from smarterstate.jobs.cleanup import uploads_clean


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        counts = uploads_clean()
        console = Console(file=self.stdout, quiet=options["verbosity"] == 0)
        console.print(
            f"Upload folders deleted: {counts['deleted']:,}; kept: {counts['kept']:,}; "
            f"jobs marked interrupted: {counts['interrupted']:,}"
        )
