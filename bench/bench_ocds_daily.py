"""A daily feed into a large store: 2,000 releases imported end to end, indicators refreshed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/bench_ocds_daily.py \
        [--releases 2000] [--updates 0.4] [--buyers 8] [--seed 7] [--spread] [--map-buyers 20]

Run it on a database that already holds a large import (``import_ocds`` of
``bench/ocds_generate.py N``'s file). It

1. makes the stored indicators current for today with a full ``refresh_indicators()`` (timed:
   what every import used to cost);
2. writes a feed of ``--releases`` releases: new contracting processes (ocids the store does not
   have) from ``bench/ocds_generate.py``'s generator, for ``--buyers`` buyers of the store, and
   ``--updates`` of them as new releases of stored ocids of those buyers (``--spread``: of any
   buyer; each a copy of the ocid's latest
   release, dated today, with its contract value raised and one more amendment);
3. imports it with ``ocds_import`` (read, store, compile, normalise, refresh of the touched
   buyers and organisations), timed end to end;
4. dumps the indicator table, runs a full refresh, dumps it again and says whether the two are
   equal, row for row.

Each run adds its feed to the store (new ocids are numbered after the largest stored one), so
it can be repeated. DJANGO_DEBUG=0 is set if unset.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smarterstate.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "localhost")


def dump_digest() -> tuple[int, str]:
    """(rows, SHA-1) of the indicator table without ids and timestamps, in a fixed order, and
    of the latest activity dates."""
    import orjson

    from smarterstate.commercial.models import IndicatorValue, LatestActivity
    from smarterstate.commercial.services.refresh.results import ROW_FIELDS

    fields = ROW_FIELDS  # the columns the refresh writes
    rows = sorted(
        orjson.dumps(row, option=orjson.OPT_SORT_KEYS)
        for row in IndicatorValue.objects.values_list(*fields).iterator(chunk_size=20_000)
    )
    digest = hashlib.sha1(usedforsecurity=False)
    for row in rows:
        digest.update(row + b"\n")
    # And L6's latest activity dates, rebuilt for the touched buyers only.
    for row in sorted(
        LatestActivity.objects.values_list("buyer_id", "cpv_division", "activity_date")
    ):
        digest.update(orjson.dumps(row) + b"\n")
    return len(rows), digest.hexdigest()


def write_feed(
    path: Path, n: int, updates: float, n_buyers: int, seed: int, *, spread: bool
) -> dict:
    import datetime as dt

    import orjson
    from django.utils import timezone
    from ocds_generate import load_templates, party, pools, process_releases

    from smarterstate.commercial.models import Party, Process, Release

    rng = random.Random(seed)
    stored = list(Release.objects.order_by().values_list("ocid", flat=True).distinct())
    bench_numbers = [int(o.rsplit("-", 1)[1]) for o in stored if o.startswith("ocds-bench-")]
    next_process = max(bench_numbers, default=0) + 1
    today = timezone.now().replace(microsecond=0)
    stamp = today.strftime("%Y-%m-%dT%H:%M:%SZ")

    templates = [orjson.dumps(r) for r in load_templates()]
    buyer_pool, _, supplier_pool, supplier_weights = pools(rng, max(50, len(stored) // 67), 2000)
    buyers = rng.sample(buyer_pool[:200], n_buyers)
    out: list[dict] = []
    # Updates: a new release of stored ocids of these buyers (or, with --spread, of any
    # buyer), as a publisher's next notice would be.
    n_updates = int(n * updates)
    if spread:
        candidates = stored
    else:
        candidates = sorted(
            Process.objects.filter(buyer__name__in=[b["name"] for b in buyers]).values_list(
                "ocid", flat=True
            )
        )
    for ocid in rng.sample(candidates, min(n_updates, len(candidates))):
        latest = (
            Release.objects.filter(ocid=ocid).order_by("-date", "-pk").values_list("data")[0][0]
        )
        release = orjson.loads(latest)
        release["id"] = f"{ocid}-daily-{seed}-{stamp}"
        release["date"] = stamp
        release["tag"] = ["contractAmendment"]
        for contract in release.get("contracts") or []:
            value = contract.get("value") or {}
            if isinstance(value.get("amount"), int | float):
                value["amount"] = round(value["amount"] * 1.05, 2)
            contract.setdefault("amendments", []).append(
                {"id": f"daily-{seed}", "date": stamp, "description": "Daily feed change"}
            )
        out.append(release)
    # New processes for the same buyers.
    start = today - dt.timedelta(days=20)
    while len(out) < n:
        stages = min(rng.choice([1, 2, 3, 3, 4]), n - len(out))
        suppliers = rng.choices(supplier_pool, supplier_weights, k=1)
        releases = process_releases(
            rng, next_process, templates, rng.choice(buyers), suppliers, stages
        )
        for k, release in enumerate(releases):  # this month's notices
            release["date"] = (start + dt.timedelta(days=k, hours=next_process % 24)).strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            )
        out.extend(releases)
        next_process += 1
    del party
    # The generator draws each supplier's SME flag from Python's per-process string hash: keep
    # the stored flag, or every scope those suppliers supply would be touched (as a real
    # publisher changing suppliers' sizes would do).
    flags = dict(Party.objects.filter(is_supplier=True).values_list("key", "is_sme"))
    names = dict(Party.objects.filter(is_supplier=True).values_list("name", "is_sme"))
    for release in out:
        for item in release.get("parties") or []:
            if "supplier" in item.get("roles", []):
                known = names.get(item["name"], flags.get(item["id"]))
                if known is not None:
                    item["details"] = {"scale": "sme" if known else "large"}
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in out))
    return {"releases": len(out), "updates": n_updates, "buyers": n_buyers, "spread": spread}


def map_buyers(n: int) -> None:
    """Give the N buyers with most processes an organisation each (once), so organisations'
    indicators are part of the refresh, as in a real deployment."""
    from django.db.models import Count

    from smarterstate.commercial.models import BuyerMapping, Party
    from smarterstate.commercial.services.mapping import buyer_mapping_set
    from smarterstate.organisations.models import Organisation

    largest = (
        Party.objects.filter(is_buyer=True, mapping__isnull=True)
        .annotate(n=Count("processes"))
        .order_by("-n")[: max(0, n - BuyerMapping.objects.count())]
    )
    for party in largest:
        organisation, _ = Organisation.objects.get_or_create(
            slug=f"bench-{party.pk}",
            defaults={"name": party.name, "organisation_type": "ministerial-department"},
        )
        buyer_mapping_set(party=party, organisation=organisation)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=2000)
    parser.add_argument("--updates", type=float, default=0.4, help="share of updates")
    parser.add_argument("--buyers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--spread", action="store_true", help="updates to any stored ocid, not the buyers' only"
    )
    parser.add_argument(
        "--map-buyers", type=int, default=20, help="map the N largest buyers to organisations"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from smarterstate.commercial.models import Process, Release
    from smarterstate.commercial.services.ingest import ocds_import
    from smarterstate.commercial.services.refresh import refresh_indicators

    map_buyers(args.map_buyers)
    result: dict = {
        "releases_stored": Release.objects.count(),
        "processes_stored": Process.objects.count(),
    }
    started = time.perf_counter()
    refresh_indicators()
    result["full_refresh_seconds"] = round(time.perf_counter() - started, 2)

    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "daily.jsonl"
        result["feed"] = write_feed(
            feed, args.releases, args.updates, args.buyers, args.seed, spread=args.spread
        )
        started = time.perf_counter()
        report = ocds_import(paths=[str(feed)])
        result["import_seconds"] = round(time.perf_counter() - started, 2)
    result["import"] = {
        k: getattr(report, k)
        for k in ("new", "replaced", "unchanged", "rejected", "ocids_compiled")
    }
    result["touched"] = {
        "buyers": len(report.touched_buyers),
        "organisations": len(report.touched_organisations),
    }
    incremental = dump_digest()  # as the import left it
    # The refresh part of the import, timed again alone (same scopes, same day: incremental).
    started = time.perf_counter()
    refresh_indicators(
        buyers=report.touched_buyers,
        organisations=report.touched_organisations,
        activity_was_current=True,
    )
    result["incremental_refresh_seconds"] = round(time.perf_counter() - started, 2)
    result["touched_processes"] = Process.objects.filter(buyer_id__in=report.touched_buyers).count()
    started = time.perf_counter()
    refresh_indicators()
    result["full_refresh_after_seconds"] = round(time.perf_counter() - started, 2)
    full = dump_digest()
    result["indicator_rows"] = full[0]
    result["incremental_equals_full"] = incremental == full
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
