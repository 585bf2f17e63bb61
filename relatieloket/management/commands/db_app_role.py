from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections


class Command(BaseCommand):
    help = (
        "Give a PostgreSQL role exactly the rights the running portal needs: read and write "
        "rows (SELECT, INSERT, UPDATE, DELETE) and use sequences, in this database's public "
        "schema, now and for tables later migrations create. Nothing else: no TRUNCATE, no "
        "TRIGGER, no REFERENCES, no CREATE, and as it owns no table it cannot ALTER, DROP or "
        "disable a trigger, so the database's own rules (published council reports are frozen) "
        "hold for it. Run it connected as the owner, the role that runs the migrations. "
        "Idempotent; --create makes the role (needs CREATEROLE), --print-sql only prints."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="Name of the app's role, e.g. relatieloket_app.")
        parser.add_argument(
            "--create",
            action="store_true",
            help="Create the role as LOGIN role if it does not exist.",
        )
        parser.add_argument(
            "--password", default="", help="Password for a role made with --create."
        )
        parser.add_argument(
            "--print-sql", action="store_true", help="Print the statements; change nothing."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, role, create, password, print_sql, database, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("db_app_role is for PostgreSQL; SQLite has no roles.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_database()")
            owner, name = cursor.fetchone()
            if role == owner:
                raise CommandError(
                    f"{role} runs the migrations (the owner); the app needs a role of its own."
                )
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found and found[0]:
                raise CommandError(f"{role} is a superuser; give the app an ordinary role.")

            q = connection.ops.quote_name
            statements = []
            if create and not found:
                statements.append(
                    (
                        f"CREATE ROLE {q(role)} LOGIN PASSWORD %s NOSUPERUSER NOCREATEDB "
                        "NOCREATEROLE NOREPLICATION NOBYPASSRLS",
                        [password],
                    )
                )
            elif not found and not print_sql:
                raise CommandError(f"Role {role} does not exist: create it or use --create.")
            tables = "SELECT, INSERT, UPDATE, DELETE"
            for sql in (
                f"GRANT CONNECT ON DATABASE {q(name)} TO {q(role)}",
                # Before PostgreSQL 15 every role may create tables in public.
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                f"GRANT USAGE ON SCHEMA public TO {q(role)}",
                f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {q(role)}",
                f"GRANT {tables} ON ALL TABLES IN SCHEMA public TO {q(role)}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {q(role)}",
                f"ALTER DEFAULT PRIVILEGES FOR ROLE {q(owner)} IN SCHEMA public "
                f"GRANT {tables} ON TABLES TO {q(role)}",
                f"ALTER DEFAULT PRIVILEGES FOR ROLE {q(owner)} IN SCHEMA public "
                f"GRANT USAGE, SELECT ON SEQUENCES TO {q(role)}",
            ):
                statements.append((sql, []))

            for sql, params in statements:
                shown = sql.replace("%s", "'…'") if params else sql
                self.stdout.write(shown + ";")
                if not print_sql:
                    cursor.execute(sql, params)
        if not print_sql:
            self.stdout.write(
                self.style.SUCCESS(f"{role} may read and write rows of {name}, nothing more.")
            )
