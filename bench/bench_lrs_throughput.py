"""The Learning Record Store under load: POST batches of 100 statements for 60 s, then single PUTs.

    .venv/bin/python bench/bench_lrs_throughput.py [--seconds 60] [--workers 3] [--clients 4]

Starts gunicorn (production settings, persistent connections) on 127.0.0.1:8218 against its own
PostgreSQL database ``bench_lrs`` (re-created), registers a learning platform, and drives it
from this process: ``--clients`` threads, each with one keep-alive connection, POST
pre-serialised batches (distinct ids, 2,000 learners, 50 activities, 5 verbs, a fifth of them
completions) until the time is up or ``--max-batches`` are sent. Bounded in count and time; it
stops by itself and stops the server it started. Then ``--puts`` single-statement PUTs, one at a
time, for their p50/p95. Prints statements/s, latency percentiles and the machine's load.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import os
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
import uuid

import orjson
from _common import ROOT, percentile, setup_database

PORT = 8218
VERBS = ["http://adlnet.gov/expapi/verbs/experienced", "http://adlnet.gov/expapi/verbs/attempted",
         "http://adlnet.gov/expapi/verbs/answered", "http://adlnet.gov/expapi/verbs/completed",
         "http://adlnet.gov/expapi/verbs/progressed"]  # fmt: skip


def make_statement(rng: random.Random) -> dict:
    learner = rng.randrange(2000)
    activity = rng.randrange(50)
    return {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "name": f"Learner {learner}",
            "account": {"homePage": "https://lms.example.gov.uk", "name": f"P{learner:06d}"},
        },  # fmt: skip
        "verb": {"id": rng.choice(VERBS), "display": {"en-GB": "did"}},
        "object": {
            "objectType": "Activity",
            "id": f"https://learning.example.gov.uk/courses/{activity}",
            "definition": {
                "name": {"en-GB": f"Course {activity}"},
                "type": "http://adlnet.gov/expapi/activities/course",
            },
        },  # fmt: skip
        "result": {
            "completion": True,
            "success": True,
            "score": {"scaled": round(rng.random(), 2)},
            "duration": "PT12M30S",
        },  # fmt: skip
        "context": {
            "registration": str(uuid.uuid4()),
            "platform": "Bench LMS",
            "language": "en-GB",
            "contextActivities": {
                "parent": [{"id": "https://learning.example.gov.uk/programmes/obt"}]
            },
        },  # fmt: skip
        "timestamp": "2026-11-20T10:00:00.000Z",
    }


def start_server(workers: int, database_url: str) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=database_url, DJANGO_DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50),
               ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0", DB_CONN_MAX_AGE="600", LOG_LEVEL="WARNING")  # fmt: skip
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "smarterstate.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", str(workers),
         "--log-level", "warning", "--timeout", "120"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/xapi/about")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--max-batches", type=int, default=10000)
    parser.add_argument("--puts", type=int, default=500)
    args = parser.parse_args()

    setup_database("bench_lrs", reset=True)
    from smarterstate.learningrecords.services.platforms import platform_register
    from smarterstate.organisations.models import Organisation

    organisation = Organisation.objects.create(slug="bench-department", name="Bench Department")
    credentials = platform_register(organisation=organisation, name="Bench LMS")
    auth = "Basic " + base64.b64encode(f"{credentials.key}:{credentials.secret}".encode()).decode()
    headers = {
        "Authorization": auth,
        "X-Experience-API-Version": "2.0.0",
        "Content-Type": "application/json",
    }

    rng = random.Random(18)
    print(f"Preparing {args.max_batches} batches of {args.batch} …", flush=True)
    batches = [
        orjson.dumps([make_statement(rng) for _ in range(args.batch)])
        for _ in range(args.max_batches)
    ]
    server = start_server(args.workers, os.environ["DATABASE_URL"])
    try:
        next_batch = iter(range(len(batches)))
        lock = threading.Lock()
        latencies: list[float] = []
        errors: list[str] = []
        deadline = time.monotonic() + args.seconds

        def client() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            while time.monotonic() < deadline:
                with lock:
                    index = next(next_batch, None)
                if index is None:
                    return
                started = time.monotonic()
                connection.request("POST", "/xapi/statements", body=batches[index], headers=headers)
                response = connection.getresponse()
                response.read()
                took = time.monotonic() - started
                with lock:
                    if response.status == 200:
                        latencies.append(took)
                    else:
                        errors.append(f"{response.status}")

        load_before = os.getloadavg()
        started = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        stored = len(latencies) * args.batch
        print(f"POST batches of {args.batch}: {stored:,} statements in {elapsed:.1f} s = "
              f"{stored / elapsed:,.0f} statements/s; batch latency p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
              f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms; errors {len(errors)}")  # fmt: skip
        print(
            f"load average before: {load_before[0]:.2f}, after: {os.getloadavg()[0]:.2f} (cores: {os.cpu_count()})"
        )

        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        put_times = []
        for _ in range(args.puts):
            statement = make_statement(rng)
            url = f"/xapi/statements?statementId={statement['id']}"
            begin = time.monotonic()
            connection.request("PUT", url, body=orjson.dumps(statement), headers=headers)
            response = connection.getresponse()
            response.read()
            put_times.append(time.monotonic() - begin)
            assert response.status == 204, response.status
        print(f"single PUT: p50 {percentile(put_times, 0.5) * 1000:.1f} ms, p95 {percentile(put_times, 0.95) * 1000:.1f} ms "
              f"over {args.puts}")  # fmt: skip
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
