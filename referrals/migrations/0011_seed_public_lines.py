"""The public numbers and websites of the national lines on the sociale kaart, as they publish
them, so a resident sees where to call or look (Veilig Thuis: 0800-2000, free, day and night)."""

from django.db import migrations

CONTACTS = {
    "Veilig Thuis": {"public_phone": "0800-2000", "website": "https://veiligthuis.nl"},
    "Villa Pinedo": {"website": "https://www.villapinedo.nl"},
    "FamilySupporters": {"website": "https://www.familysupporters.nl"},
    "Enver": {"website": "https://www.enver.nl"},
}


def seed(apps, schema_editor):
    Organisation = apps.get_model("referrals", "Organisation")
    for name, fields in CONTACTS.items():
        for field, value in fields.items():
            # Only where still empty: a functional admin's own entry is kept.
            Organisation.objects.filter(name=name, **{field: ""}).update(**{field: value})


def unseed(apps, schema_editor):
    Organisation = apps.get_model("referrals", "Organisation")
    for name, fields in CONTACTS.items():
        for field, value in fields.items():
            Organisation.objects.filter(name=name, **{field: value}).update(**{field: ""})


class Migration(migrations.Migration):
    dependencies = [("referrals", "0010_organisation_address")]

    operations = [migrations.RunPython(seed, unseed)]
