"""The admin-managed lists with their first entries (HIA memo: life events; session themes)."""

from django.db import migrations

LIFE_EVENTS = ["Rouw en verlies", "Geboorte van een kind", "Werkloosheid", "Ziekte", "Verhuizing", "Anders"]
SESSION_THEMES = [
    "Communicatie",
    "Knelpunten in de relatie",
    "Vertrouwen",
    "Opvoeding en ouderschap",
    "Verwachtingen",
    "Anders",
]


def load(apps, schema_editor):
    LifeEvent = apps.get_model("intake", "LifeEvent")
    SessionTheme = apps.get_model("intake", "SessionTheme")
    for order, name in enumerate(LIFE_EVENTS):
        LifeEvent.objects.get_or_create(name=name, desk=None, defaults={"order": order})
    for order, name in enumerate(SESSION_THEMES):
        SessionTheme.objects.get_or_create(name=name, desk=None, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("intake", "0003_anonymous_text_validators")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
