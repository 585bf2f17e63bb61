"""No two returns of one organisation overlap in period, enforced by the database itself.

The service checks this under a row lock and gives a Dutch message; the database is the last
line for anything that bypasses the service (a shell, a script, a future code path).
PostgreSQL gets an exclusion constraint over an inclusive date range; SQLite, which has none,
gets two triggers that abort the write. Neither can be a model Meta constraint, which would
apply to both engines, so this migration leaves the model state untouched.

SQLite drops a table's triggers when Django rebuilds the table (AlterField and friends do):
a later migration that alters referrals_partnerreturn must create them again.
`test_overlapping_return_is_refused_by_the_database` fails if that is forgotten.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

TABLE = "referrals_partnerreturn"
NAME = "partnerreturn_no_overlap"

POSTGRESQL_ADD = f"""
ALTER TABLE {TABLE} ADD CONSTRAINT {NAME}
EXCLUDE USING gist (
    organisation_id WITH =,
    daterange(period_start, period_end, '[]') WITH &&
)
"""
POSTGRESQL_REMOVE = f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {NAME}"

# Dates are stored as ISO text on SQLite, so comparing the strings compares the dates.
SQLITE_OVERLAP = f"""
SELECT 1 FROM {TABLE} AS other
WHERE other.organisation_id = NEW.organisation_id
AND other.period_start <= NEW.period_end
AND other.period_end >= NEW.period_start
"""
SQLITE_ADD = [
    f"""
    CREATE TRIGGER {NAME}_insert BEFORE INSERT ON {TABLE}
    FOR EACH ROW WHEN EXISTS ({SQLITE_OVERLAP})
    BEGIN SELECT RAISE(ABORT, '{NAME}: the periods of one organisation overlap'); END
    """,
    f"""
    CREATE TRIGGER {NAME}_update
    BEFORE UPDATE OF organisation_id, period_start, period_end ON {TABLE}
    FOR EACH ROW WHEN EXISTS ({SQLITE_OVERLAP} AND other.id <> OLD.id)
    BEGIN SELECT RAISE(ABORT, '{NAME}: the periods of one organisation overlap'); END
    """,
]
SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS {NAME}_insert",
    f"DROP TRIGGER IF EXISTS {NAME}_update",
]


class BtreeGistExtensionOnPostgreSQL(BtreeGistExtension):
    """Django's operation, whose way back (unlike its way forward) does not skip SQLite."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def _run(schema_editor, postgresql, sqlite):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": postgresql, "sqlite": sqlite}.get(vendor, []):
        schema_editor.execute(statement)


def add_no_overlap(apps, schema_editor):
    _run(schema_editor, [POSTGRESQL_ADD], SQLITE_ADD)


def remove_no_overlap(apps, schema_editor):
    _run(schema_editor, [POSTGRESQL_REMOVE], SQLITE_REMOVE)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0004_threshold_help_text")]

    operations = [
        # Lets a GiST index compare organisation_id with "="; a no-op on other engines.
        BtreeGistExtensionOnPostgreSQL(),
        migrations.RunPython(add_no_overlap, remove_no_overlap),
    ]
