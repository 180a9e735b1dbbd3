"""python manage.py export_ocds [--compiled | --versioned] [--package] [--ocid OCID ...] [-o FILE].

JSON lines, one merged release per ocid, sorted by ocid (by code point, as ocdskit
does); ``--package`` writes one record package instead, streamed record by record.
Versioned releases are merged on demand from the stored releases; they are not stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby, islice

import orjson
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models.functions import Collate
from django.utils import timezone

from ...models import CompiledRelease, Release
from ...ocds import merge

CHUNK = 250


def _by_ocid():
    # Byte order on every database, like ocdskit (and Python); PostgreSQL would otherwise sort by locale.
    if connection.vendor == "postgresql":
        return Collate("ocid", "C")
    return "ocid"


class Command(BaseCommand):
    help = "Export compiled or versioned releases as JSON lines, or a record package."

    def add_arguments(self, parser):
        kind = parser.add_mutually_exclusive_group()
        kind.add_argument(
            "--compiled", action="store_true", help="Compiled releases (the default)."
        )
        kind.add_argument(
            "--versioned",
            action="store_true",
            help="Versioned releases (with --package: add them to each record).",
        )
        parser.add_argument(
            "--package",
            action="store_true",
            help="Write one record package (records with releases, compiledRelease and, with "
            "--versioned, versionedRelease).",
        )
        parser.add_argument(
            "--ocid",
            action="append",
            default=[],
            metavar="OCID",
            help="Only this ocid (repeatable).",
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="Write here instead of stdout.")

    def handle(self, *args, **options):
        with self._output(options["output"]) as write:
            compiled = CompiledRelease.objects.order_by(_by_ocid())
            if options["ocid"]:
                compiled = compiled.filter(ocid__in=options["ocid"])
            if options["package"]:
                self._write_package(write, compiled, versioned=options["versioned"])
            elif options["versioned"]:
                for _, _, _, versioned in self._merged(compiled, versioned=True):
                    write(orjson.dumps(versioned).decode() + "\n")
            else:
                for data in compiled.values_list("data", flat=True).iterator(chunk_size=1000):
                    write(data + "\n")

    @contextmanager
    def _output(self, path: str | None):
        if path is None:
            yield lambda text: self.stdout.write(text, ending="")
            self.stdout.flush()
            return
        try:
            handle = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise CommandError(f"{path}: cannot write ({exc.strerror})") from exc
        with handle:
            yield handle.write

    def _merged(
        self, compiled, *, versioned: bool
    ) -> Iterator[tuple[str, str, list[str], dict | None]]:
        """(ocid, compiled JSON, its releases' JSON, versioned release or None), releases fetched in chunks."""
        rows = compiled.values_list("ocid", "data").iterator(chunk_size=1000)
        while chunk := list(islice(rows, CHUNK)):
            releases = (
                Release.objects.filter(ocid__in=[ocid for ocid, _ in chunk])
                .order_by("ocid", "pk")
                .values_list("ocid", "data")
            )
            texts = {
                ocid: [text for _, text in group]
                for ocid, group in groupby(releases, key=lambda row: row[0])
            }
            for ocid, data in chunk:
                releases = texts.get(ocid, [])
                merged = None
                if versioned:
                    merged = merge.versioned_release([orjson.loads(text) for text in releases])
                yield ocid, data, releases, merged

    def _write_package(self, write, compiled, *, versioned: bool) -> None:
        header = {
            "uri": "",
            "publisher": {"name": ""},
            "publishedDate": timezone.now().isoformat(timespec="seconds").replace("+00:00", "Z"),
            "version": "1.1",
        }
        write(orjson.dumps(header).decode()[:-1] + ',"records":[')
        merged_releases = self._merged(compiled, versioned=versioned)
        for number, (ocid, data, releases, merged) in enumerate(merged_releases):
            # Stored JSON is spliced in as it is: no parsing and re-serialising per record.
            record = (
                f'{{"ocid":{orjson.dumps(ocid).decode()},"releases":[{",".join(releases)}],'
                f'"compiledRelease":{data}'
            )
            if merged is not None:
                record += ',"versionedRelease":' + orjson.dumps(merged).decode()
            write(("," if number else "") + record + "}")
        write("]}\n")
