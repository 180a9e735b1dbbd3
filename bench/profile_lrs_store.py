"""CPU cost of storing statements, in process: CPU seconds per 1,000 statements and queries a batch.

    .venv/bin/python bench/profile_lrs_store.py [--batches 100] [--batch 100] [--puts 200] [--profile] [--db NAME]

Throughput on a shared machine says more about the neighbours than about the code; CPU time does
not. This drives the real xAPI view (HTTP Basic, version header, JSON body, validation, storage,
training records, commit) through Django's RequestFactory against its own PostgreSQL database
``bench_lrs_profile`` (re-created; ``--sqlite`` for SQLite), with the statements of
``bench_lrs_throughput.py``, and reports:

- this process's CPU seconds (user + system) per 1,000 statements, and the PostgreSQL backend's
  (read from /proc for the connection's server process, so only when PostgreSQL runs here);
- queries per batch and per single PUT;
- with ``--profile``, the top of a cProfile of the batches.

Capacity: with C cores free, statements/s ≈ 1,000 × C / (Python + PostgreSQL CPU s per 1,000),
less what HTTP parsing in gunicorn and the clients take.
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import os
import pstats
import random
import sys
import time

import orjson
from _common import percentile, setup_database
from bench_lrs_throughput import make_statement


def _backend_cpu(pid: int | None) -> float:
    if pid is None:
        return 0.0
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", type=int, default=100)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--puts", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--db", default="bench_lrs_profile", help="database name (re-created)")
    args = parser.parse_args()

    setup_database(args.db, reset=True, sqlite=args.sqlite)
    from django.conf import settings
    from django.db import connection
    from django.test import RequestFactory

    from smarterstate.learningrecords.lrs.urls import urlpatterns
    from smarterstate.learningrecords.services.platforms import platform_register
    from smarterstate.organisations.models import Organisation

    settings.DEBUG = False  # no query log: as in production
    view = next(p.callback for p in urlpatterns if p.name == "statements")
    organisation = Organisation.objects.create(slug="bench-department", name="Bench Department")
    credentials = platform_register(organisation=organisation, name="Bench LMS")
    auth = "Basic " + base64.b64encode(f"{credentials.key}:{credentials.secret}".encode()).decode()
    headers = {"HTTP_AUTHORIZATION": auth, "HTTP_X_EXPERIENCE_API_VERSION": "2.0.0"}
    factory = RequestFactory()
    rng = random.Random(18)
    bodies = [
        orjson.dumps([make_statement(rng) for _ in range(args.batch)])
        for _ in range(args.batches + 5)
    ]
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    def post(body: bytes) -> None:
        request = factory.post(
            "/xapi/statements", data=body, content_type="application/json", **headers
        )
        response = view(request)
        assert response.status_code == 200, response.content[:300]

    for body in bodies[:5]:  # warm: connection, caches, first definitions
        post(body)
    pid = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
    profiler = cProfile.Profile() if args.profile else None
    with connection.execute_wrapper(count):
        cpu, backend, wall = time.process_time(), _backend_cpu(pid), time.perf_counter()
        if profiler:
            profiler.enable()
        for body in bodies[5:]:
            post(body)
        if profiler:
            profiler.disable()
        cpu, backend = time.process_time() - cpu, _backend_cpu(pid) - backend
        wall = time.perf_counter() - wall
        batch_queries = queries[0] / args.batches
        stored = args.batches * args.batch
        print(f"POST {args.batches} batches of {args.batch} ({connection.vendor}): "
              f"Python {cpu / stored * 1000:.3f} CPU s per 1,000 statements, "
              f"database backend {backend / stored * 1000:.3f}; {batch_queries:.1f} queries a batch; "
              f"wall {wall:.1f} s ({stored / wall:,.0f} statements/s in one process)")  # fmt: skip

        queries[0] = 0
        times = []
        cpu = time.process_time()
        for _ in range(args.puts):
            statement = make_statement(rng)
            request = factory.put(f"/xapi/statements?statementId={statement['id']}",
                                  data=orjson.dumps(statement), content_type="application/json", **headers)  # fmt: skip
            started = time.perf_counter()
            response = view(request)
            times.append(time.perf_counter() - started)
            assert response.status_code == 204, response.content[:300]
        cpu = time.process_time() - cpu
        print(f"PUT ×{args.puts}: p50 {percentile(times, 0.5) * 1000:.1f} ms, "
              f"p95 {percentile(times, 0.95) * 1000:.1f} ms, Python {cpu / args.puts * 1000:.2f} CPU ms each, "
              f"{queries[0] / args.puts:.1f} queries each")  # fmt: skip
    print(f"load average: {os.getloadavg()[0]:.2f} (cores: {os.cpu_count()})")
    if profiler:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(
            os.environ.get("SORT", "cumulative")
        ).print_stats(45)


if __name__ == "__main__":
    main()
