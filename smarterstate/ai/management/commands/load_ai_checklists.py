"""Store the AI assurance checklists (versioned) from data/frameworks/checklists.json. Idempotent."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from smarterstate.ai.services.checklists import CHECKLISTS_PATH, checklists_load


class Command(BaseCommand):
    help = (
        "Load the AI Playbook, ICO DPIA screening, Data Ethics Framework and AI Cyber Security "
        "Code of Practice checklists as versioned rows. Re-running stores nothing new; a changed "
        "version is refused (add it under a new key instead)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", default=str(CHECKLISTS_PATH), help="The checklists JSON file."
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args, **options):
        try:
            report = checklists_load(path=options["path"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report))
            return
        for label, outcome in report.items():
            self.stdout.write(f"{label}: {outcome}")
        created = sum(1 for outcome in report.values() if outcome == "created")
        self.stdout.write(
            f"{len(report)} checklists read, {created} stored, {len(report) - created} unchanged."
        )
