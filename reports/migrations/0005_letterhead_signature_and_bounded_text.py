"""Kenmerk, contact person and signature of a council letter; its free text is bounded.

Adding CHECK constraints rebuilds the table on SQLite, which drops the triggers that freeze a
published version (migration 0004); they are installed again at the end, as that migration
asks. PostgreSQL keeps its trigger; installing it again replaces the function only.
"""

import django.core.validators
import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models

TRIGGER = "reports_councilreport_published_frozen"
MESSAGE = "A published council report cannot be changed or deleted; publish a correction."


def install_guard(apps, schema_editor):
    table = schema_editor.quote_name(apps.get_model("reports", "CouncilReport")._meta.db_table)
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for event in ("UPDATE", "DELETE"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}_{event.lower()};")
            schema_editor.execute(
                f"CREATE TRIGGER {TRIGGER}_{event.lower()} BEFORE {event} ON {table} "
                f"FOR EACH ROW WHEN OLD.status = 'published' "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
            )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation'; END $$;"
        )
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table};")
        schema_editor.execute(
            f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW WHEN (OLD.status = 'published') EXECUTE FUNCTION {TRIGGER}();"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0005_partnerreturn_no_overlap"),
        ("reports", "0004_indicator_phrase_published_guard"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="councilreport",
            name="contact_person",
            field=models.CharField(
                blank=True,
                help_text="The civil servant named as contact, e.g. “M. Meeuwsen”.",
                max_length=100,
                verbose_name="handled by",
            ),
        ),
        migrations.AddField(
            model_name="councilreport",
            name="contact_team",
            field=models.CharField(
                blank=True,
                help_text="E.g. “Beleid Sociaal Domein”.",
                max_length=100,
                verbose_name="team",
            ),
        ),
        migrations.AddField(
            model_name="councilreport",
            name="reference",
            field=models.CharField(blank=True, max_length=50, verbose_name="reference (kenmerk)"),
        ),
        migrations.AddField(
            model_name="councilreport",
            name="signed_mayor",
            field=models.CharField(blank=True, max_length=100, verbose_name="the mayor (signs)"),
        ),
        migrations.AddField(
            model_name="councilreport",
            name="signed_secretary",
            field=models.CharField(
                blank=True, max_length=100, verbose_name="the secretary (signs)"
            ),
        ),
        migrations.AlterField(
            model_name="councilreport",
            name="costs",
            field=models.TextField(
                blank=True,
                max_length=5000,
                validators=[django.core.validators.MaxLengthValidator(5000)],
                verbose_name="costs",
            ),
        ),
        migrations.AlterField(
            model_name="councilreport",
            name="decisions",
            field=models.TextField(
                blank=True,
                max_length=5000,
                validators=[django.core.validators.MaxLengthValidator(5000)],
                verbose_name="related decisions",
            ),
        ),
        migrations.AlterField(
            model_name="councilreport",
            name="information",
            field=models.TextField(
                blank=True,
                max_length=20000,
                validators=[django.core.validators.MaxLengthValidator(20000)],
                verbose_name="information",
            ),
        ),
        migrations.AlterField(
            model_name="councilreport",
            name="next_steps",
            field=models.TextField(
                blank=True,
                max_length=5000,
                validators=[django.core.validators.MaxLengthValidator(5000)],
                verbose_name="next steps",
            ),
        ),
        migrations.AlterField(
            model_name="councilreport",
            name="reason",
            field=models.TextField(
                blank=True,
                max_length=5000,
                validators=[django.core.validators.MaxLengthValidator(5000)],
                verbose_name="reason",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilreport",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("title"), 200
                ),
                name="councilreport_title_length",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilreport",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("answer_title"), 200
                ),
                name="councilreport_answer_title_length",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilreport",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("answer_number"), 50
                ),
                name="councilreport_answer_number_length",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilreport",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("reference"), 50
                ),
                name="councilreport_reference_length",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilreport",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("contact_person"), 100
                ),
                name="councilreport_contact_person_length",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilreport",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("contact_team"), 100
                ),
                name="councilreport_contact_team_length",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilreport",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("signed_secretary"), 100
                ),
                name="councilreport_signed_secretary_length",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilreport",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("signed_mayor"), 100
                ),
                name="councilreport_signed_mayor_length",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilreport",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("reason"), 5000
                ),
                name="councilreport_reason_length",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilreport",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("information"), 20000
                ),
                name="councilreport_information_length",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilreport",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("next_steps"), 5000
                ),
                name="councilreport_next_steps_length",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilreport",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("costs"), 5000
                ),
                name="councilreport_costs_length",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.AddConstraint(
            model_name="councilreport",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("decisions"), 5000
                ),
                name="councilreport_decisions_length",
                violation_error_message="This text is too long.",
            ),
        ),
        migrations.RunPython(install_guard, migrations.RunPython.noop),
    ]
