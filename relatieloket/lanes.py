"""Reports never make a save wait: at most REPORT_CONCURRENCY report requests (dashboards,
exports, the flow map) run at once on the whole server, over all gunicorn worker processes.

A report takes one of REPORT_CONCURRENCY slots before it runs. On PostgreSQL a slot is a
session-level advisory lock (pg_try_advisory_lock(LANE_KEY, slot)), so the bound holds over
every process and every host that shares the database, and a slot whose process dies is freed
with its connection. On SQLite a slot is an flock()ed file next to the database, which bounds
the processes of one machine.

Waiting reports are served first come, first served (PostgreSQL, REPORT_QUEUE, the default).
A report request draws a ticket: a row of relatieloket_reportticket, whose id (a sequence) is
its place. Only a ticket with fewer than REPORT_CONCURRENCY live tickets before it may take a
slot, so a newcomer never overtakes. A waiting request sleeps on LISTEN until a report ends
(NOTIFY), re-checking every QUEUE_RECHECK seconds for a process that died without a word. After
REPORT_QUEUE_HOLD seconds it answers with the Dutch waiting page (202): the place in the queue
and a meta refresh (no script) to the same address with the ticket, signed, in ?wachtrij=; so the
browser keeps its place and runs the report when its turn comes, never a 503 while the queue
moves. A ticket lives while its request waits or runs (its backend's pid) or while the page
comes back within REPORT_QUEUE_EXPIRE seconds; a closed page loses its place, and the one behind
it moves up. The user may turn the refresh off (WCAG 2.2.1, ?vernieuwen=nee) and refresh by
hand; the place then waits REPORT_QUEUE_MANUAL_EXPIRE seconds for each refresh. Only a newcomer
finding REPORT_QUEUE_LENGTH tickets waiting gets the 503 page "Het is even druk".

Without the queue (SQLite for development, or REPORT_QUEUE=False) a report that finds no free
slot tries again every REPORT_LANE_POLL seconds and after REPORT_LANE_WAIT seconds gets the
503 page; that is not fair (any waiter may win a freed slot), which is why PostgreSQL queues.

Inside the slot the report runs in one read transaction with a local statement_timeout
(REPORT_STATEMENT_TIMEOUT, milliseconds, PostgreSQL): a runaway report query is cancelled and
answered with the same 503 page, and never holds the slot for longer. The same transaction sets
max_parallel_workers_per_gather to REPORT_PARALLEL_WORKERS (default 0): a slot is one core, not a
query plus two parallel workers that take the saves' core as well. PostgreSQL has no CPU
priority per query or per session that an unprivileged role can set (renicing a backend needs
the server's operating-system account, and a niced backend stays niced for the next request on
that connection): the one slot, no parallel workers and the statement budget are what keep a
report to its share of the processor, and the report pool's processes run niced
(gunicorn.conf.py).
"""

import contextlib
import fcntl
import functools
import hashlib
import os
import select
import tempfile
import time

from django.conf import settings
from django.core import signing
from django.db import DatabaseError, OperationalError, connection, transaction
from django.shortcuts import render

# The first key of the advisory locks ("RL"); the second key is the slot number.
LANE_KEY = 0x524C
QUERY_CANCELED = "57014"
# The channel a report's end is announced on; waiting reports LISTEN to it.
QUEUE_CHANNEL = "relatieloket_report_lane"
# Seconds between two looks at the queue when no NOTIFY came (a process that died says nothing).
QUEUE_RECHECK = 1.0
# The query-string parameter that carries a waiting browser's ticket.
TICKET_PARAM = "wachtrij"
TICKET_SALT = "relatieloket.lanes.ticket"
TABLE = "relatieloket_reportticket"
# A ticket is live while its backend is connected or its page came back in time.
LIVE = (
    "((t.pid IS NOT NULL AND t.pid IN (SELECT pid FROM pg_stat_activity)) "
    "OR t.expires_at > clock_timestamp())"
)
# Asked for by a waiting page: no meta refresh (?vernieuwen=nee), the place kept longer.
MANUAL_PARAM, MANUAL = "vernieuwen", "nee"


