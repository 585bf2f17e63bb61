"""The triggers that make the audit trail append-only, for the migration and the tests.

UPDATE of an entry is refused row by row, and so is DELETE of an entry younger than
MINIMUM_RETENTION_DAYS: the retention (`manage.py apply_retention`) can remove old entries, but
nothing, not even a wrong setting, can remove the entries of the last six months.
PostgreSQL's TRUNCATE fires no row triggers: the app's database role has no TRUNCATE
privilege (see the README), and the test database is emptied with TRUNCATE between
transactional tests.
"""

TABLE = "audit_auditentry"
NAME = "audit_auditentry_append_only"
MESSAGE = "audit entries are append-only"

# BIO 12.4.1 (event logging) asks that logs are kept and protected, and leaves the period to
# the organisation; six months is the floor the portal guarantees (README, Deploying).
MINIMUM_RETENTION_DAYS = 183

SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS {NAME}_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER IF NOT EXISTS {NAME}_delete BEFORE DELETE ON {TABLE} "
    f"WHEN OLD.created_at >= datetime('now', '-{MINIMUM_RETENTION_DAYS} days') "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {NAME}_{event};" for event in ("update", "delete")]

POSTGRESQL_CREATE = [
    f"CREATE OR REPLACE FUNCTION {NAME}() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN IF TG_OP = 'DELETE' AND OLD.created_at < now() - interval "
    f"'{MINIMUM_RETENTION_DAYS} days' THEN RETURN OLD; END IF; "
    f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; END; $$;",
    f"DROP TRIGGER IF EXISTS {NAME} ON {TABLE};",
    f"CREATE TRIGGER {NAME} BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {NAME}();",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS {NAME} ON {TABLE};",
    f"DROP FUNCTION IF EXISTS {NAME}();",
]


def install(schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_CREATE if vendor == "sqlite" else POSTGRESQL_CREATE:
        schema_editor.execute(statement)


def remove(schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_DROP if vendor == "sqlite" else POSTGRESQL_DROP:
        schema_editor.execute(statement)
