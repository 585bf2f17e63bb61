"""A closed traject always has an outcome: councils count closed trajects by outcome.

The close form always required an outcome; only a traject closed through the admin or a shell
could lack one, and the migration then stops on it rather than invent an outcome.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0004_life_events_and_session_themes"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="traject",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status", "loopt"),
                    models.Q(("closing_outcome", ""), _negated=True),
                    _connector="OR",
                ),
                name="traject_closed_has_outcome",
                violation_error_message="A closed traject has an outcome.",
            ),
        ),
    ]
