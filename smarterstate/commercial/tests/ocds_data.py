"""Load the bundled real OCDS files into Release/CompiledRelease rows, as the importer would,
using ocdsmerge with the repository's schema (no network). For tests of what comes after import."""

import hashlib
import warnings
from collections import defaultdict
from functools import cache
from pathlib import Path

import ocdsmerge
import orjson
from django.conf import settings
from ocdskit.upgrade import upgrade_10_11

from smarterstate.commercial.models import CompiledRelease, Release

DATA = Path(settings.BASE_DIR) / "data" / "ocds"
SCHEMA = DATA / "schema" / "release-schema-1__1__5+uk_extension-only.json"


@cache
def merger() -> ocdsmerge.Merger:
    return ocdsmerge.Merger(schema=orjson.loads(SCHEMA.read_bytes()))


def read_releases(name: str) -> list[dict]:
    path = DATA / name
    if path.suffix == ".jsonl":
        items = [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    else:
        items = [orjson.loads(path.read_bytes())]
    releases = []
    for item in items:
        for release in item.get("releases", [item]):
            if release.get("version") != "1.1" and "parties" not in release:
                package = {"version": "1.0", "releases": [release]}
                release = upgrade_10_11(package, reorder=False)["releases"][0]
            releases.append(release)
    return releases


def load(*names: str) -> list[str]:
    """Store the files' releases and compiled releases; return the ocids."""
    by_ocid: dict[str, dict[str, dict]] = defaultdict(dict)
    for name in names:
        for release in read_releases(name):
            by_ocid[release["ocid"]][release["id"]] = release
    from smarterstate.commercial.normalise import parse_datetime

    rows, compiled = [], []
    for ocid, releases in by_ocid.items():
        ordered = sorted(releases.values(), key=lambda r: r["date"])
        for release in ordered:
            text = orjson.dumps(release, option=orjson.OPT_SORT_KEYS).decode()
            rows.append(
                Release(
                    ocid=ocid,
                    release_id=release["id"],
                    date=parse_datetime(release["date"]),
                    date_text=release["date"],
                    tags=release.get("tag", []),
                    data=text,
                    content_hash=hashlib.sha1(text.encode()).hexdigest(),  # noqa: S324
                )
            )
        with warnings.catch_warnings():
            # Real data repeats party ids (GB-COH-03794455 twice in one release); ocdsmerge warns.
            warnings.simplefilter("ignore", ocdsmerge.exceptions.DuplicateIdValueWarning)
            merged = merger().create_compiled_release(ordered)
        compiled.append(
            CompiledRelease(
                ocid=ocid,
                data=orjson.dumps(merged).decode(),
                releases_digest="0" * 40,
                release_count=len(ordered),
            )
        )
    Release.objects.bulk_create(rows)
    CompiledRelease.objects.bulk_create(compiled)
    return sorted(by_ocid)
