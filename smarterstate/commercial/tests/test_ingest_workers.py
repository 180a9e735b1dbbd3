"""The import's worker processes die with it: a kill -9 of the import leaves no orphan."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings

# Starts the import's own pool (ingest._Workers), gives it work that blocks, prints the
# workers' pids and waits: the test then kills it as `kill -9` would.
SCRIPT = """
import os, sys, time
import django
django.setup()
from smarterstate.commercial.services.ingest.workers import Workers
pool = Workers(2)
futures = [pool.submit(time.sleep, 600) for _ in range(4)]
time.sleep(0.5)
children = [p.pid for p in pool._pool._processes.values()]
print(" ".join(map(str, children)), flush=True)
time.sleep(600)
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rsplit(b")", 1)[1].split()[0]
    except OSError:
        return False
    return state != b"Z"  # a zombie has exited; only its exit status waits to be read


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_exit_within_5_seconds_when_the_import_is_killed():
    process = subprocess.Popen(  # noqa: S603 - our own code
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "smarterstate.settings"},
        stdout=subprocess.PIPE,
    )
    try:
        children = [int(pid) for pid in process.stdout.readline().split()]
        assert len(children) == 2 and all(alive(pid) for pid in children)

        process.send_signal(signal.SIGKILL)
        process.wait(timeout=5)
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.05)

        assert not [pid for pid in children if alive(pid)], "orphaned import workers"
    finally:
        process.kill()
        process.stdout.close()
        for pid in children if "children" in locals() else []:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
