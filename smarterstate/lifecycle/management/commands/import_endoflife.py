"""python manage.py import_endoflife PATH_OR_URL [--synced-at ISO-DATETIME] [--dry-run] [--json]"""

from __future__ import annotations

import tempfile
import urllib.request

from django.core.management.base import CommandError

from smarterstate.core.management.base import ImportCommand

from ...importers.endoflife import EndOfLifeImporter

DOWNLOAD_LIMIT = 100 * 1024 * 1024


def download(url: str) -> str:
    """Fetch an endoflife.date API response to a temporary file; return its path."""
    if not url.startswith("https://") and not url.startswith("http://"):
        raise CommandError(f"{url}: only http(s) URLs can be fetched")
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - scheme checked
            data = response.read(DOWNLOAD_LIMIT + 1)
    except OSError as exc:
        raise CommandError(f"{url}: cannot fetch ({exc})") from exc
    if len(data) > DOWNLOAD_LIMIT:
        raise CommandError(f"{url}: larger than {DOWNLOAD_LIMIT // 1024 // 1024} MB")
    handle = tempfile.NamedTemporaryFile(suffix=".json", delete=False)  # noqa: SIM115
    with handle:
        handle.write(data)
    return handle.name


class Command(ImportCommand):
    help = (
        "Sync the technology catalogue from an endoflife.date API v1 /products/full response "
        "(or one /products/{name} response), from a file or URL. Every sync is kept as a dated "
        "snapshot."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--synced-at",
            help="Record the snapshot at this ISO date-time instead of now (for back-filling).",
        )

    def get_importer(self, options):
        options["paths"] = [
            download(p) if p.startswith(("http://", "https://")) else p for p in options["paths"]
        ]
        return EndOfLifeImporter(synced_at=options.get("synced_at"))
