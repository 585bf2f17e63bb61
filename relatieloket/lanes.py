"""Reports never make a save wait: at most REPORT_CONCURRENCY report requests (dashboards,
exports, the flow map) run at once on the whole server, over all gunicorn worker processes.

A report takes one of REPORT_CONCURRENCY slots before it runs. On PostgreSQL a slot is a
session-level advisory lock (pg_try_advisory_lock(LANE_KEY, slot)), so the bound holds over
every process and every host that shares the database, and a slot whose process dies is freed
with its connection. On SQLite a slot is an flock()ed file next to the database, which bounds
the processes of one machine. A report that finds no free slot tries again every
REPORT_LANE_POLL seconds, holding no query and no GIL; after REPORT_LANE_WAIT seconds it gets
the Dutch 503 page "Het is even druk" instead of hanging. With the default of one slot on a
2-core machine, one core is left for the saves whatever the number of dashboards loading.

Inside the slot the report runs in one read transaction with a local statement_timeout
(REPORT_STATEMENT_TIMEOUT, milliseconds, PostgreSQL): a runaway report query is cancelled and
answered with the same 503 page, and never holds the slot for longer. The same transaction sets
max_parallel_workers_per_gather to REPORT_PARALLEL_WORKERS (default 0): a slot is one core, not a
query plus two parallel workers that take the saves' core as well.
"""

import contextlib
import fcntl
import functools
import hashlib
import os
import tempfile
import time

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, transaction
from django.shortcuts import render

# The first key of the advisory locks ("RL"); the second key is the slot number.
LANE_KEY = 0x524C
QUERY_CANCELED = "57014"


class LaneBusy(Exception):
    """Every report slot stayed taken for the whole wait."""


def _sleep(seconds):  # a seam for the tests: they free a slot while a report waits
    time.sleep(seconds)


def _concurrency():
    return max(1, int(getattr(settings, "REPORT_CONCURRENCY", 1)))


def _try_advisory(slot):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LANE_KEY, slot])
        return cursor.fetchone()[0]


def _release_advisory(slot):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LANE_KEY, slot])
    except DatabaseError:
        # A broken connection holds no lock any more; closing it makes sure of that.
        connection.close()


def _lane_directory():
    """One directory of slot files per installation and database."""
    name = f"{settings.BASE_DIR}|{connection.settings_dict['NAME']}"
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    path = os.path.join(tempfile.gettempdir(), f"relatieloket-lane-{digest}")
    os.makedirs(path, exist_ok=True)
    return path


def _try_file(slot):
    path = os.path.join(_lane_directory(), f"slot-{slot}.lock")
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        # flock locks belong to the open file: two threads of one process exclude each other too.
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor


def _release_file(descriptor):
    fcntl.flock(descriptor, fcntl.LOCK_UN)
    os.close(descriptor)


@contextlib.contextmanager
def report_slot(*, wait=None):
    """Hold one report slot for the block; LaneBusy if none came free within `wait` seconds."""
    if wait is None:
        wait = float(getattr(settings, "REPORT_LANE_WAIT", 20))
    poll = float(getattr(settings, "REPORT_LANE_POLL", 0.05))
    postgres = connection.vendor == "postgresql"
    deadline = time.monotonic() + wait
    while True:
        for slot in range(_concurrency()):
            held = _try_advisory(slot) if postgres else _try_file(slot)
            if held:
                break
        else:
            if time.monotonic() >= deadline:
                raise LaneBusy
            _sleep(poll)
            continue
        break
    try:
        yield slot
    finally:
        if postgres:
            _release_advisory(slot)
        else:
            _release_file(held)


def _busy(request):
    response = render(request, "503.html", status=503)
    response["Retry-After"] = str(int(getattr(settings, "REPORT_RETRY_AFTER", 10)))
    return response


def report_lane(view):
    """Run the view in a report slot, in one transaction with a statement timeout."""

    @functools.wraps(view)
    def in_lane(request, *args, **kwargs):
        try:
            with report_slot(), transaction.atomic():
                if connection.vendor == "postgresql":
                    timeout = int(getattr(settings, "REPORT_STATEMENT_TIMEOUT", 30_000))
                    workers = int(getattr(settings, "REPORT_PARALLEL_WORKERS", 0))
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "SELECT set_config('statement_timeout', %s, true), "
                            "set_config('max_parallel_workers_per_gather', %s, true)",
                            [str(timeout), str(workers)],
                        )
                return view(request, *args, **kwargs)
        except LaneBusy:
            return _busy(request)
        except OperationalError as error:
            if getattr(error.__cause__, "pgcode", None) == QUERY_CANCELED:
                return _busy(request)
            raise

    return in_lane
