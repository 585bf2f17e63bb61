"""Gunicorn configuration shipped with the portal, for two pools of processes on one server:

    gunicorn relatieloket.wsgi -c gunicorn.conf.py                        # the portal (port 8000)
    GUNICORN_POOL=reports gunicorn relatieloket.wsgi -c gunicorn.conf.py  # reports (port 8001)
    GUNICORN_POOL=public gunicorn relatieloket.wsgi -c gunicorn.conf.py   # public (port 8002)

with the proxy in front sending the report pages (/rapportages/ and /netwerk/verwijsstromen/)
to the second pool and everything else to the first (README, Deploying). Either pool serves
every page: with one pool only, everything still works, reports and saves then share processes.

Saves must never wait behind reports. With sync workers each request holds a whole process, so
three policy staff loading a national dashboard left no process for a counsellor's save (visit
POST p95 3.6 s under load). Threaded workers (gthread) fixed that, and a server-wide report lane
(relatieloket/lanes.py, REPORT_CONCURRENCY slots, default 1) keeps reports to one core. What was
left: a report renders its page in Python, and a save handled by a thread of the same process
waits for the interpreter lock at every query it sends (visit POST p95 about 480 ms with five
dashboards loading, against 56 ms without). In a pool of their own, reports never share a
process with a save, and they run at a lower CPU priority (nice GUNICORN_NICE, default 10), so
the saves' processes get the processor first.

Every setting can be changed from the environment (GUNICORN_WORKERS, GUNICORN_THREADS, …).
`manage.py benchmark_dashboard` starts both pools with this file and measures visit POSTs while
dashboards load.
"""

import multiprocessing
import os

pool = os.environ.get("GUNICORN_POOL", "web")
reports = pool == "reports"
# Public pages and static files for a crowd (a newspaper link): their own pool, niced as the
# reports' is, so that anonymous clients loading /hulp/ as fast as it is served do not take
# the processor from a counsellor's save (README, Deploying).
public = pool == "public"
bind = os.environ.get(
    "GUNICORN_BIND", "0.0.0.0:8001" if reports else "0.0.0.0:8002" if public else "0.0.0.0:8000"
)
worker_class = "gthread"
# Reports: one process per report slot is enough, they take turns in the lane anyway.
default_workers = int(os.environ.get("REPORT_CONCURRENCY", 1)) if reports else None
workers = int(
    os.environ.get("GUNICORN_WORKERS", default_workers or multiprocessing.cpu_count() + 1)
)
# Enough threads that the reports waiting for their slot never take all of them; the database
# connections this needs: workers × threads (CONN_MAX_AGE keeps them; a waiting report holds one).
threads = int(os.environ.get("GUNICORN_THREADS", 8))
# A report that runs this long is a bug; it must not hold a thread for ever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then so that memory a large export took is given back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
proc_name = f"relatieloket-{pool}"
nice = int(os.environ.get("GUNICORN_NICE", 10 if reports or public else 0))


def post_fork(server, worker):
    """Report and public workers give way: a higher nice value (no privileges needed)."""
    if nice:
        os.nice(nice)
