"""AI assurance benchmark: the dashboard, comparison, register and public ATRS pages (p50/p95).

Builds --organisations organisations with --use-cases use cases each; every use case gets the four
assessments with all their answers (51 items) and a quarter of them a published ATRS record. Then it
requests each page --repeat times through Django's test client (after one warm-up request).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ss_ai \\
        .venv/bin/python bench/ai_bench.py --organisations 200 --use-cases 10 --repeat 20 --reset

The database is migrated first; --reset deletes the benchmark's earlier rows.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _common import sample_page, setup_django

PREFIX = "bench-ai-"


def build(organisations: int, use_cases: int) -> None:
    from django.utils import timezone

    from smarterstate.ai.models import (
        Answer,
        Assessment,
        Checklist,
        RecordStatus,
        TransparencyRecord,
        UseCase,
    )
    from smarterstate.ai.services.checklists import checklists_load
    from smarterstate.ai.tests.factories import FULL_CONTENT
    from smarterstate.organisations.models import Organisation

    checklists_load()
    checklists = list(Checklist.objects.prefetch_related("items"))
    phases = ["pre-deployment", "private-beta", "public-beta", "production", "retired"]
    kinds = ["generative", "predictive", "rules", "other"]
    risks = ["low", "medium", "high"]
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Bench AI body {n:04d}", slug=f"{PREFIX}{n:04d}")
        for n in range(organisations)
    )
    orgs = list(Organisation.objects.filter(slug__startswith=PREFIX).order_by("slug"))
    cases = UseCase.objects.bulk_create(
        UseCase(
            organisation=org,
            name=f"Use case {n}",
            purpose="Suggests which team handles each letter. It helps caseworkers.",
            owner="Team",
            senior_responsible_owner="Director",
            phase=phases[n % len(phases)],
            kind=kinds[n % len(kinds)],
            risk_level=risks[n % len(risks)],
            personal_data=n % 2 == 0,
        )
        for org in orgs
        for n in range(use_cases)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(use_case=case, checklist=checklist, status="approved" if i % 2 else "draft")
        for i, case in enumerate(cases)
        for checklist in checklists
    )
    items = {checklist.pk: list(checklist.items.all()) for checklist in checklists}
    Answer.objects.bulk_create(
        (
            Answer(assessment=assessment, item=item, answer="yes" if item.position % 3 else "no")
            for assessment in assessments
            for item in items[assessment.checklist_id]
        ),
        batch_size=5000,
    )
    now = timezone.now()
    TransparencyRecord.objects.bulk_create(
        TransparencyRecord(
            organisation_id=case.organisation_id,
            use_case=case,
            status=RecordStatus.PUBLISHED,
            content={**FULL_CONTENT, "title": case.name},
            published_content={**FULL_CONTENT, "title": case.name},
            published_at=now,
        )
        for i, case in enumerate(cases)
        if i % 4 == 0
    )


def reset() -> None:
    from smarterstate.organisations.models import Organisation

    Organisation.objects.filter(slug__startswith=PREFIX).delete()


def timed(client, url: str, repeat: int) -> tuple[float, float]:
    samples, _ = sample_page(client, url, repeat)
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--organisations", type=int, default=200)
    parser.add_argument("--use-cases", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--reset", action="store_true")
    args = parser.parse_args()

    setup_django(migrate=False)
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from smarterstate.accounts.models import User
    from smarterstate.ai.models import TransparencyRecord
    from smarterstate.organisations.models import Organisation

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    setup_test_environment()
    call_command("migrate", verbosity=0)
    if args.reset:
        reset()
    if not Organisation.objects.filter(slug__startswith=PREFIX).exists():
        started = time.monotonic()
        build(args.organisations, args.use_cases)
        print(
            f"built {args.organisations} × {args.use_cases} use cases in {time.monotonic() - started:.1f} s"
        )
    analyst, _ = User.objects.get_or_create(
        username="bench-ai-analyst", defaults={"is_central_analyst": True}
    )
    client = Client()
    client.force_login(analyst)
    org = Organisation.objects.filter(slug__startswith=PREFIX).order_by("slug").first()
    record = TransparencyRecord.objects.published().filter(organisation=org).first()
    pages = {
        "organisation dashboard": f"/o/{org.slug}/ai/",
        "use-case register": f"/o/{org.slug}/ai/use-cases/",
        "assessments list": f"/o/{org.slug}/ai/assessments/",
        "compare organisations (analyst)": "/ai/compare/",
        "public records page": f"/ai/transparency/{org.slug}/",
        "public record": f"/ai/transparency/records/{record.pk}/",
        "public ATRS JSON (organisation)": f"/ai/transparency/{org.slug}/?format=json",
        "register CSV": f"/o/{org.slug}/ai/use-cases/?format=csv",
    }
    print("| page | p50 ms | p95 ms |\n|---|---:|---:|")
    for label, url in pages.items():
        p50, p95 = timed(client, url, args.repeat)
        print(f"| {label} | {p50:.0f} | {p95:.0f} |")


if __name__ == "__main__":
    main()
