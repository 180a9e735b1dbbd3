"""Lifecycle pillar benchmarks (PostgreSQL by default, in a database of its own).

1. Catalogue import of the bundled endoflife.date file (464 products, 8,351 cycles), then a
   re-sync of the unchanged file.
2. An SBOM of 5,000 components (CycloneDX 1.6, generated: purls of catalogue products with
   versions in their cycles, and packages the catalogue does not know), imported and matched.
3. An organisation with 5,000 systems and 50,000 components: the EOL radar page and the
   estate summary page, p50/p95 over N requests through Django's test client (in-process,
   after one warm-up request), as the organisation's viewer.

    .venv/bin/python bench/lifecycle_bench.py [--repeat 30] [--reset] [--sqlite]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from _common import ROOT, percentile, sample_page, setup_database

DB_NAME = "smarterstate_bench_lifecycle"
CATALOGUE = ROOT / "data" / "endoflife" / "products-full.json"


def catalogue_import() -> tuple[float, float]:
    from smarterstate.core.importing import run_import
    from smarterstate.lifecycle.importers.endoflife import EndOfLifeImporter
    from smarterstate.lifecycle.models import CatalogueSnapshot, Product

    if Product.objects.exists():
        Product.objects.all().delete()
        CatalogueSnapshot.objects.all().delete()
    started = time.perf_counter()
    report = run_import(EndOfLifeImporter(), [str(CATALOGUE)])
    first = time.perf_counter() - started
    assert report.created == 464 and report.extra["cycles"] == 8351, report.as_dict()
    started = time.perf_counter()
    report = run_import(EndOfLifeImporter(), [str(CATALOGUE)])
    second = time.perf_counter() - started
    assert report.unchanged == 464
    return first, second


def matchable(rng: random.Random) -> list[tuple[str, str]]:
    """(base purl, cycle name) for catalogue products identified by a purl."""
    from smarterstate.lifecycle.models import Cycle

    pairs = []
    for cycle in Cycle.objects.select_related("product").filter(removed=False):
        purls = [i["id"] for i in cycle.product.identifiers if i.get("type") == "purl"]
        purls = [
            p for p in purls if p.startswith(("pkg:maven", "pkg:npm", "pkg:pypi", "pkg:composer"))
        ]
        if purls:
            pairs.append((rng.choice(purls), cycle.name))
    return pairs


def sbom_import(org, rng: random.Random, size: int = 5000) -> tuple[float, dict]:
    from smarterstate.core.importing import run_import
    from smarterstate.lifecycle.importers.cyclonedx import SBOMImporter

    pairs = matchable(rng)
    components = []
    for i in range(size):
        if i % 5 == 0:  # a fifth are known to the catalogue
            base, cycle = rng.choice(pairs)
            version = f"{cycle}.{rng.randint(0, 30)}"
        else:
            base, version = (
                f"pkg:npm/bench-package-{i}",
                f"{rng.randint(0, 9)}.{rng.randint(0, 20)}.0",
            )
        components.append(
            {
                "type": "library",
                "name": base.rsplit("/", 1)[-1],
                "version": version,
                "purl": f"{base}@{version}",
            }
        )
    document = {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": components}
    path = Path(tempfile.gettempdir()) / "lifecycle-bench-sbom.cdx.json"
    path.write_text(json.dumps(document))
    started = time.perf_counter()
    report = run_import(
        SBOMImporter(organisation=org.slug, system="Bench SBOM system"), [str(path)]
    )
    seconds = time.perf_counter() - started
    assert report.read == size and report.rejected == 0, report.as_dict()
    return seconds, report.extra["summary"]


def build_estate(org, rng: random.Random, systems: int = 5000, per_system: int = 10) -> float:
    from smarterstate.lifecycle.models import Component, Cycle, System

    started = time.perf_counter()
    System.objects.filter(organisation=org).delete()
    cycles = list(Cycle.objects.filter(removed=False).values_list("pk", "product_id", "name"))
    used = rng.sample(cycles, 400)  # an estate uses a few hundred release cycles
    rows = System.objects.bulk_create(
        [
            System(
                organisation=org,
                name=f"System {i:05d}",
                criticality=rng.choice(["low", "medium", "high", "critical"]),
                red_rated=(i % 37 == 0),
                risk_score=16 if i % 37 == 0 else 6,
                exit_plan="Replace" if i % 3 == 0 else "",
            )
            for i in range(systems)
        ],
        batch_size=2000,
    )
    batch = []
    for system in rows:
        for j in range(per_system):
            if j < 7:
                pk, product_id, name = rng.choice(used)
                batch.append(
                    Component(
                        organisation=org,
                        system=system,
                        name=f"c{j}",
                        version=f"{name}.1",
                        product_id=product_id,
                        cycle_id=pk,
                    )
                )
            else:
                batch.append(
                    Component(organisation=org, system=system, name=f"lib{j}", version="1.0")
                )
        if len(batch) >= 10000:
            Component.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Component.objects.bulk_create(batch, batch_size=5000)
    from django.db import connection

    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load: planner statistics and the visibility map.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE lifecycle_component")
            cursor.execute("VACUUM ANALYZE lifecycle_system")
    return time.perf_counter() - started


def time_pages(org, user, repeat: int) -> list[tuple[str, float, float]]:
    from django.test import Client

    client = Client()
    client.force_login(user)
    results = []
    for label, url in (
        ("EOL radar", f"/o/{org.slug}/lifecycle/radar/"),
        ("estate summary", f"/o/{org.slug}/lifecycle/"),
        ("radar API", f"/api/v1/lifecycle/radar/?organisation={org.slug}"),
    ):
        times, _ = sample_page(client, url, repeat)  # after a warm-up: chart SVG cache
        results.append((label, percentile(times, 0.5), percentile(times, 0.95)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reset", action="store_true", help="Drop and recreate the database.")
    parser.add_argument("--sqlite", action="store_true", help="Use SQLite instead of PostgreSQL.")
    args = parser.parse_args()
    setup_database(DB_NAME, reset=args.reset, sqlite=args.sqlite)

    from django.db import connection

    from smarterstate.organisations.models import Membership, Organisation
    from smarterstate.organisations.tests.factories import UserFactory

    rng = random.Random(2026)
    print(f"database: {connection.vendor}")
    first, second = catalogue_import()
    print(
        f"catalogue import (464 products, 8,351 cycles): {first:.2f} s; unchanged re-sync: {second:.2f} s"
    )

    org, _ = Organisation.objects.get_or_create(
        slug="bench-lifecycle", defaults={"name": "Bench lifecycle"}
    )
    seconds, summary = sbom_import(org, rng)
    print(
        f"SBOM of 5,000 components imported and matched: {seconds:.2f} s ({summary['matched']} matched)"
    )

    seconds = build_estate(org, rng)
    print(f"estate of 5,000 systems and 50,000 components built in {seconds:.1f} s")
    user = UserFactory(username="bench-lifecycle-viewer")
    Membership.objects.get_or_create(organisation=org, user=user, defaults={"role": "viewer"})
    print("| page | p50 ms | p95 ms |")
    print("|---|---:|---:|")
    for label, p50, p95 in time_pages(org, user, args.repeat):
        print(f"| {label} | {p50:.0f} | {p95:.0f} |")


if __name__ == "__main__":
    main()
