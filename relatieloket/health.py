"""Health endpoints as the Dutch municipal family has them (Open Formulieren, Open Zaak):

- `/_healthz/livez/`: the process answers (no database: a database outage must not make the
  cluster restart every replica);
- `/_healthz/readyz/`: the database answers and every migration is applied, so the replica
  may take traffic.

They reveal nothing but "ok" or what is missing in general terms.
"""

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

from .roles import public

# Once every migration is applied, this process's code never has one pending again.
_migrated = False


def _json(status, **checks):
    response = JsonResponse({"status": "ok" if status == 200 else "unavailable", **checks})
    response.status_code = status
    return response


@public
def livez(request):
    return _json(200)


@public
def readyz(request):
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return _json(503, database="unavailable")
    global _migrated
    if _migrated:
        return _json(200, database="ok", migrations="applied")
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return _json(503, database="ok", migrations="unknown")
    if pending:
        return _json(503, database="ok", migrations="pending")
    _migrated = True
    return _json(200, database="ok", migrations="applied")


PROBES = {"/_healthz/livez/": livez, "/_healthz/readyz/": readyz}


class HealthCheckMiddleware:
    """First in the chain: the cluster's probes reach a pod by its address (a Host header that
    is not in ALLOWED_HOSTS) over plain HTTP, and need no session, redirect or log line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)
