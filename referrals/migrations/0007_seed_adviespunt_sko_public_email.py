"""The public e-mail address of Adviespunt SKO, as on its flyer (Dordrecht council letter,
seed 003: "een flyer met e-mailadres (adviespuntSKO@drechtsteden.nl)")."""

from django.db import migrations

NAME = "Adviespunt Scheiden, Kind en Ouderschap"
EMAIL = "adviespuntSKO@drechtsteden.nl"


def seed(apps, schema_editor):
    Organisation = apps.get_model("referrals", "Organisation")
    Organisation.objects.filter(name=NAME, public_email="").update(public_email=EMAIL)


def unseed(apps, schema_editor):
    Organisation = apps.get_model("referrals", "Organisation")
    Organisation.objects.filter(name=NAME, public_email=EMAIL).update(public_email="")


class Migration(migrations.Migration):
    dependencies = [("referrals", "0006_organisation_public_contact_and_text_bounds")]

    operations = [migrations.RunPython(seed, unseed)]
