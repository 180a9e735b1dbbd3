"""Recompute every buyer's and organisation's indicators for today.

Imports recompute only the scopes they touched while the stored indicators are from the same day;
the day's first import otherwise recomputes them all. Run this just after midnight (cron) so
that the day's feeds stay incremental.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from smarterstate.commercial.services.refresh import refresh_indicators


class Command(BaseCommand):
    help = "Recompute every commercial indicator for today (a daily job; imports do only what they touched)."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        rows = refresh_indicators()
        self.stdout.write(f"{rows:,} indicator rows in {time.monotonic() - started:.1f} s")
