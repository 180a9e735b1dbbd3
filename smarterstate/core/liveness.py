"""Is the process running a job or an import still alive? And make helpers die with their parent.

A long run records ``process_token()`` (host, pid and the process's start time) and beats
a heartbeat while it works. A later run can then tell a run that is still going from one
whose process was killed: on the same host the token answers at once (the pid is gone, or
now belongs to another process); elsewhere only a stale heartbeat tells.

``die_with_parent()`` is the initialiser of forked worker processes: on Linux the kernel
sends them SIGKILL when the process that started them dies (``PR_SET_PDEATHSIG``), so a
``kill -9`` of an import leaves no orphan blocked on a pipe.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import socket
import threading
from collections.abc import Callable, Iterator

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 30.0
PR_SET_PDEATHSIG = 1


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after its last ")".
    return stat[stat.rfind(b")") + 2 :].split()[19].decode()


def process_token(pid: int | None = None) -> str:
    pid = pid or os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_time(pid) or ''}"


def token_alive(token: str) -> bool | None:
    """True or False for a process of this host; None when it cannot be told from here."""
    try:
        host, pid, started = token.rsplit(":", 2)
    except ValueError:
        return None
    if host != socket.gethostname() or not pid.isdigit():
        return None
    if not started:  # no /proc here: only whether the pid exists
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return _start_time(int(pid)) == started


def run_is_dead(*, worker: str, heartbeat_at, started_at, now, stale_after: float) -> bool:
    """Has the process of a "running" job or import died?

    Its token says so at once on the same host; otherwise its last heartbeat (or its
    start, if it never beat) is older than ``stale_after`` seconds.
    """
    alive = token_alive(worker) if worker else None
    if alive is not None:
        return not alive
    last = heartbeat_at or started_at
    return last is None or (now - last).total_seconds() > stale_after


@contextlib.contextmanager
def heartbeat(beat: Callable[[], object], every: float = HEARTBEAT_SECONDS) -> Iterator[None]:
    """Call ``beat`` every ``every`` seconds on a thread while the block runs.

    The thread uses its own database connection (closed when it stops) and survives
    errors (a busy SQLite file, say): a missed beat only matters if beats stop for
    minutes.
    """
    from django.db import connections

    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.wait(every):
                try:
                    beat()
                except Exception:
                    logger.warning("heartbeat failed", exc_info=True)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def die_with_parent(parent_pid: int) -> None:
    """Process-pool initialiser: be killed when the parent dies (Linux), or exit if it already has.

    The pool passes its own pid: a child whose parent died before ``prctl`` took effect
    has been re-parented already, and exits at once.
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:
        os._exit(1)
