"""Finding the ocids whose compiled release is missing or out of date, from the data alone."""

from __future__ import annotations

from itertools import groupby

from ...models import CompiledRelease, Release
from ...ocds.release import releases_digest
from .releases import QUERY_CHUNK


def find_stale_ocids(out) -> int:
    """Write to ``out`` every ocid whose compiled release is missing or out of date; return how many."""
    count = 0

    def flush(digests: dict[str, str]) -> int:
        stored = dict(
            CompiledRelease.objects.filter(ocid__in=list(digests)).values_list(
                "ocid", "releases_digest"
            )
        )
        stale = [ocid for ocid, digest in digests.items() if stored.get(ocid) != digest]
        for ocid in stale:
            out.write(ocid.encode() + b"\n")
        return len(stale)

    rows = (
        Release.objects.order_by("ocid")
        .values_list("ocid", "release_id", "content_hash")
        .iterator(chunk_size=10_000)
    )
    digests: dict[str, str] = {}
    for ocid, group in groupby(rows, key=lambda row: row[0]):
        digests[ocid] = releases_digest([(row[1], row[2]) for row in group])
        if len(digests) >= QUERY_CHUNK:
            count += flush(digests)
            digests = {}
    if digests:
        count += flush(digests)
    return count
