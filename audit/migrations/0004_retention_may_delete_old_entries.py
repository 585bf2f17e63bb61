"""The retention's action. Entries older than the minimum retention (six months) may be
deleted by the retention; younger ones stay refused, and an update always is (audit.triggers)."""

from django.db import migrations, models

from audit import triggers


def replace(apps, schema_editor):
    triggers.remove(schema_editor)
    triggers.install(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_action_choices_for_users_and_letters")]

    operations = [
        migrations.AlterField(
            model_name='auditentry',
            name='action',
            field=models.CharField(choices=[('create', 'created'), ('update', 'changed'), ('delete', 'deleted'), ('close', 'closed'), ('deactivate', 'deactivated'), ('publish', 'published'), ('correct', 'correction started'), ('reset_2fa', 'second factor reset'), ('unlock', 'login unlocked'), ('retention', 'retention applied')], max_length=20, verbose_name='action'),
        ),
        migrations.RunPython(replace, migrations.RunPython.noop),
    ]
