import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from smarterstate.capacity.services.refresh import capacity_refresh
from smarterstate.capacity.tasks import schedule_daily


class Command(BaseCommand):
    help = (
        "Recompute the capacity scorecards (the quarter and financial year containing --as-of, "
        "today by default) and the decisions-due radar. Runs after imports and daily on its own; "
        "use this from cron, or to compute a past period."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="YYYY-MM-DD: compute the periods containing this day.")
        parser.add_argument(
            "--schedule-daily",
            action="store_true",
            help="Also queue the daily background refresh (for the job worker) if none is queued.",
        )

    def handle(self, *args, as_of=None, schedule_daily=False, **options):
        day = None
        if as_of:
            try:
                day = dt.date.fromisoformat(as_of)
            except ValueError as exc:
                raise CommandError(f"--as-of {as_of!r} is not a date (YYYY-MM-DD)") from exc
        run = capacity_refresh(as_of=day, trigger="command")
        if schedule_daily:
            from smarterstate.capacity.tasks import schedule_daily as queue

            queue()
        table = Table(title="Capacity refresh")
        table.add_column("")
        table.add_column("value", justify="right")
        for key, value in run.counts.items():
            table.add_row(key, str(value))
        table.add_row("seconds", f"{run.seconds:.2f}")
        Console(file=self.stdout, width=100).print(table)


__all__ = ["Command", "schedule_daily"]
