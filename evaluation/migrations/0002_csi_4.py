"""The CSI-4, the licence-free couples instrument the portal ships (see evaluation/instruments.py
for its source and scoring)."""

from django.db import migrations


def install(apps, schema_editor):
    from evaluation.instruments import CSI_4, instrument_install

    instrument_install(
        CSI_4,
        instrument_model=apps.get_model("evaluation", "Instrument"),
        item_model=apps.get_model("evaluation", "Item"),
    )


def remove(apps, schema_editor):
    from evaluation.instruments import CSI_4

    apps.get_model("evaluation", "Instrument").objects.filter(name=CSI_4["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
