"""The triggers that make the audit trail append-only, for the migration and the tests.

UPDATE and DELETE of an entry are refused row by row. PostgreSQL's TRUNCATE fires no row
triggers: the app's database role has no TRUNCATE privilege (see the README), and the test
database is emptied with TRUNCATE between transactional tests.
"""

TABLE = "audit_auditentry"
NAME = "audit_auditentry_append_only"
MESSAGE = "audit entries are append-only"

SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS {NAME}_{event.lower()} BEFORE {event} ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
    for event in ("UPDATE", "DELETE")
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {NAME}_{event};" for event in ("update", "delete")]

POSTGRESQL_CREATE = [
    f"CREATE OR REPLACE FUNCTION {NAME}() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation'; END; $$;",
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
