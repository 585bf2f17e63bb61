"""Gunicorn configuration shipped with the portal: `gunicorn relatieloket.wsgi -c gunicorn.conf.py`.

Saves must never wait behind reports. With sync workers each request holds a whole process, so
three policy staff loading a national dashboard left no process for a counsellor's save (visit
POST p95 3.6 s under load). Threaded workers (gthread) give every process a pool of threads: a
dashboard waiting on PostgreSQL holds one thread, and the save is taken by another thread at
once. Threads alone are not enough on 2 cores: five dashboards in three processes still kept both
cores busy with report SQL (visit POST p95 2.2 s). So reports also take one of REPORT_CONCURRENCY
server-wide slots (relatieloket/lanes.py: PostgreSQL advisory locks, default 1): one core serves
reports, the other is always free for saves; a report that waits longer than REPORT_LANE_WAIT
seconds gets the 503 page "Het is even druk". With more cores, set REPORT_CONCURRENCY to about
cores - 1. Every setting can be changed from the environment (GUNICORN_WORKERS,
GUNICORN_THREADS, …).
`manage.py benchmark_dashboard` starts gunicorn with this file and measures visit POSTs while
dashboards load.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
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
