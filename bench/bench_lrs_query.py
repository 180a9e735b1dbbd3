"""GET /xapi/statements with an agent filter over millions of stored statements (target p95 < 200 ms).

    .venv/bin/python bench/bench_lrs_query.py [--statements 10000000] [--requests 300] [--reset]

Fills its own PostgreSQL database ``bench_lrs_query`` in SQL (generate_series; minutes, not
hours): one organisation, ``--learners`` learners (200,000: ~50 statements each at 10 million),
500 activities, 5 verbs, stored 3 s apart, each statement with the terms the LRS writes
(agent, related agent, verb, activity, related activities). Term keys are md5 as in
services/terms.py, so the server finds them. Indexes are dropped for the load and rebuilt, as a
restore would. Kept between runs (``--reset`` rebuilds). Then starts gunicorn on 127.0.0.1:8218
and times ``--requests`` GETs of a random learner's statements (one connection, one at a time).
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import secrets
import signal
import subprocess
import time
import urllib.parse

from _common import ROOT, percentile, setup_database

PORT = 8218
CHUNK = 1_000_000
HOME = "https://lms.example.gov.uk"


def fill(statements: int, learners: int) -> None:
    from django.db import connection

    from smarterstate.learningrecords.models import LearningPlatform, Statement, StatementTerm
    from smarterstate.learningrecords.services.platforms import platform_authority
    from smarterstate.learningrecords.services.terms import _PREFIX
    from smarterstate.organisations.models import Organisation

    organisation = Organisation.objects.create(slug="bench-department", name="Bench Department")
    platform = LearningPlatform.objects.create(
        organisation=organisation,
        name="Bench LMS",
        key="bench",
        secret_hash="-",  # noqa: S106 - set below
    )
    authority = json.dumps(platform_authority(platform))
    st, tt = Statement._meta.db_table, StatementTerm._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'u'",
            [st],
        )
        constraints = cursor.fetchall()
        for name, _ in constraints:
            cursor.execute(f"ALTER TABLE {st} DROP CONSTRAINT {name}")
        cursor.execute(
            "SELECT indexdef, indexname FROM pg_indexes WHERE tablename IN (%s, %s)", [st, tt]
        )
        indexes = cursor.fetchall()
        cursor.execute(f"ALTER TABLE {tt} DROP CONSTRAINT {tt}_pkey")
        for _, name in indexes:
            if not name.endswith("_pkey"):
                cursor.execute(f"DROP INDEX {name}")
        prefix = _PREFIX.replace("\x1f", "")
        for lo in range(1, statements + 1, CHUNK):
            hi = min(lo + CHUNK - 1, statements)
            started = time.monotonic()
            cursor.execute(f"""
                INSERT INTO {st} (id, organisation_id, platform_id, statement_id, stored, timestamp, version, actor_key,
                                  verb, object_id, target_id, registration, is_voiding, voided, payload)
                SELECT g, %(org)s, %(platform)s, md5('statement' || g)::uuid, ts, ts, '2.0.0',
                       'account:["{HOME}","' || name || '"]', verb, activity, NULL, NULL, false, false,
                       jsonb_build_object(
                         'id', md5('statement' || g)::uuid,
                         'actor', jsonb_build_object('objectType', 'Agent',
                                    'account', jsonb_build_object('homePage', '{HOME}', 'name', name)),
                         'verb', jsonb_build_object('id', verb, 'display', jsonb_build_object('en-GB', 'did')),
                         'object', jsonb_build_object('objectType', 'Activity', 'id', activity),
                         'result', jsonb_build_object('completion', true, 'score', jsonb_build_object('scaled', 0.8)),
                         'context', jsonb_build_object('contextActivities', jsonb_build_object('parent',
                                      jsonb_build_array(jsonb_build_object('id', 'https://learning.example.gov.uk/programmes/obt')))),
                         'timestamp', to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                         'stored', to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                         'authority', %(authority)s::jsonb, 'version', '2.0.0')
                FROM (SELECT g, timestamptz '2025-01-01 00:00:00+00' + g * interval '3 seconds' AS ts,
                             'P' || lpad(((g * 7919) %% %(learners)s)::text, 6, '0') AS name,
                             'http://adlnet.gov/expapi/verbs/' || (ARRAY['experienced','attempted','answered','completed','progressed'])[1 + g %% 5] AS verb,
                             'https://learning.example.gov.uk/courses/' || ((g * 31) %% 500) AS activity
                      FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) AS g) AS s
            """, {"org": organisation.pk, "platform": platform.pk, "authority": authority, "learners": learners,
                  "lo": lo, "hi": hi})  # noqa: S608 - our tables  # fmt: skip
            cursor.execute(f"""
                INSERT INTO {tt} (term, stored, statement_id)
                SELECT md5(%(prefix)s || chr(31) || %(org)s || chr(31) || t.kind || chr(31) || t.value)::uuid, s.stored, s.id
                FROM {st} s CROSS JOIN LATERAL (VALUES ('a', s.actor_key), ('A', s.actor_key), ('v', s.verb),
                     ('c', s.object_id), ('C', s.object_id), ('C', 'https://learning.example.gov.uk/programmes/obt')) AS t(kind, value)
                WHERE s.id BETWEEN %(lo)s AND %(hi)s
            """, {"prefix": prefix, "org": organisation.pk, "lo": lo, "hi": hi})  # noqa: S608  # fmt: skip
            print(f"  statements {lo:,}–{hi:,} in {time.monotonic() - started:.0f} s", flush=True)
        started = time.monotonic()
        cursor.execute(f"ALTER TABLE {tt} ADD PRIMARY KEY (term, stored, statement_id)")
        for definition, name in indexes:
            if not name.endswith("_pkey"):
                cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f"ALTER TABLE {st} ADD CONSTRAINT {name} {definition}")
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{st}', 'id'), %s)", [statements])
        cursor.execute(f"ANALYZE {st}")
        cursor.execute(f"ANALYZE {tt}")
        print(f"  indexes built in {time.monotonic() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=10_000_000)
    parser.add_argument("--learners", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--reset", action="store_true")
    args = parser.parse_args()
    name = "bench_lrs_query"
    from _common import postgres_database_exists

    fresh = args.reset or not postgres_database_exists(name)
    setup_database(name, reset=fresh)
    from smarterstate.learningrecords.models import LearningPlatform, Statement
    from smarterstate.learningrecords.services.platforms import _hash

    if fresh or not Statement.objects.exists():
        print(f"Filling {args.statements:,} statements …", flush=True)
        fill(args.statements, args.learners)
    count = Statement.objects.count()
    secret = secrets.token_urlsafe(32)
    LearningPlatform.objects.filter(key="bench").update(secret_hash=_hash(secret))
    env = dict(os.environ, DJANGO_DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1",
               SECURE_SSL_REDIRECT="0", DB_CONN_MAX_AGE="600")  # fmt: skip
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "smarterstate.wsgi", "-b", f"127.0.0.1:{PORT}",
                               "-w", "2", "--log-level", "warning"], cwd=ROOT, env=env)  # fmt: skip
    try:
        time.sleep(4)
        headers = {"Authorization": "Basic " + base64.b64encode(f"bench:{secret}".encode()).decode(),
                   "X-Experience-API-Version": "2.0.0"}  # fmt: skip
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        rng = random.Random(18)
        for _ in range(10):  # warm up both workers (imports, connections), untimed
            connection.request("GET", "/xapi/statements?limit=1", headers=headers)
            connection.getresponse().read()
        times, returned = [], []
        for _ in range(args.requests):
            agent = json.dumps(
                {"account": {"homePage": HOME, "name": f"P{rng.randrange(args.learners):06d}"}}
            )
            url = "/xapi/statements?" + urllib.parse.urlencode({"agent": agent, "limit": "100"})
            begin = time.monotonic()
            connection.request("GET", url, headers=headers)
            response = connection.getresponse()
            body = response.read()
            times.append(time.monotonic() - begin)
            assert response.status == 200, body[:300]
            returned.append(len(json.loads(body)["statements"]))
        print(f"GET statements?agent=… over {count:,} statements: p50 {percentile(times, 0.5) * 1000:.1f} ms, "
              f"p95 {percentile(times, 0.95) * 1000:.1f} ms, {sum(returned) / len(returned):.0f} statements a response "
              f"({args.requests} requests); load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")  # fmt: skip
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
