"""A civil-service-scale workforce for the skills benchmarks.

At scale 1.0: 540,000 people in 20 organisations (Zipf-like sizes; the largest ~110,000),
5,000,000 training records over 60 learning activities, the real DDaT framework, an all-staff
framework per organisation, DDaT role levels for 1 in 10 people, and a cross-government
campaign. People, activities and frameworks go straight into the database (bulk inserts, no
per-row history: this is a load generator); the training records are written to a CSV that
``bench/skills_bench.py`` imports with the real ``import_training_records``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ss_skills \
        .venv/bin/python bench/skills_generate.py --scale 0.2 --out var/bench/skills-training.csv

Run it on an empty (or bench-only) database: it replaces the bench organisations' data.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smarterstate.settings")

ORGS, PEOPLE, RECORDS, ACTIVITIES = 20, 540_000, 5_000_000, 60
GRADES = ["AA", "AO", "EO", "HEO", "SEO", "G7", "G6", "SCS"]
PROFESSIONS = ["Operational delivery", "Policy", "Digital and data", "Finance", "Analysis", "HR", "Commercial",
               "Project delivery", "Legal", "Communications"]  # fmt: skip
CAMPAIGN_START = dt.date(2023, 10, 1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1.0 = 540,000 people, 5,000,000 records"
    )
    parser.add_argument("--out", default="var/bench/skills-training.csv")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    from smarterstate.organisations.models import Organisation
    from smarterstate.skills.models import (
        ActivitySkill,
        Campaign,
        Framework,
        LearningActivity,
        Person,
        RoleLevel,
        Skill,
    )  # fmt: skip

    started = time.monotonic()
    rng = random.Random(540)
    call_command("migrate", verbosity=0)
    call_command("import_capability_framework", str(ROOT / "data/ddat/ddat-role-content.csv"),
                 str(ROOT / "data/ddat/ddat-skill-descriptions.csv"), "--json")  # fmt: skip
    total_people = int(PEOPLE * args.scale)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(ORGS)]
    sizes = [int(total_people * w / sum(weights)) for w in weights]
    sizes[0] += total_people - sum(sizes)
    Organisation.objects.filter(slug__startswith="bench-org-").delete()
    orgs = [Organisation.objects.create(name=f"Bench department {i + 1:02d}", slug=f"bench-org-{i + 1:02d}")
            for i in range(ORGS)]  # fmt: skip
    levels = list(RoleLevel.objects.filter(in_use=True).values_list("pk", flat=True))
    for org, size in zip(orgs, sizes, strict=True):
        framework = Framework.objects.create(organisation=org, slug="all-staff", name="All staff",
                                             applies_to_all_staff=True)  # fmt: skip
        for name in ("Data literacy", "AI awareness", "Cyber security awareness"):
            Skill.objects.create(framework=framework, name=name, baseline_level=1)
        teams = [f"Team {t:03d}" for t in range(max(5, size // 400))]
        batch = []
        for i in range(size):
            batch.append(Person(organisation=org, reference=f"P{i:07d}", grade=rng.choice(GRADES),
                                profession=rng.choice(PROFESSIONS), team=rng.choice(teams),
                                role_level_id=rng.choice(levels) if rng.random() < 0.1 else None))  # fmt: skip
            if len(batch) == 10_000:
                Person.objects.bulk_create(batch)
                batch = []
        Person.objects.bulk_create(batch)
        print(f"{org.slug}: {size:,} people", flush=True)
    LearningActivity.objects.filter(code__startswith="BENCH-").delete()
    skills = list(
        Skill.objects.filter(framework__slug="all-staff").values_list(
            "pk", "framework__organisation_id"
        )
    )
    activities = []
    for a in range(ACTIVITIES):
        activity = LearningActivity.objects.create(
            code=f"BENCH-{a:03d}", title=f"Bench course {a}", hours=2
        )
        activities.append(activity)
        if a < 3:  # the campaign's courses evidence every organisation's first all-staff skills
            for skill_id, _ in skills[a::3]:
                ActivitySkill.objects.create(activity=activity, skill_id=skill_id, level=1)
    owner = orgs[0]
    Campaign.objects.filter(name="Bench campaign").delete()
    campaign = Campaign.objects.create(organisation=owner, name="Bench campaign", cross_government=True,
                                       starts_on=CAMPAIGN_START, ends_on=dt.date(2024, 3, 31),
                                       target_participation=50, target_completion=40)  # fmt: skip
    campaign.activities.set(activities[:3])

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    total_records = int(RECORDS * args.scale)
    per_person = total_records / total_people
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["organisation", "person", "activity", "status", "date", "hours"])
        written = 0
        for org, size in zip(orgs, sizes, strict=True):
            quota = round(size * per_person) if org is not orgs[-1] else total_records - written
            # Distinct (person, activity) pairs: person i takes activities i, i+7, i+14, …
            for n in range(quota):
                person = n % size
                activity = (person + 7 * (n // size)) % ACTIVITIES
                day = CAMPAIGN_START + dt.timedelta(days=rng.randint(0, 180))
                status = "completed" if rng.random() < 0.6 else "started"
                writer.writerow([org.slug, f"P{person:07d}", f"BENCH-{activity:03d}", status, day.isoformat(),
                                 rng.choice(("1", "2.5", "", "6"))])  # fmt: skip
            written += quota
    print(
        f"{total_people:,} people, {written:,} training records in {out} ({time.monotonic() - started:.0f}s)"
    )


if __name__ == "__main__":
    main()
