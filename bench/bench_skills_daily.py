"""A daily feed into the full-scale skills data: 5,000 training records imported end to end,
gap and campaign summaries refreshed for the organisations they touched.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/bench_skills_daily.py \
        [--build] [--scale 1.0] [--records 5000] [--orgs 3] [--seed 7]

``--build`` (once) writes the workforce of ``bench/skills_generate.py`` — 540,000 people in 20
organisations (Zipf-like sizes), 5,000,000 training records over 60 activities, the real DDaT
framework, an all-staff framework per organisation, DDaT role levels for 1 in 10 people, a
cross-government campaign over three activities that evidence the all-staff skills — straight
into PostgreSQL with ``INSERT … SELECT generate_series`` (the import itself is benchmarked by
``bench/skills_bench.py``). Scale 1.0 is full scale.

Each run then

1. makes the summaries current with a full refresh (timed: what ``refresh_skills`` costs);
2. writes a CSV of ``--records`` records for ``--orgs`` organisations (the 2nd, 5th, 9th, …
   largest): 80 % new (person, activity) pairs on the campaign's activities within its dates,
   20 % completions of stored started records;
3. imports it with ``import_training_records`` (read, store, refresh of the touched
   organisations' gaps and campaign rows), timed end to end;
4. dumps the summary tables (GapCell, GapSummary, CampaignStat, CampaignDay, without ids), runs
   a full refresh (timed), dumps them again and says whether the two are equal, row for row.

Each run adds its records, so it can be repeated with another ``--seed``. DJANGO_DEBUG=0 is set
if unset.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
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

from skills_generate import (  # noqa: E402 - after the path set-up
    ACTIVITIES,
    CAMPAIGN_START,
    GRADES,
    ORGS,
    PEOPLE,
    PROFESSIONS,
    RECORDS,
)

CAMPAIGN_END = dt.date(2024, 3, 31)


def build(scale: float) -> None:
    """The workforce of skills_generate.py, written by SQL rather than imported."""
    from django.core.management import call_command
    from django.db import connection

    from smarterstate.organisations.models import Organisation
    from smarterstate.skills.models import (
        ActivitySkill,
        Campaign,
        Framework,
        LearningActivity,
        RoleLevel,
        Skill,
    )

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("import_capability_framework", str(ROOT / "data/ddat/ddat-role-content.csv"),
                 str(ROOT / "data/ddat/ddat-skill-descriptions.csv"), "--json",
                 stdout=io.StringIO())  # fmt: skip
    total_people = int(PEOPLE * scale)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(ORGS)]
    sizes = [int(total_people * w / sum(weights)) for w in weights]
    sizes[0] += total_people - sum(sizes)
    Organisation.objects.filter(slug__startswith="bench-org-").delete()
    LearningActivity.objects.filter(code__startswith="BENCH-").delete()
    orgs = [Organisation.objects.create(name=f"Bench department {i + 1:02d}", slug=f"bench-org-{i + 1:02d}")
            for i in range(ORGS)]  # fmt: skip
    levels = list(RoleLevel.objects.filter(in_use=True).values_list("pk", flat=True))
    per_person = int(RECORDS * scale) / total_people
    with connection.cursor() as cursor:
        for org, size in zip(orgs, sizes, strict=True):
            framework = Framework.objects.create(organisation=org, slug="all-staff",
                                                 name="All staff", applies_to_all_staff=True)  # fmt: skip
            for name in ("Data literacy", "AI awareness", "Cyber security awareness"):
                Skill.objects.create(framework=framework, name=name, baseline_level=1)
            cursor.execute(
                "INSERT INTO skills_person (organisation_id, reference, grade, profession, team, "
                "line_manager_reference, location, active, erased, updated_at, role_level_id) "
                "SELECT %s, 'P' || lpad(n::text, 7, '0'), (%s::text[])[1 + (n * 7919) %% %s], "
                "(%s::text[])[1 + (n * 104729) %% %s], 'Team ' || lpad(((n * 31) %% %s)::text, 3, '0'), "
                "'', '', true, false, now(), "
                "CASE WHEN (n * 13) %% 10 = 0 THEN (%s::bigint[])[1 + (n * 17) %% %s] END "
                "FROM generate_series(0::bigint, %s - 1) AS n",
                [org.pk, GRADES, len(GRADES), PROFESSIONS, len(PROFESSIONS),
                 max(5, size // 400), levels, len(levels), size],
            )  # fmt: skip
        skills = list(
            Skill.objects.filter(framework__slug="all-staff").values_list("pk", flat=True)
        )
        activities = []
        for a in range(ACTIVITIES):
            activity = LearningActivity.objects.create(
                code=f"BENCH-{a:03d}", title=f"Bench course {a}", hours=2
            )
            activities.append(activity)
            if a < 3:  # the campaign's courses evidence every organisation's all-staff skills
                ActivitySkill.objects.bulk_create(
                    ActivitySkill(activity=activity, skill_id=s, level=1) for s in skills[a::3]
                )
        Campaign.objects.filter(name="Bench campaign").delete()
        campaign = Campaign.objects.create(organisation=orgs[0], name="Bench campaign",
                                           cross_government=True, starts_on=CAMPAIGN_START,
                                           ends_on=CAMPAIGN_END, target_participation=50,
                                           target_completion=40)  # fmt: skip
        campaign.activities.set(activities[:3])
        first_activity = activities[0].pk  # ids are consecutive: created one by one above
        for org, size in zip(orgs, sizes, strict=True):
            quota = round(size * per_person)
            # Distinct (person, activity) pairs: person i takes activities i, i+7, i+14, …
            cursor.execute(
                "INSERT INTO skills_trainingrecord (organisation_id, person_id, activity_id, status, "
                "started_on, completed_on, hours) "
                "SELECT %s, p.id, %s + (g.person + 7 * g.round) %% %s, "
                "CASE WHEN g.h %% 10 < 6 THEN 'completed' ELSE 'started' END, "
                "%s::date + (g.h %% 181)::int, "
                "CASE WHEN g.h %% 10 < 6 THEN %s::date + (g.h %% 181)::int END, "
                "(ARRAY[1, 2.5, NULL, 6])[1 + g.h %% 4] "
                "FROM (SELECT n %% %s AS person, n / %s AS round, (n * 2654435761) %% 1000003 AS h "
                "      FROM generate_series(0::bigint, %s - 1) AS n) g "
                "JOIN skills_person p ON p.organisation_id = %s "
                "AND p.reference = 'P' || lpad(g.person::text, 7, '0')",
                [org.pk, first_activity, ACTIVITIES, CAMPAIGN_START, CAMPAIGN_START,
                 size, size, quota, org.pk],
            )  # fmt: skip
            print(f"  {org.slug}: {size:,} people, {quota:,} records", file=sys.stderr, flush=True)
        cursor.execute("ANALYZE skills_person")
        cursor.execute("ANALYZE skills_trainingrecord")
    print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def dump_digest() -> tuple[int, str]:
    """(rows, SHA-1) of the four summary tables without ids, in a fixed order."""
    from smarterstate.skills.models import CampaignDay, CampaignStat, GapCell, GapSummary

    tables = [
        (GapCell, ("organisation_id", "team", "profession", "grade", "skill_id", "required", "met", "gap")),
        (GapSummary, ("organisation_id", "dimension", "value", "skill_id", "required", "met", "gap")),
        (CampaignStat, ("campaign_id", "organisation_id", "dimension", "value", "population",
                        "started", "completed", "source")),
        (CampaignDay, ("campaign_id", "organisation_id", "date", "started", "completed", "source")),
    ]  # fmt: skip
    digest = hashlib.sha1(usedforsecurity=False)
    count = 0
    for model, fields in tables:
        rows = sorted(
            repr(row) for row in model.objects.values_list(*fields).iterator(chunk_size=20_000)
        )
        count += len(rows)
        digest.update(model.__name__.encode())
        for row in rows:
            digest.update(row.encode() + b"\n")
    return count, digest.hexdigest()


def write_feed(path: Path, n: int, n_orgs: int, seed: int) -> dict:
    """n records for n_orgs organisations: new pairs on the campaign's activities, and
    completions of stored started records."""
    from django.db.models import Count

    from smarterstate.skills.models import Campaign, Person, TrainingRecord

    rng = random.Random(seed)
    ranked = list(
        Person.objects.filter(organisation__slug__startswith="bench-org-")
        .values("organisation_id", "organisation__slug")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    chosen = [ranked[i] for i in range(1, len(ranked), 4)][:n_orgs]
    campaign = Campaign.objects.get(name="Bench campaign")
    codes = dict(campaign.activities.values_list("pk", "code"))
    per_org = n // len(chosen)
    rows: list[list] = []
    for k, org in enumerate(chosen):
        quota = per_org if k < len(chosen) - 1 else n - per_org * (len(chosen) - 1)
        n_updates = quota // 5
        started = list(
            TrainingRecord.objects.filter(
                organisation_id=org["organisation_id"], status="started", activity_id__in=codes
            ).values_list("person__reference", "activity_id", "started_on")[: n_updates * 3]
        )
        for reference, activity_id, started_on in rng.sample(started, min(n_updates, len(started))):
            day = min(started_on + dt.timedelta(days=rng.randint(0, 30)), CAMPAIGN_END)
            rows.append([org["organisation__slug"], reference, codes[activity_id], "completed",
                         day.isoformat(), "2"])  # fmt: skip
        taken = set(
            TrainingRecord.objects.filter(
                organisation_id=org["organisation_id"], activity_id__in=codes
            ).values_list("person__reference", "activity_id")
        )
        references = list(
            Person.objects.filter(organisation_id=org["organisation_id"]).values_list(
                "reference", flat=True
            )
        )
        wanted = quota - (len(rows) - per_org * k)
        while wanted > 0:
            reference, activity_id = rng.choice(references), rng.choice(list(codes))
            if (reference, activity_id) in taken:
                continue
            taken.add((reference, activity_id))
            day = CAMPAIGN_START + dt.timedelta(days=rng.randint(0, 180))
            status = "completed" if rng.random() < 0.6 else "started"
            rows.append([org["organisation__slug"], reference, codes[activity_id], status,
                         day.isoformat(), rng.choice(("1", "2.5", "", "6"))])  # fmt: skip
            wanted -= 1
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["organisation", "person", "activity", "status", "date", "hours"])
        writer.writerows(rows)
    return {
        "records": len(rows),
        "organisations": {org["organisation__slug"]: org["n"] for org in chosen},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="write the workforce first")
    parser.add_argument("--scale", type=float, default=1.0, help="with --build: 1.0 = full scale")
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--orgs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--no-first-refresh",
        action="store_true",
        help="skip step 1 (the summaries are current: the last run ended with a full refresh)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    from smarterstate.skills.models import Person, TrainingRecord
    from smarterstate.skills.services.refresh import skills_refresh

    if args.build:
        build(args.scale)
    result: dict = {
        "people": Person.objects.count(),
        "training_records": TrainingRecord.objects.count(),
        "load_before": os.getloadavg(),
    }
    if not args.no_first_refresh:
        started = time.perf_counter()
        skills_refresh()
        result["full_refresh_seconds"] = round(time.perf_counter() - started, 2)

    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "daily.csv"
        result["feed"] = write_feed(feed, args.records, args.orgs, args.seed)
        out = io.StringIO()
        started = time.perf_counter()
        call_command("import_training_records", str(feed), "--json", stdout=out)
        result["import_seconds"] = round(time.perf_counter() - started, 2)
    report = json.loads(out.getvalue())
    result["import"] = {
        k: report[k] for k in ("read", "created", "updated", "unchanged", "rejected")
    }
    result["import"].update(report.get("extra", {}))
    result["load_after_import"] = os.getloadavg()
    incremental = dump_digest()
    started = time.perf_counter()
    skills_refresh()
    result["full_refresh_after_seconds"] = round(time.perf_counter() - started, 2)
    full = dump_digest()
    result["summary_rows"] = full[0]
    result["incremental_equals_full"] = incremental == full
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
