"""Test support: transactional tests end with a flush of the test database, which on SQLite is
a DELETE the append-only triggers refuse. The root conftest empties the trail first (with the
triggers lifted for that moment only); PostgreSQL flushes with TRUNCATE, which they allow."""

from django.db import connections

from . import triggers


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


def empty_trail_before_flush(request):
    """Generator body of an autouse fixture: after a transactional test, before its flush."""
    if not _is_transactional(request):
        yield
        return
    request.getfixturevalue("_django_db_helper")  # set up first, so torn down after this
    yield
    for connection in connections.all(initialized_only=True):
        if connection.vendor != "sqlite":
            continue
        with connection.cursor() as cursor:
            for statement in triggers.SQLITE_DROP:
                cursor.execute(statement)
            cursor.execute(f"DELETE FROM {triggers.TABLE}")
            for statement in triggers.SQLITE_CREATE:
                cursor.execute(statement)
