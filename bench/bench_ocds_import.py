"""Benchmark import_ocds against ``ocdskit compile`` on the same generated file.

    .venv/bin/python bench/bench_ocds_import.py 100000 [--keep-file] [--skip-postgres]

In one run, on one file made by bench/ocds_generate.py (JSON lines, cached under
var/bench/): ``ocdskit compile --schema <bundled schema>`` (the reference: stdin in,
compiled releases out, single process), then ``manage.py import_ocds`` into a fresh
SQLite file and into a fresh PostgreSQL database (both migrated first, untimed),
each run twice: the first import, and the re-import of the unchanged file.

Every command runs under /usr/bin/time -v: wall time and peak RSS (the largest
single process, as the kernel reports for a waited-for child). Imports run with
DJANGO_DEBUG=0, as production does (with DEBUG on, Django keeps every query).

``--ingest-only`` adds rows for import_ocds with the normalised rows' writes and the
indicator refresh switched off (read, store, compile; the workers still parse), to
tell their cost from the rest.

CPU seconds are user + system time of the command and its worker processes (not the
PostgreSQL server's): on a 2-core machine the import's wall time cannot fall below
half of that, which is what limits it against a single-process reference.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
OCDSKIT = str(ROOT / ".venv" / "bin" / "ocdskit")
SCHEMA = ROOT / "data/ocds/schema/release-schema-1__1__5+uk_extension-only.json"
PG_DB = "smarterstate_bench_ocds"
PG_BASE = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")

INGEST_ONLY = """
import os, sys
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smarterstate.settings")
import django
django.setup()
from smarterstate.commercial.services.ingest import compiling, run
compiling.normalise_parsed = lambda chunk, organisations: None
run.refresh_indicators = lambda: None
from django.core.management import call_command
call_command("import_ocds", sys.argv[1], "--json", "-v0")
"""


def timed(cmd: list[str], *, env=None, stdin=None, stdout=subprocess.DEVNULL) -> dict:
    started = time.monotonic()
    proc = subprocess.run(  # noqa: S603 - fixed commands
        ["/usr/bin/time", "-v", *cmd],
        env=env,
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        check=False,
    )
    seconds = time.monotonic() - started
    err = proc.stderr.decode(errors="replace")
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    cpu = sum(
        float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", err).group(1))
        for kind in ("User", "System")
    )
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mb": round(rss / 1024, 1),
        "stdout": proc.stdout,
    }


def django_env(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "PYTHONPATH": str(ROOT),
    }


def fresh_sqlite(path: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    migrate(url)
    return url


def fresh_postgres() -> str:
    for sql in (f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)", f"CREATE DATABASE {PG_DB}"):
        subprocess.run(["psql", f"{PG_BASE}/postgres", "-qc", sql], check=True)  # noqa: S603, S607
    url = f"{PG_BASE}/{PG_DB}"
    migrate(url)
    return url


def migrate(url: str) -> None:
    subprocess.run(  # noqa: S603
        [PY, str(ROOT / "manage.py"), "migrate", "--no-input", "-v0"],
        env=django_env(url),
        check=True,
    )


def import_run(url: str, path: Path, *, ingest_only: bool) -> dict:
    if ingest_only:
        cmd = [PY, "-c", INGEST_ONLY.format(root=str(ROOT)), str(path)]
    else:
        cmd = [PY, str(ROOT / "manage.py"), "import_ocds", str(path), "--json", "-v0"]
    result = timed(cmd, env=django_env(url), stdout=subprocess.PIPE)
    report = json.loads(result.pop("stdout").decode().strip().splitlines()[-1])
    result.update({k: report[k] for k in ("releases_read", "new", "unchanged", "ocids_compiled")})
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "n", type=int, nargs="?", default=100_000, help="Releases (default 100,000)."
    )
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--ingest-only", action="store_true", help="Also time without normalising.")
    args = parser.parse_args()

    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    data = bench_dir / f"ocds-{args.n}.jsonl"
    if not data.exists():
        subprocess.run(  # noqa: S603
            [PY, str(ROOT / "bench/ocds_generate.py"), str(args.n), "-o", str(data)], check=True
        )
    size_mb = data.stat().st_size / 1e6
    rows = []

    with data.open("rb") as stdin:
        ref = timed([OCDSKIT, "compile", "--schema", str(SCHEMA)], stdin=stdin)
    ref.pop("stdout")
    ref_rate = args.n / ref["seconds"]
    rows.append(("ocdskit compile --schema (reference)", ref, None))

    load_before = os.getloadavg()[0]
    targets = []
    if not args.skip_sqlite:
        targets.append(("SQLite", lambda: fresh_sqlite(bench_dir / "bench-ocds.sqlite3")))
    if not args.skip_postgres:
        targets.append(("PostgreSQL", fresh_postgres))
    modes = [False, True] if args.ingest_only else [False]
    for name, make in targets:
        for ingest_only in modes:
            label = f"import_ocds → {name}" + (" (no normalise/indicators)" if ingest_only else "")
            url = make()
            first = import_run(url, data, ingest_only=ingest_only)
            again = import_run(url, data, ingest_only=ingest_only)
            rows.append((label, first, None))
            rows.append(
                (label + ", re-import unchanged", again, first["seconds"] / again["seconds"])
            )

    print(
        f"\n{args.n:,} releases, {size_mb:,.0f} MB JSON lines ({data.name}); machine: "
        f"{os.cpu_count()} cores; load average {load_before:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end\n"
    )
    print("| run | seconds | releases/s | × ocdskit | CPU s | peak RSS MB | re-import speed-up |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, result, speedup in rows:
        rate = args.n / result["seconds"]
        print(
            f"| {label} | {result['seconds']:.1f} | {rate:,.0f} | {rate / ref_rate:.2f} | "
            f"{result['cpu_seconds']:.1f} | {result['peak_rss_mb']:.0f} | "
            f"{'' if speedup is None else f'{speedup:.1f}×'} |"
        )
    print(json.dumps({"n": args.n, "rows": [(label, r) for label, r, _ in rows]}, default=str))


if __name__ == "__main__":
    main()
