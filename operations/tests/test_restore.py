"""A backup restores to the same published letters (PostgreSQL only): pg_dump the database,
pg_restore it into a fresh one, and `verify_publications` passes there; one byte changed in
the restored letter makes it fail."""

import contextlib
import os
import shutil
import subprocess
import sys
import uuid

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from .test_verify import publish_letter

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="pg_dump and pg_restore need PostgreSQL (DATABASE_URL=postgres://...)",
    ),
]


def _conninfo(name):
    db = settings.DATABASES["default"]
    return {
        "dbname": name,
        "user": db["USER"],
        "host": db["HOST"] or "127.0.0.1",
        "port": str(db["PORT"] or 5432),
        **({"password": db["PASSWORD"]} if db["PASSWORD"] else {}),
    }


def _url(info):
    auth = info["user"] + (f":{info['password']}" if "password" in info else "")
    return f"postgres://{auth}@{info['host']}:{info['port']}/{info['dbname']}"


def _env(info):
    env = {**os.environ, "PGHOST": info["host"], "PGPORT": info["port"], "PGUSER": info["user"]}
    if "password" in info:
        env["PGPASSWORD"] = info["password"]
    return env


def _verify(info):
    return subprocess.run(
        [sys.executable, "manage.py", "verify_publications"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": _url(info), "DEBUG": "True"},
        capture_output=True,
        text=True,
        timeout=300,
    )


@contextlib.contextmanager
def restored_copy(tmp_path):
    """A fresh database restored from a pg_dump of the test database; dropped afterwards."""
    for tool in ("pg_dump", "pg_restore"):
        assert shutil.which(tool), f"{tool} is needed (apt-get install postgresql-client)"
    source = _conninfo(connection.settings_dict["NAME"])
    target = {**source, "dbname": f"{source['dbname']}_restore_{uuid.uuid4().hex[:8]}"}
    dump = tmp_path / "portal.dump"
    admin = psycopg2.connect(**{**source, "dbname": "postgres"})
    admin.autocommit = True
    try:
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source["dbname"]],
            env=_env(source),
            check=True,
            timeout=300,
        )
        with admin.cursor() as cursor:
            name = target["dbname"]
            cursor.execute(f'CREATE DATABASE "{name}"')
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={target['dbname']}", dump],
            env=_env(target),
            check=True,
            timeout=300,
        )
        yield target
    finally:
        with admin.cursor() as cursor:
            name = target["dbname"]
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_a_restored_backup_verifies_and_a_changed_byte_does_not(tmp_path):
    report, _desk = publish_letter()
    publish_letter("Relatieloket Zwijndrecht")
    with restored_copy(tmp_path) as target:
        result = _verify(target)
        assert result.returncode == 0, result.stderr
        assert "2 published letters match their SHA-256" in result.stdout

        # One byte of one letter changed in the restored copy (past its guard, as a damaged
        # restore would be): verify fails and names that letter.
        with psycopg2.connect(**target) as restored, restored.cursor() as cursor:
            cursor.execute("ALTER TABLE reports_councilreport DISABLE TRIGGER USER")
            cursor.execute(
                "UPDATE reports_councilreport SET pdf = set_byte(pdf, 100, get_byte(pdf, 100) # 1)"
                " WHERE id = %s",
                [report.pk],
            )
            cursor.execute("ALTER TABLE reports_councilreport ENABLE TRIGGER USER")
        restored.close()
        result = _verify(target)
        assert result.returncode == 1
        assert f"Letter differs: #{report.pk} Hendrik-Ido-Ambacht" in result.stderr
        assert "1 of 2 published letters" in result.stderr
