"""The app's PostgreSQL role: rows yes, anything that could undo the database's rules no.

Migrations run as the owner; the portal runs as a role made by `db_app_role`. That role must
not be able to empty a table, switch a trigger off or change the schema, so the triggers
that freeze published council reports hold for everything the portal can do.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from reports.tests.access_kwargs import make_council_report

BASE_DIR = Path(__file__).resolve().parents[2]
ROLE = f"rl_app_test_{os.getpid()}"
PASSWORD = "app-role-test-password"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def app_role():
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's; SQLite has none")
    call_command("db_app_role", ROLE, "--create", "--password", PASSWORD)
    settings = connection.settings_dict
    app = psycopg2.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        dbname=settings["NAME"],
        user=ROLE,
        password=PASSWORD,
    )
    app.autocommit = True
    yield app
    app.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{ROLE}"')
        cursor.execute(f'DROP ROLE "{ROLE}"')


def _refused(app, sql):
    with app.cursor() as cursor, pytest.raises(psycopg2.Error) as error:
        cursor.execute(sql)
    return error.value


def test_app_role_reads_and_writes_rows(app_role):
    from referrals.models import Municipality

    Municipality.objects.get_or_create(cbs_code="GM0505", defaults={"name": "Dordrecht"})
    with app_role.cursor() as cursor:
        cursor.execute("SELECT name FROM referrals_municipality WHERE cbs_code = 'GM0505'")
        assert cursor.fetchone() == ("Dordrecht",)
        # An identity column: the role may use the sequences.
        cursor.execute("INSERT INTO auth_group (name) VALUES ('app-role-test') RETURNING id")
        pk = cursor.fetchone()[0]
        cursor.execute("UPDATE auth_group SET name = 'app-role-test-2' WHERE id = %s", [pk])
        cursor.execute("DELETE FROM auth_group WHERE id = %s", [pk])
        assert cursor.rowcount == 1


def test_app_role_cannot_truncate_disable_triggers_or_change_the_schema(app_role):
    assert isinstance(
        _refused(app_role, "TRUNCATE reports_councilreport"), psycopg2.errors.InsufficientPrivilege
    )
    error = _refused(app_role, "ALTER TABLE reports_councilreport DISABLE TRIGGER ALL")
    assert isinstance(error, psycopg2.errors.InsufficientPrivilege)  # must be owner
    error = _refused(app_role, "SET session_replication_role = replica")
    assert isinstance(error, psycopg2.errors.InsufficientPrivilege)  # would skip triggers
    for sql in (
        "CREATE TABLE app_made (id int)",
        "DROP TABLE reports_councilreport",
        "ALTER TABLE reports_councilreport ADD COLUMN x int",
        "CREATE TRIGGER t BEFORE DELETE ON reports_councilreport"
        " FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()",
        "DROP FUNCTION reports_councilreport_published_frozen() CASCADE",
    ):
        assert isinstance(_refused(app_role, sql), psycopg2.errors.InsufficientPrivilege), sql


def test_a_published_report_cannot_be_changed_or_removed_by_the_app_role(app_role):
    from referrals.models import Municipality

    dordrecht, _ = Municipality.objects.get_or_create(
        cbs_code="GM0505", defaults={"name": "Dordrecht"}
    )
    report = make_council_report(dordrecht, published=True)
    for sql in (
        f"UPDATE reports_councilreport SET title = 'anders' WHERE id = {report.pk}",
        f"DELETE FROM reports_councilreport WHERE id = {report.pk}",
        "TRUNCATE reports_councilreport CASCADE",
    ):
        _refused(app_role, sql)
    report.refresh_from_db()
    assert report.title == "Voortgang Relatieloket"


def test_manage_py_flush_fails_for_the_app_role(app_role):
    from django.contrib.auth.models import Group

    Group.objects.get_or_create(name="survives-the-flush")
    settings = connection.settings_dict
    url = (
        f"postgres://{ROLE}:{PASSWORD}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    env = {**os.environ, "DEBUG": "True", "DATABASE_URL": url}
    result = subprocess.run(
        [sys.executable, "manage.py", "flush", "--no-input", "--traceback"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "couldn't be flushed" in result.stderr
    assert "permission denied for table" in result.stderr
    assert Group.objects.filter(name="survives-the-flush").exists()


def test_the_command_refuses_the_owner_itself():
    from django.core.management import CommandError

    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    with pytest.raises(CommandError, match="owner"):
        call_command("db_app_role", connection.settings_dict["USER"])