class LaneBusy(Exception):
    """Every report slot stayed taken for the whole wait."""


def _sleep(seconds):  # a seam for the tests: they free a slot while a report waits
    time.sleep(seconds)


def _concurrency():
    return max(1, int(getattr(settings, "REPORT_CONCURRENCY", 1)))


def _setting(name, default):
    return float(getattr(settings, name, default))


def _try_advisory(slot):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LANE_KEY, slot])
        return cursor.fetchone()[0]


def _release_advisory(slot):
    try:
        with connection.cursor() as cursor:
            # The NOTIFY wakes the waiting reports (at commit: at once in autocommit).
            cursor.execute(
                "SELECT pg_advisory_unlock(%s, %s), pg_notify(%s, '')",
                [LANE_KEY, slot, QUEUE_CHANNEL],
            )
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
    """Hold one report slot for the block; LaneBusy if none came free within `wait` seconds.

    The lane without a queue: it tries every REPORT_LANE_POLL seconds."""
    if wait is None:
        wait = _setting("REPORT_LANE_WAIT", 20)
    poll = _setting("REPORT_LANE_POLL", 0.05)
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


# --- the queue (PostgreSQL) -------------------------------------------------------------------


def queue_enabled():
    return connection.vendor == "postgresql" and bool(getattr(settings, "REPORT_QUEUE", True))


def _expire(manual=False):
    """Seconds a waiting page's ticket lives without coming back."""
    if manual:
        return _setting("REPORT_QUEUE_MANUAL_EXPIRE", 60)
    return _setting("REPORT_QUEUE_EXPIRE", 8)


