"""Skills benchmarks: training-record import rate and memory, refresh time, and the campaign
dashboard and gap analysis pages (p50/p95) for the largest organisation.

Run bench/skills_generate.py first (same DATABASE_URL, same --scale), then:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ss_skills \
        .venv/bin/python bench/skills_bench.py --csv var/bench/skills-training.csv [--repeat 30]

Targets (issue 5): import ≥ 20,000 rows/s on PostgreSQL with flat memory; the campaign
dashboard and gap analysis for the largest organisation p95 < 300 ms.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import threading
import time

from _common import sample_page, setup_django


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def import_once(path: str) -> tuple[dict, float, float, float]:
    """Run the real command; returns its report, seconds, and RSS at the start and the peak."""
    from django.core.management import call_command

    cpu_start = resource.getrusage(resource.RUSAGE_SELF)
    samples = [rss_mb()]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.5):
            samples.append(rss_mb())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out = io.StringIO()
    started = time.monotonic()
    call_command("import_training_records", path, "--no-refresh", "--json", stdout=out)
    seconds = time.monotonic() - started
    done.set()
    thread.join()
    cpu_end = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_end.ru_utime - cpu_start.ru_utime) + (cpu_end.ru_stime - cpu_start.ru_stime)
    print(
        f"  (importer process CPU {cpu:.1f}s for {seconds:.1f}s wall; load {os.getloadavg()[0]:.1f})"
    )
    return json.loads(out.getvalue()), seconds, samples[0], max(samples)


def time_page(client, url: str, repeat: int) -> tuple[float, float]:
    timings, _ = sample_page(client, url, repeat)  # after a warm-up: the chart SVG is cached
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--csv", default="var/bench/skills-training.csv")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument(
        "--import-only", action="store_true", help="only the import of new rows, then stop"
    )
    args = parser.parse_args()

    setup_django(migrate=False)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from smarterstate.accounts.models import User
    from smarterstate.organisations.models import Membership, Organisation
    from smarterstate.skills.models import Campaign, TrainingRecord

    settings.DEBUG = False  # as in production: no query log growing with every batch
    print(f"database: {connection.vendor}; cpu count {os.cpu_count()}; load {os.getloadavg()}")
    if not args.skip_import:
        TrainingRecord.objects.filter(organisation__slug__startswith="bench-org-").delete()
        report, seconds, rss_start, rss_peak = import_once(args.csv)
        print(f"import (new): {report['read']:,} rows in {seconds:.1f}s = {report['read'] / seconds:,.0f} rows/s; "
              f"created {report['created']:,}, rejected {report['rejected']:,}; RSS {rss_start:.0f} → peak {rss_peak:.0f} MB")  # fmt: skip
        if args.import_only:
            return
        report, seconds, rss_start, rss_peak = import_once(args.csv)
        print(f"import (re-run, unchanged): {report['read']:,} rows in {seconds:.1f}s = "
              f"{report['read'] / seconds:,.0f} rows/s; unchanged {report['unchanged']:,}; peak {rss_peak:.0f} MB")  # fmt: skip
        started = time.monotonic()
        call_command("refresh_skills", stdout=io.StringIO())
        print(
            f"refresh_skills (gaps for every organisation + campaign): {time.monotonic() - started:.1f}s"
        )

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    largest = Organisation.objects.get(slug="bench-org-01")
    analyst, _ = User.objects.get_or_create(
        username="bench-analyst", defaults={"is_central_analyst": True}
    )
    editor, _ = User.objects.get_or_create(username="bench-editor")
    Membership.objects.get_or_create(user=editor, organisation=largest, defaults={"role": "editor"})
    campaign = Campaign.objects.get(name="Bench campaign")
    people = largest.people.count()
    print(f"largest organisation: {people:,} people, "
          f"{TrainingRecord.objects.filter(organisation=largest).count():,} training records")  # fmt: skip
    base = f"/o/{largest.slug}/skills/"
    for label, user, url in [
        ("campaign dashboard (editor)", editor, f"{base}campaigns/{campaign.pk}/"),
        ("campaign dashboard + league table (analyst)", analyst, f"{base}campaigns/{campaign.pk}/"),
        ("gap analysis by team (editor)", editor, f"{base}gaps/"),
        ("gap analysis by grade (analyst)", analyst, f"{base}gaps/?by=grade"),
    ]:
        client = Client()
        client.force_login(user)
        p50, p95 = time_page(client, url, args.repeat)
        print(f"{label}: p50 {p50:.0f} ms, p95 {p95:.0f} ms")


if __name__ == "__main__":
    main()
