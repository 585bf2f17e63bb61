"""Indicators get a phrase for the letter; the database refuses changes to published reports.

The triggers refuse every UPDATE and DELETE of a council report row whose status *was*
'published' (OLD.status), whatever the client: the ORM, a queryset `.update()`, raw SQL or the
admin. Publishing itself is an UPDATE of a draft row (OLD.status = 'draft') and a correction is
an INSERT of a new row that points to the old one, so both keep working.

SQLite loses triggers when a later migration rebuilds the table (AlterField and the like):
such a migration must run `install_guard` again; the tests of the guard fail otherwise.
"""

from django.db import migrations, models

TRIGGER = "reports_councilreport_published_frozen"
MESSAGE = "A published council report cannot be changed or deleted; publish a correction."


def _table(apps):
    return apps.get_model("reports", "CouncilReport")._meta.db_table


def install_guard(apps, schema_editor):
    table = schema_editor.quote_name(_table(apps))
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for event in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER {TRIGGER}_{event.lower()} BEFORE {event} ON {table} "
                f"FOR EACH ROW WHEN OLD.status = 'published' "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
            )
    elif vendor == "postgresql":
        # SQLSTATE 23001 (restrict_violation): Django raises IntegrityError, as on SQLite.
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation'; END $$;"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW WHEN (OLD.status = 'published') EXECUTE FUNCTION {TRIGGER}();"
        )


def remove_guard(apps, schema_editor):
    table = schema_editor.quote_name(_table(apps))
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for event in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}_{event};")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table};")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {TRIGGER}();")


# How the letter words the seeded Monitor Sociaal Dordrecht 2023 figures (seed 001).
PHRASES = {
    "Weet waar professionele hulp te vinden bij echtscheiding": (
        "weet waar zij professionele hulp kunnen vinden in geval van een echtscheiding"
    ),
    "Weet waar professionele hulp te vinden bij relatieproblemen": (
        "weet waar zij professionele hulp kunnen vinden bij relatieproblemen"
    ),
    "Bekend met het Adviespunt SKO": "kent het Adviespunt SKO",
}


def seed_phrases(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    for name, phrase in PHRASES.items():
        Indicator.objects.filter(name=name, phrase="").update(phrase=phrase)


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_council_report")]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="phrase",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Completes “… percent of the residents …” in a council letter, e.g. “weet "
                    "waar zij terechtkunnen met vragen over scheiden”. Empty: the name is used."
                ),
                max_length=200,
                verbose_name="in a sentence",
            ),
        ),
        migrations.RunPython(seed_phrases, migrations.RunPython.noop),
        migrations.RunPython(install_guard, remove_guard),
    ]