def _query(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def draw_ticket():
    """A newcomer's ticket at the back of the queue, in one statement: (its id, the slot it
    took at once or None), or None when REPORT_QUEUE_LENGTH tickets are waiting already. Every
    live ticket comes before a new one, so it may take a slot only when fewer than
    REPORT_CONCURRENCY are live; dead tickets are cleared on the way. CASE keeps the order: no
    lock is tried out of turn."""
    row = _query(
        f"WITH gone AS (DELETE FROM {TABLE} t WHERE NOT {LIVE}), "  # noqa: S608
        "live AS (SELECT count(*) AS ahead, count(*) FILTER (WHERE NOT t.running) AS waiting "
        f"FROM {TABLE} t WHERE {LIVE}), "
        "slot AS (SELECT s FROM live, generate_series(0, %(slots)s - 1) AS s "
        "WHERE CASE WHEN live.ahead < %(slots)s AND live.waiting < %(length)s "
        "THEN pg_try_advisory_lock(%(key)s, s) ELSE false END LIMIT 1) "
        f"INSERT INTO {TABLE} (expires_at, pid, running) "
        "SELECT clock_timestamp() + make_interval(secs => %(expire)s), pg_backend_pid(), "
        "EXISTS (SELECT 1 FROM slot) "
        "FROM live WHERE live.waiting < %(length)s "
        "RETURNING id, (SELECT s FROM slot)",
        {
            "expire": _expire(),
            "slots": _concurrency(),
            "length": int(getattr(settings, "REPORT_QUEUE_LENGTH", 100)),
            "key": LANE_KEY,
        },
    )
    return row


def claim_ticket(ticket):
    """Whether a waiting browser's ticket still holds its place; it is this request's now."""
    row = _query(
        f"UPDATE {TABLE} t SET pid = pg_backend_pid() "  # noqa: S608
        f"WHERE t.id = %s AND NOT t.running AND {LIVE} RETURNING t.id",
        [ticket],
    )
    return row is not None


def _leave_waiting(ticket, *, manual):
    """The request answers with the waiting page: the page keeps the ticket alive now."""
    _query(
        f"UPDATE {TABLE} SET pid = NULL, "  # noqa: S608
        "expires_at = clock_timestamp() + make_interval(secs => %s) WHERE id = %s RETURNING id",
        [_expire(manual), ticket],
    )


def _take_turn(ticket):
    """In one statement: if fewer than REPORT_CONCURRENCY live tickets come before this one, a
    free slot (its number, held by this connection from now on) and the ticket marked running;
    else None. CASE keeps the order: no lock is tried out of turn."""
    row = _query(
        f"WITH ahead AS (SELECT count(*) AS n FROM {TABLE} t "  # noqa: S608
        f"WHERE t.id < %(ticket)s AND {LIVE}), "
        "slot AS (SELECT s FROM ahead, generate_series(0, %(slots)s - 1) AS s "
        "WHERE CASE WHEN ahead.n < %(slots)s THEN pg_try_advisory_lock(%(key)s, s) "
        "ELSE false END LIMIT 1), "
        f"run AS (UPDATE {TABLE} SET running = true, pid = pg_backend_pid() "
        "WHERE id = %(ticket)s AND EXISTS (SELECT 1 FROM slot)) "
        "SELECT s FROM slot",
        {"ticket": ticket, "slots": _concurrency(), "key": LANE_KEY},
    )
    return row[0] if row else None


def _end_turn(ticket, slot):
    """The ticket goes, the slot comes free, the waiting reports are woken: one statement.
    (The unlock comes before the delete commits: a waiter that looks then still sees the
    ticket before it and waits for the NOTIFY, sent at that commit.)"""
    try:
        _query(
            f"WITH gone AS (DELETE FROM {TABLE} WHERE id = %s) "  # noqa: S608
            "SELECT pg_advisory_unlock(%s, %s), pg_notify(%s, '')",
            [ticket, LANE_KEY, slot, QUEUE_CHANNEL],
        )
    except DatabaseError:
        connection.close()  # the slot goes with the connection, the ticket with its pid


def _drop_ticket(ticket):
    try:
        _query(f"DELETE FROM {TABLE} WHERE id = %s RETURNING id", [ticket])  # noqa: S608
    except DatabaseError:
        connection.close()  # the ticket dies with its backend (pid) and expires


def place_of(ticket):
    """(waiting tickets before this one, reports running now)."""
    return _query(
        f"SELECT count(*) FILTER (WHERE t.id < %s AND NOT t.running), "  # noqa: S608
        f"count(*) FILTER (WHERE t.running) FROM {TABLE} t WHERE {LIVE}",
        [ticket],
    )


def _listening():
    """Whether NOTIFY can reach this connection: LISTEN takes effect at commit, so not inside a
    transaction (the tests' own); there the queue is looked at every QUEUE_RECHECK seconds."""
    return not connection.in_atomic_block


def _wait_for_news(seconds):
    """Sleep until a report ends elsewhere (NOTIFY) or `seconds` pass."""
    if not _listening():
        _sleep(seconds)
        return
    raw = connection.connection
    if not raw.notifies:
        select.select([raw], [], [], seconds)
        raw.poll()
    raw.notifies.clear()


def wait_turn(ticket, *, hold):
    """Wait up to `hold` seconds for this ticket's turn: the slot it then holds, or None."""
    deadline = time.monotonic() + hold
    # First come, first served: only the first REPORT_CONCURRENCY live tickets may run.
    slot = _take_turn(ticket)
    if slot is not None:
        return slot
    listening = _listening()
    if listening:
        with connection.cursor() as cursor:
            cursor.execute(f'LISTEN "{QUEUE_CHANNEL}"')
    try:
        while True:
            # (Looked at again after LISTEN: a report that ended just before is not missed.)
            slot = _take_turn(ticket)
            if slot is not None:
                return slot
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            _wait_for_news(min(remaining, QUEUE_RECHECK))
    finally:
        if listening:
            try:
                with connection.cursor() as cursor:
                    cursor.execute(f'UNLISTEN "{QUEUE_CHANNEL}"')
                connection.connection.notifies.clear()
            except DatabaseError:
                connection.close()


def _ticket_from(request):
    value = request.GET.get(TICKET_PARAM)
    if not value:
        return None
    try:
        ticket, user = signing.loads(value, salt=TICKET_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return ticket if user == request.user.pk else None


def _without_ticket(request):
    """The view sees the request as it was asked, without the queue's parameters; whether the
    user turned the automatic refresh off."""
    manual = request.GET.get(MANUAL_PARAM) == MANUAL
    if TICKET_PARAM in request.GET or MANUAL_PARAM in request.GET:
        query = request.GET.copy()
        query.pop(TICKET_PARAM, None)
        query.pop(MANUAL_PARAM, None)
        query._mutable = False
        request.GET = query
    return manual


def _waiting_page(request, ticket, *, manual):
    """The place, and the same address with the ticket: refreshed by the page itself (meta
    refresh, no script), or by the user only, who asked for that (WCAG 2.2.1: a refresh the
    user can turn off) and whose place is then kept REPORT_QUEUE_MANUAL_EXPIRE seconds."""
    waiting_before, running = place_of(ticket)
    query = request.GET.copy()
    query[TICKET_PARAM] = signing.dumps([ticket, request.user.pk], salt=TICKET_SALT)
    query.pop(MANUAL_PARAM, None)
    automatic = f"{request.path}?{query.urlencode()}"
    query[MANUAL_PARAM] = MANUAL
    refresh = int(_setting("REPORT_QUEUE_REFRESH", 2))
    response = render(
        request,
        "report_queue.html",
        {
            "place": waiting_before + 1,
            "running": running,
            "refresh": refresh,
            "manual": manual,
            "kept": int(_expire(manual=True)),
            "refresh_url": f"{request.path}?{query.urlencode()}" if manual else automatic,
            "automatic_url": automatic,
            "manual_url": f"{request.path}?{query.urlencode()}",
        },
        status=202,
    )
    response["Retry-After"] = str(refresh)
    return response


def _busy(request):
    response = render(request, "503.html", status=503)
    response["Retry-After"] = str(int(getattr(settings, "REPORT_RETRY_AFTER", 10)))
    return response


def _run_report(view, request, *args, **kwargs):
    """The view in one transaction with the report's statement budget (PostgreSQL); the time it
    held its slot in the Server-Timing header ("report;dur=", ms: the benchmark's fair share)."""
    began = time.perf_counter()
    response = _in_transaction(view, request, *args, **kwargs)
    response["Server-Timing"] = f"report;dur={(time.perf_counter() - began) * 1000:.1f}"
    return response


def _in_transaction(view, request, *args, **kwargs):
    with transaction.atomic():
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


def _queued(view, request, *args, **kwargs):
    ticket = _ticket_from(request)
    query = request.GET
    manual = _without_ticket(request)
    slot = None
    if ticket is None or not claim_ticket(ticket):
        drawn = draw_ticket()
        if drawn is None:
            return _busy(request)
        ticket, slot = drawn
    if slot is None:
        try:
            slot = wait_turn(ticket, hold=_setting("REPORT_QUEUE_HOLD", 10))
        except BaseException:
            _drop_ticket(ticket)
            raise
    if slot is None:
        _leave_waiting(ticket, manual=manual)
        request.GET = query  # the waiting page keeps the address as asked
        return _waiting_page(request, ticket, manual=manual)
    try:
        return _run_report(view, request, *args, **kwargs)
    finally:
        _end_turn(ticket, slot)


def report_lane(view):
    """Run the view in a report slot (in its turn), in one transaction with a statement timeout."""

    @functools.wraps(view)
    def in_lane(request, *args, **kwargs):
        try:
            if queue_enabled():
                return _queued(view, request, *args, **kwargs)
            with report_slot():
                return _run_report(view, request, *args, **kwargs)
        except LaneBusy:
            return _busy(request)
        except OperationalError as error:
            if getattr(error.__cause__, "pgcode", None) == QUERY_CANCELED:
                return _busy(request)
            raise

    return in_lane
