"""Figures of the seed documents: Monitor Sociaal Dordrecht 2023 and the HIA budget."""

from django.db import migrations

INDICATORS = [
    ("GM0505", "Weet waar professionele hulp te vinden bij echtscheiding", "46", "percent"),
    ("GM0505", "Weet waar professionele hulp te vinden bij relatieproblemen", "40", "percent"),
    ("GM0505", "Bekend met het Adviespunt SKO", "14", "percent"),
]


def load(apps, schema_editor):
    Municipality = apps.get_model("referrals", "Municipality")
    Indicator = apps.get_model("reports", "Indicator")
    Budget = apps.get_model("reports", "Budget")
    for code, name, value, unit in INDICATORS:
        municipality = Municipality.objects.filter(cbs_code=code).first()
        if municipality:
            Indicator.objects.update_or_create(
                municipality=municipality,
                name=name,
                source="Monitor Sociaal Dordrecht",
                year=2023,
                defaults={"value": value, "unit": unit},
            )
    hia = Municipality.objects.filter(cbs_code="GM0531").first()
    if hia:
        # "circa 10 trajecten van maximaal 5 gesprekken à 1,5 uur per koppel. Dit kost circa € 10.000."
        for year in (2024, 2025, 2026):
            Budget.objects.update_or_create(
                municipality=hia, year=year, defaults={"amount": "10000", "planned_trajects": 10}
            )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("referrals", "0002_seed_network")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
