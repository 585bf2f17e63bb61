"""Gunicorn configuration shipped with the portal: `gunicorn relatieloket.wsgi -c gunicorn.conf.py`.

Saves must never wait behind reports. With sync workers each request holds a whole process, so
three policy staff loading a national dashboard left no process for a counsellor's save (visit
POST p95 3.6 s under load). Threaded workers (gthread) give every process a pool of threads: a
dashboard waiting on PostgreSQL holds one thread, and the save is taken by another thread at
once. Every setting can be changed from the environment (GUNICORN_WORKERS, GUNICORN_THREADS, …).
`manage.py benchmark_dashboard` starts gunicorn with this file and measures visit POSTs while
dashboards load.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
# Enough threads that the dashboards a municipality's policy staff open at once never take all
# of them; the database connections this needs: workers × threads (CONN_MAX_AGE keeps them).
threads = int(os.environ.get("GUNICORN_THREADS", 8))
# A report that runs this long is a bug; it must not hold a thread for ever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then so that memory a large export took is given back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
