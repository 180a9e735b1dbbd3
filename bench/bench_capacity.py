"""Capacity at national scale on PostgreSQL: the refresh (time, peak RSS) and the pages' p50/p95.

Builds, in a database of its own, 100 organisations with the data volumes of the pillar
benchmarks, reusing their generators where they exist:

* commercial: bench_commercial_pages.generate() — the normalised rows of 1,000,000 releases
  (333,333 processes with an award, a supplier and a contract), 200 of its 400 buyers mapped
  to the 100 organisations, then the real refresh_indicators();
* outcomes: outcomes_dashboard.generate() — 20,000 initiatives over the 100 organisations
  (pilots, outcomes, ratings) with 200,000 measurements (capacity reads each outcome's latest
  measurement date, which the generator keeps as the services do);
* lifecycle: lifecycle_bench.catalogue_import() and build_estate() — the real endoflife.date
  catalogue and 50 systems × 10 components per organisation (50,000 components);
* skills: 540,000 people (5,400 per organisation) and 5,000,000 training records, written by
  INSERT … SELECT generate_series (the import itself is benchmarked in skills_bench.py), with
  each organisation's gap-analysis roll-up;
* AI: 10 use cases per organisation in every phase, with assessments and records;
* culture: the real 2024 people survey file, one survey row mapped to each organisation.

Then it runs ``manage.py refresh_capacity`` in a fresh process (wall time and that process's
peak RSS) and times the organisation home, the comparison, the radar and the central pages N
times in-process through Django's test client, after one warm-up request.

    .venv/bin/python bench/bench_capacity.py [--reset] [--repeat 30] [--database NAME] [--scale 1]

``--scale`` multiplies every volume but the 100 organisations (0.25: 250,000 releases, 5,000
initiatives, 1,350 people per organisation…) for a quicker run on a busy machine; the
figures are then not the national-scale ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import time

from _common import ROOT, percentile, sample_page, setup_database

DB_NAME = "smarterstate_bench_capacity"
ORGANISATIONS = 100
PEOPLE_PER_ORG = 5_400
TRAINING_RECORDS = 5_000_000
SCALE = 1.0  # --scale


def scaled(n: int) -> int:
    return max(1, round(n * SCALE))


def organisations():
    from smarterstate.organisations.models import Organisation

    # The slugs outcomes_dashboard.generate() uses, so its initiatives land on the same bodies.
    return [
        Organisation.objects.get_or_create(
            slug=f"bench-org-{i:02d}",
            defaults={"name": f"Bench body {i:02d}", "organisation_type": "ministerial-department"},
        )[0]
        for i in range(ORGANISATIONS)
    ]


def build_commercial(orgs) -> None:
    import bench_commercial_pages
    from django.db import connection

    from smarterstate.commercial.models import BuyerMapping, IndicatorValue, MappingMethod, Party
    from smarterstate.commercial.services.refresh import refresh_indicators

    info = bench_commercial_pages.generate(scaled(1_000_000))
    print(f"  commercial: {info['processes']:,} processes", file=sys.stderr)
    if IndicatorValue.objects.filter(organisation__slug="bench-org-99").exists():
        return  # mapped and refreshed by an earlier run
    buyers = list(Party.objects.filter(key__startswith="GB-BENCH-B").order_by("key")[:200])
    BuyerMapping.objects.filter(party__in=buyers).delete()
    BuyerMapping.objects.bulk_create(
        [
            BuyerMapping(party=b, organisation=orgs[i % len(orgs)], method=MappingMethod.MANUAL)
            for i, b in enumerate(buyers)
        ]  # fmt: skip
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE commercial_process p SET organisation_id = m.organisation_id "
            "FROM commercial_buyermapping m WHERE m.party_id = p.buyer_id"
        )
        cursor.execute("ANALYZE commercial_process")
    started = time.perf_counter()
    refresh_indicators()
    print(
        f"  commercial: refresh_indicators() {time.perf_counter() - started:.0f} s", file=sys.stderr
    )


def build_skills(orgs) -> None:
    from django.db import connection

    from smarterstate.skills.models import GapSummary, LearningActivity, Person, TrainingRecord

    activity, _ = LearningActivity.objects.get_or_create(
        code="BENCH-1", defaults={"title": "Data essentials"}
    )
    ids = [org.pk for org in orgs]
    with connection.cursor() as cursor:
        if Person.objects.exists():
            print("  skills: people already there", file=sys.stderr)
        else:
            cursor.execute(
                "INSERT INTO skills_person (organisation_id, reference, grade, profession, team, "
                "line_manager_reference, location, active, updated_at) "
                "SELECT (%s::bigint[])[1 + (n %% %s)], 'P' || n, 'HEO', 'Digital', 'Team ' || (n %% 50), '', '', "
                "n %% 20 <> 0, now() FROM generate_series(0, %s - 1) AS n",
                [ids, len(ids), scaled(PEOPLE_PER_ORG) * len(ids)],
            )
        cursor.execute(
            # A record is unique per person and activity: 5–14 activities each, 5,000,000 in all.
            "INSERT INTO skills_learningactivity (code, title, kind, organisation_id) "
            "SELECT 'BENCH-' || n, 'Course ' || n, 'course', NULL FROM generate_series(2, 14) AS n "
            "ON CONFLICT (code) DO NOTHING"
        )
        if TrainingRecord.objects.exists():
            return
        cursor.execute(
            "INSERT INTO skills_trainingrecord (organisation_id, person_id, activity_id, status, "
            "started_on, completed_on) "
            "SELECT p.organisation_id, p.id, a.id, "
            "CASE WHEN (p.id + a.id) %% 3 = 0 THEN 'started' ELSE 'completed' END, "
            "current_date - ((p.id * 7 + a.id * 13) %% 900)::int, "
            "CASE WHEN (p.id + a.id) %% 3 = 0 THEN NULL ELSE current_date - ((p.id * 7 + a.id * 13) %% 900)::int + 5 END "
            "FROM skills_person p CROSS JOIN LATERAL (SELECT id FROM skills_learningactivity "
            "WHERE code LIKE 'BENCH-%%' ORDER BY id LIMIT 5 + (p.id %% 10)) a "
            "LIMIT %s",
            [scaled(TRAINING_RECORDS)],
        )
        cursor.execute("ANALYZE skills_person")
        cursor.execute("ANALYZE skills_trainingrecord")
    GapSummary.objects.bulk_create(
        [
            GapSummary(
                organisation=org,
                dimension="all",
                required=scaled(PEOPLE_PER_ORG) * 12,
                met=scaled(PEOPLE_PER_ORG) * (6 + i % 6),
                gap=scaled(PEOPLE_PER_ORG) * (6 - i % 6),
            )
            for i, org in enumerate(orgs)
        ]  # fmt: skip
    )
    del activity


def build_lifecycle(orgs) -> None:
    import lifecycle_bench

    from smarterstate.lifecycle.models import Component

    if Component.objects.exists():
        return
    lifecycle_bench.catalogue_import()
    rng = random.Random(14)
    for org in orgs:
        lifecycle_bench.build_estate(org, rng, systems=scaled(50), per_system=10)


def build_ai(orgs) -> None:
    from django.utils import timezone

    from smarterstate.ai.models import Assessment, Checklist, TransparencyRecord, UseCase
    from smarterstate.ai.services.checklists import checklists_load

    if UseCase.objects.exists():
        return
    checklists_load()
    checklist = Checklist.objects.first()
    phases = ["pre-deployment", "private-beta", "public-beta", "production", "retired"]
    cases = UseCase.objects.bulk_create(
        [
            UseCase(
                organisation=org,
                name=f"Tool {i}",
                purpose="Bench",
                owner="Team",
                phase=phases[i % 5],
            )
            for org in orgs
            for i in range(10)
        ]  # fmt: skip
    )
    today = timezone.localdate()
    Assessment.objects.bulk_create(
        [
            Assessment(
                use_case=c,
                checklist=checklist,
                status="approved" if i % 2 else "draft",
                review_date=today + dt.timedelta(days=(i % 7) * 60 - 120),
            )
            for i, c in enumerate(cases)
        ]  # fmt: skip
    )
    TransparencyRecord.objects.bulk_create(
        [
            TransparencyRecord(
                organisation=c.organisation,
                use_case=c,
                status="published" if i % 3 else "draft",
                content={},
            )
            for i, c in enumerate(cases)
        ]  # fmt: skip
    )


def build_culture(orgs) -> None:
    from smarterstate.capacity.importers.people_survey import PeopleSurveyImporter
    from smarterstate.capacity.models import SurveyOrganisation
    from smarterstate.core.importing import run_import

    run_import(
        PeopleSurveyImporter(),
        [str(ROOT / "data/csps/Civil_Service_People_Survey_2024_Benchmark_Results.ods")],
    )
    rows = list(
        SurveyOrganisation.objects.filter(kind="organisation").order_by("code")[: len(orgs)]
    )
    for org, row in zip(orgs, rows, strict=False):
        row.organisation = org
        row.mapping_method = "manual"
        row.save(update_fields=["organisation", "mapping_method"])


def refresh_in_a_fresh_process() -> tuple[float, float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "refresh_capacity"],
        capture_output=True, text=True, env=os.environ.copy(), check=True, cwd=ROOT,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak_mb, result.stdout


def time_pages(repeat: int) -> list[tuple[str, float, float, int]]:
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from smarterstate.capacity.models import RadarItem

    busiest = (
        RadarItem.objects.values("organisation__slug")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    slug = busiest["organisation__slug"]
    analyst, _ = get_user_model().objects.get_or_create(
        username="bench-analyst", defaults={"is_central_analyst": True}
    )
    client = Client()
    client.force_login(analyst)
    pages = [
        (f"organisation home ({busiest['n']:,} radar items)", reverse("organisations:home", kwargs={"org_slug": slug})),
        ("scorecard", reverse("capacity:index", kwargs={"org_slug": slug})),
        ("radar, open items", reverse("capacity:radar", kwargs={"org_slug": slug})),
        ("radar, 0–3 months, contract ends", reverse("capacity:radar", kwargs={"org_slug": slug}) + "?kind=contract-end&horizon=0-3"),
        ("comparison (100 organisations)", reverse("capacity:compare")),
        ("comparison, own weights", reverse("capacity:compare") + "?try=1&w_C1=2&w_T1=0"),
        ("central analyst home", "/"),
        ("decisions due across government", reverse("capacity:radar-across")),
        ("API radar list", "/api/v1/capacity/radar/?horizon=0-3"),
    ]  # fmt: skip
    results = []
    for label, url in pages:
        timings, status = sample_page(client, url, repeat, check=False)
        results.append((label, percentile(timings, 0.5), percentile(timings, 0.95), status))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reset", action="store_true", help="Drop and rebuild the bench database.")
    parser.add_argument(
        "--database", default=DB_NAME, help=f"PostgreSQL database (default {DB_NAME})."
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="Multiply the data volumes (not the organisations).",
    )
    args = parser.parse_args()
    global SCALE
    SCALE = args.scale
    setup_database(args.database, reset=args.reset)
    import outcomes_dashboard

    from smarterstate.capacity.models import RadarItem
    from smarterstate.commercial.models import Contract
    from smarterstate.lifecycle.models import Component
    from smarterstate.outcomes.models import Initiative
    from smarterstate.skills.models import Person, TrainingRecord

    started = time.perf_counter()
    orgs = organisations()
    build_commercial(orgs)
    outcomes_dashboard.generate(ORGANISATIONS, scaled(20_000), scaled(200_000))
    build_lifecycle(orgs)
    build_skills(orgs)
    build_ai(orgs)
    build_culture(orgs)
    print(
        f"Data in {time.perf_counter() - started:.0f} s: {len(orgs)} organisations, "
        f"{Person.objects.count():,} people, {TrainingRecord.objects.count():,} training records, "
        f"{Contract.objects.count():,} contracts, {Component.objects.count():,} components, "
        f"{Initiative.objects.count():,} initiatives"
    )
    seconds, peak_mb, output = refresh_in_a_fresh_process()
    print(output)
    print(f"refresh_capacity: {seconds:.1f} s wall, peak RSS {peak_mb:.0f} MB; "
          f"{RadarItem.objects.count():,} radar items")  # fmt: skip
    print()
    print("| page | p50 ms | p95 ms | status |")
    print("|---|---:|---:|---:|")
    for label, p50, p95, status in time_pages(args.repeat):
        print(f"| {label} | {p50:.0f} | {p95:.0f} | {status} |")


if __name__ == "__main__":
    main()
