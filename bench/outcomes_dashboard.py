"""Outcomes portfolio dashboard at scale: p50/p95 on PostgreSQL.

Builds, in a database of its own, 20 organisations with 20,000 initiatives between them
(programmes, projects, services and 10 % pilots), two outcomes per initiative and
2,000,000 measurements, plus pilot decisions and fund ledger entries. Rows are bulk-created
with the pre-aggregated figures the services would keep (each outcome's latest value,
count and realisation; each initiative's rating and outcome flag; each fund's balance),
so generation takes minutes rather than hours. Then it requests each page N times
in-process through Django's test client (after one warm-up request), as a central analyst.

    .venv/bin/python bench/outcomes_dashboard.py [--initiatives 20000] [--measurements 2000000]
        [--organisations 20] [--repeat 30] [--reset]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from decimal import Decimal

from _common import percentile, sample_page, setup_database

DB_NAME = "smarterstate_bench_outcomes"


def generate(n_orgs: int, n_initiatives: int, n_measurements: int) -> None:
    from smarterstate.organisations.models import Organisation
    from smarterstate.outcomes.calculations import realisation_pct
    from smarterstate.outcomes.models import (
        Confidence,
        EntryKind,
        FundEntry,
        Initiative,
        InnovationFund,
        Kind,
        Measurement,
        Outcome,
        Phase,
        Pilot,
    )

    if Initiative.objects.count() >= n_initiatives:
        print("data already there; use --reset to rebuild")
        return
    rng = random.Random(42)
    today = dt.date.today()
    orgs = [
        Organisation.objects.get_or_create(
            slug=f"bench-org-{i:02d}", defaults={"name": f"Bench body {i:02d}"}
        )[0]
        for i in range(n_orgs)
    ]
    per_org = n_initiatives // n_orgs
    phases = [p.value for p in Phase]
    ratings = [c.value for c in Confidence] + [""]
    started = time.monotonic()
    initiatives = []
    for org in orgs:
        for i in range(per_org):
            kind = (
                Kind.PILOT
                if i % 10 == 0
                else rng.choice([Kind.PROGRAMME, Kind.PROJECT, Kind.SERVICE])
            )
            initiatives.append(
                Initiative(
                    organisation=org,
                    kind=kind,
                    name=f"{org.slug} initiative {i}",
                    phase=rng.choice(phases),
                    budget=Decimal(rng.randint(50, 5000) * 1000),
                    spend=Decimal(rng.randint(10, 50) * 1000),
                    delivery_confidence=rng.choice(ratings),
                    confidence_date=today,
                    has_measurable_outcome=rng.random() < 0.8,
                )
            )
    Initiative.objects.bulk_create(initiatives, batch_size=5000)
    initiatives = list(Initiative.objects.order_by("pk"))
    print(f"{len(initiatives):,} initiatives in {time.monotonic() - started:.0f} s")

    outcomes = []
    for init in initiatives:
        for k in range(2):
            measurable = init.has_measurable_outcome
            baseline = Decimal(rng.randint(100, 1000))
            target = baseline * Decimal("1.5") if k == 0 else baseline / 2
            outcomes.append(
                Outcome(
                    initiative=init,
                    organisation_id=init.organisation_id,
                    name=f"Benefit {k}",
                    measure="Something counted",
                    unit="%" if k == 0 else "£",
                    direction="increase" if k == 0 else "decrease",
                    benefit_type="non-cash-releasing" if k == 0 else "cash-releasing",
                    baseline_value=baseline if measurable else None,
                    baseline_date=today - dt.timedelta(days=800) if measurable else None,
                    target_value=target if measurable else None,
                    target_date=today + dt.timedelta(days=365) if measurable else None,
                )
            )
    Outcome.objects.bulk_create(outcomes, batch_size=5000)
    outcomes = list(Outcome.objects.order_by("pk"))
    print(f"{len(outcomes):,} outcomes")

    per_outcome = max(1, n_measurements // len(outcomes))
    batch: list = []
    written = 0
    for outcome in outcomes:
        base = outcome.baseline_value or Decimal(500)
        step = ((outcome.target_value or base) - base) / (per_outcome * 2)
        value = base
        for m in range(per_outcome):
            value = base + step * m + Decimal(rng.randint(-5, 5))
            batch.append(
                Measurement(
                    outcome_id=outcome.pk,
                    date=today - dt.timedelta(days=7 * (per_outcome - m)),
                    value=value.quantize(Decimal("0.0001")),
                )
            )
        outcome.latest_value = value.quantize(Decimal("0.0001"))
        outcome.latest_date = today - dt.timedelta(days=7)
        outcome.measurement_count = per_outcome
        outcome.realisation = realisation_pct(
            outcome.baseline_value, outcome.target_value, outcome.latest_value
        )
        if len(batch) >= 20000:
            Measurement.objects.bulk_create(batch, batch_size=20000)
            written += len(batch)
            batch = []
            if written % 200000 == 0:
                print(f"  {written:,} measurements, {time.monotonic() - started:.0f} s")
    Measurement.objects.bulk_create(batch, batch_size=20000)
    Outcome.objects.bulk_update(
        outcomes,
        ["latest_value", "latest_date", "measurement_count", "realisation"],
        batch_size=5000,
    )
    print(f"{Measurement.objects.count():,} measurements in {time.monotonic() - started:.0f} s")

    pilots = []
    for init in initiatives:
        if init.kind != Kind.PILOT:
            continue
        state = rng.choice(["", "", "scale", "iterate", "stop"])
        pilots.append(
            Pilot(
                initiative=init,
                organisation_id=init.organisation_id,
                hypothesis="Bench",
                timebox_start=today - dt.timedelta(days=200),
                timebox_end=today + dt.timedelta(days=rng.randint(-60, 60)),
                decision=state,
                decided_on=today if state else None,
                released=init.budget - init.spend if state == "stop" else Decimal(0),
            )
        )
    Pilot.objects.bulk_create(pilots, batch_size=5000)
    for org in orgs:
        fund = InnovationFund.objects.create(organisation=org, balance=Decimal(0))
        balance = Decimal(0)
        entries = []
        for pilot in Pilot.objects.filter(organisation=org, decision="stop"):
            balance += pilot.released
            entries.append(
                FundEntry(
                    fund=fund,
                    organisation=org,
                    kind=EntryKind.RELEASE,
                    amount=pilot.released,
                    entry_date=today - dt.timedelta(days=30),
                    pilot=pilot,
                    balance_after=balance,
                )
            )
            use = (pilot.released / 2).quantize(Decimal("0.01"))
            balance -= use
            entries.append(
                FundEntry(
                    fund=fund,
                    organisation=org,
                    kind=EntryKind.ALLOCATION,
                    amount=use,
                    entry_date=today - dt.timedelta(days=10),
                    initiative_id=pilot.initiative_id,
                    balance_after=balance,
                )
            )
        FundEntry.objects.bulk_create(entries)
        fund.balance = balance
        fund.save()
    print(f"pilots and ledgers done in {time.monotonic() - started:.0f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def time_pages(repeat: int) -> None:
    from django.test import Client
    from django.urls import reverse

    from smarterstate.accounts.models import User
    from smarterstate.organisations.models import Organisation

    analyst, _ = User.objects.get_or_create(
        username="bench-analyst", defaults={"is_central_analyst": True}
    )
    client = Client()
    client.force_login(analyst)
    org = Organisation.objects.get(slug="bench-org-00")
    pages = {
        "portfolio dashboard": reverse("outcomes:index", kwargs={"org_slug": org.slug}),
        "compare organisations": reverse("outcomes:compare"),
        "initiative list": reverse("outcomes:initiatives", kwargs={"org_slug": org.slug}),
        "initiative list, flagged": reverse("outcomes:initiatives", kwargs={"org_slug": org.slug})
        + "?flagged=yes",
        "outcome list": reverse("outcomes:outcomes", kwargs={"org_slug": org.slug}),
        "pilot list": reverse("outcomes:pilots", kwargs={"org_slug": org.slug}),
        "innovation fund": reverse("outcomes:fund", kwargs={"org_slug": org.slug}),
    }
    print("| page | p50 ms | p95 ms |\n|---|---:|---:|")
    for name, url in pages.items():
        times, _ = sample_page(client, url, repeat)  # after a warm-up (and chart cache)
        print(f"| {name} | {statistics.median(times):.0f} | {percentile(times, 0.95):.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=20_000)
    parser.add_argument("--measurements", type=int, default=2_000_000)
    parser.add_argument("--organisations", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reset", action="store_true")
    args = parser.parse_args()
    setup_database(DB_NAME, reset=args.reset)
    generate(args.organisations, args.initiatives, args.measurements)
    time_pages(args.repeat)


if __name__ == "__main__":
    main()
