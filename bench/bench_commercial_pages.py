"""Commercial pages at national scale: p50/p95 of the dashboards and process lists on PostgreSQL.

Builds, in a database of its own, the normalised rows that 1,000,000 releases
give (about 3 releases per contracting process: 333,000 processes, each with an
award, a supplier and a contract; 400 buyers; 25,000 suppliers with Zipf-skewed
shares; 10 % of processes belong to one mapped organisation), computes the
indicators with the real service, then times each page N times in-process
through Django's test client (no network, no browser), as a central analyst.

    .venv/bin/python bench/bench_commercial_pages.py [--releases 1000000] [--repeat 30]

The OCDS import itself is benchmarked in bench/bench_ocds_import.py; this
script only needs the normalised tables the pages read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from decimal import Decimal

from _common import percentile, sample_page, setup_database

DB_NAME = "smarterstate_bench_pages"


def generate(releases: int, seed: int = 2026) -> dict:
    from django.db import connection

    from smarterstate.commercial.models import (
        Award,
        AwardSupplier,
        BuyerMapping,
        Contract,
        MappingMethod,
        Party,
        Process,
    )
    from smarterstate.organisations.models import Organisation

    rng = random.Random(seed)
    processes_n = releases // 3
    org, _ = Organisation.objects.get_or_create(
        slug="bench-department",
        defaults={"name": "Bench Department", "organisation_type": "ministerial-department"},
    )
    if Process.objects.count() >= processes_n:
        return {"organisation": org, "processes": Process.objects.count(), "generated": False}

    buyers = Party.objects.bulk_create(
        [
            Party(
                key=f"GB-BENCH-B{i:04d}",
                name=f"Bench Buyer {i}",
                scheme="GB-BENCH",
                identifier=f"B{i:04d}",
                is_buyer=True,
            )
            for i in range(400)
        ]
    )
    BuyerMapping.objects.create(party=buyers[0], organisation=org, method=MappingMethod.MANUAL)
    suppliers = Party.objects.bulk_create(
        [
            Party(
                key=f"GB-COH-{i:08d}",
                name=f"Supplier {i} Ltd",
                scheme="GB-COH",
                identifier=f"{i:08d}",
                is_supplier=True,
                is_sme=rng.random() < 0.4,
                is_vcse=rng.random() < 0.05,
            )
            for i in range(25_000)
        ],
        batch_size=5000,
    )
    # Zipf-like weights: a few suppliers win most of the value.
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(suppliers))]
    methods = [
        ("open", "open", 0.45),
        ("selective", "selective", 0.15),
        ("limited", "direct", 0.3),
        ("direct", "direct", 0.1),
    ]
    cpv_divisions = ["72", "48", "79", "85", "45", "30", "50", "64", "66", "90"]
    start = dt.datetime(2021, 4, 1, tzinfo=dt.UTC)
    batch = 20_000
    made = 0
    t0 = time.perf_counter()
    while made < processes_n:
        size = min(batch, processes_n - made)
        chosen_suppliers = rng.choices(suppliers, weights=weights, k=size)
        procs = []
        for i in range(size):
            n = made + i
            buyer = buyers[0] if rng.random() < 0.10 else rng.choice(buyers)
            method, category, _ = rng.choices(methods, weights=[m[2] for m in methods])[0]
            tender_start = start + dt.timedelta(days=rng.randrange(0, 5 * 365))
            award_date = tender_start + dt.timedelta(days=rng.randrange(10, 200))
            cpv = rng.choice(cpv_divisions) + f"{rng.randrange(0, 999999):06d}"
            value = Decimal(int(rng.lognormvariate(11, 1.5)))
            procs.append(
                Process(
                    ocid=f"ocds-bench-{n:08d}",
                    buyer=buyer,
                    organisation=org if buyer is buyers[0] else None,
                    title=f"Bench contract {n} for services",
                    status="complete",
                    procurement_method=method,
                    procurement_method_details="Call-off from framework"
                    if rng.random() < 0.3
                    else "",
                    method_category=category,
                    is_call_off=rng.random() < 0.3,
                    main_cpv=cpv,
                    cpv_division=cpv[:2],
                    tender_value=value,
                    tender_currency="GBP",
                    tender_start=tender_start,
                    tender_start_source="tender.tenderPeriod.startDate",
                    number_of_tenderers=rng.randrange(1, 8) if category != "direct" else 1,
                    has_prior_engagement=rng.random() < 0.3,
                    first_release_date=tender_start,
                    last_release_date=award_date,
                    release_count=3,
                    awarded_value=value,
                    first_award_date=award_date,
                    reference_date=award_date,
                )
            )
        Process.objects.bulk_create(procs, batch_size=5000)
        awards = Award.objects.bulk_create(
            [
                Award(
                    process=p,
                    award_id="1",
                    status="active",
                    date=p.first_award_date,
                    value=p.awarded_value,
                    currency="GBP",
                )
                for p in procs
            ],
            batch_size=5000,
        )
        AwardSupplier.objects.bulk_create(
            [
                AwardSupplier(award=a, party=s)
                for a, s in zip(awards, chosen_suppliers, strict=True)
            ],
            batch_size=5000,
        )
        Contract.objects.bulk_create(
            [
                Contract(
                    process=p,
                    contract_id="1",
                    award=a,
                    status="active",
                    date_signed=a.date + dt.timedelta(days=rng.randrange(1, 40)),
                    period_start=a.date,
                    period_end=a.date + dt.timedelta(days=rng.randrange(180, 5 * 365)),
                    original_period_end=a.date + dt.timedelta(days=365),
                    value=a.value,
                    original_value=a.value,
                    currency="GBP",
                    amendment_count=rng.choice([0, 0, 0, 1, 2]),
                    kpi_count=rng.choice([None, 0, 3]),
                )
                for p, a in zip(procs, awards, strict=True)
            ],
            batch_size=5000,
        )
        made += size
        print(f"  {made:,} processes ({made / (time.perf_counter() - t0):,.0f}/s)", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "organisation": org,
        "processes": made,
        "generated": True,
        "seconds": time.perf_counter() - t0,
    }


def time_pages(org, repeat: int) -> list[tuple[str, str, float, float, int]]:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from smarterstate.commercial.models import Party

    user, _ = get_user_model().objects.get_or_create(
        username="bench-analyst", defaults={"is_central_analyst": True}
    )
    client = Client()
    client.force_login(user)
    buyer = Party.objects.get(key="GB-BENCH-B0000")
    pages = [
        ("organisation dashboard", reverse("commercial:index", kwargs={"org_slug": org.slug})),
        ("buyer dashboard", reverse("commercial:buyer", kwargs={"party_pk": buyer.pk})),
        ("process list (all buyers)", reverse("commercial:processes")),
        ("process list, page 200", reverse("commercial:processes") + "?page=200"),
        (
            "organisation processes",
            reverse("commercial:org-processes", kwargs={"org_slug": org.slug}),
        ),
        ("contract register", reverse("commercial:contracts", kwargs={"org_slug": org.slug})),
        ("crunch points", reverse("commercial:crunch-points", kwargs={"org_slug": org.slug})),
    ]
    results = []
    for label, url in pages:
        timings, status = sample_page(client, url, repeat, check=False)
        results.append((label, url, percentile(timings, 0.5), percentile(timings, 0.95), status))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reset", action="store_true", help="Drop and rebuild the bench database.")
    args = parser.parse_args()
    setup_database(DB_NAME, reset=args.reset)
    info = generate(args.releases)
    print(
        f"Data: {info['processes']:,} processes (≈ {args.releases:,} releases)"
        + (f", generated in {info['seconds']:.0f} s" if info.get("generated") else ", reused")
    )
    from smarterstate.commercial.services.refresh import refresh_indicators

    t0 = time.perf_counter()
    refresh_indicators()
    print(f"refresh_indicators(): {time.perf_counter() - t0:.1f} s")
    print()
    print("| page | p50 ms | p95 ms | status |")
    print("|---|---:|---:|---:|")
    for label, _url, p50, p95, status in time_pages(info["organisation"], args.repeat):
        print(f"| {label} | {p50:.0f} | {p95:.0f} | {status} |")


if __name__ == "__main__":
    main()
