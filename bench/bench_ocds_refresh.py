"""refresh_indicators() alone, on the databases bench_ocds_import.py leaves behind.

    .venv/bin/python bench/bench_ocds_refresh.py [--repeat 2] [--skip-sqlite] [--skip-postgres]

Run it after ``bench/bench_ocds_import.py N``: it times the refresh that ends every import
on those N releases (PostgreSQL database smarterstate_bench_ocds, SQLite file
var/bench/bench-ocds.sqlite3), each run in a fresh process so that its peak RSS is the
refresh's own (Django set up: about 60 MB). DJANGO_DEBUG=0, as the imports run. Each run
rewrites the same indicator rows, so it can be repeated.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from _common import postgres_database_exists
from bench_ocds_import import PG_BASE, PG_DB, PY, ROOT, django_env

CHILD = """
import json, resource, time
import django
django.setup()
from smarterstate.commercial.models import Process
from smarterstate.commercial.services.refresh import refresh_indicators
started = time.perf_counter()
rows = refresh_indicators()
print(json.dumps({
    "seconds": round(time.perf_counter() - started, 1),
    "rows": rows,
    "processes": Process.objects.count(),
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
}))
"""


def run(url: str) -> dict:
    env = {**django_env(url), "DJANGO_SETTINGS_MODULE": "smarterstate.settings"}
    out = subprocess.run([PY, "-c", CHILD], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()

    targets = []
    sqlite = ROOT / "var" / "bench" / "bench-ocds.sqlite3"
    if not args.skip_sqlite and sqlite.exists():
        targets.append(("SQLite", f"sqlite:///{sqlite}"))
    if not args.skip_postgres and postgres_database_exists(PG_DB):
        targets.append(("PostgreSQL", f"{PG_BASE}/{PG_DB}"))
    if not targets:
        print("No benchmark database yet: run bench/bench_ocds_import.py N first.")
        return

    print("| database | processes | run | seconds | indicator rows | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, url in targets:
        for i in range(1, args.repeat + 1):
            result = run(url)
            print(
                f"| {label} | {result['processes']:,} | {i} | {result['seconds']} "
                f"| {result['rows']:,} | {result['peak_rss_mb']} |",
                flush=True,
            )


if __name__ == "__main__":
    sys.exit(main())
