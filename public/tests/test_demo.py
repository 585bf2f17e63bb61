"""The demo data shows the public pages with content (README: "Without logging in")."""

import json
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_demo_shows_the_public_pages_with_content(client):
    call_command("seed_demo", "--password", "demo-pass-123")
    overview = re.sub(r"\s+", " ", client.get("/hulp/").content.decode())
    for desk in ("Adviespunt SKO Dordrecht", "Relatieloket Hendrik-Ido-Ambacht"):
        assert desk in overview
    assert "oktober 2023" in overview  # the Relatieloket HIA opened in October 2023
    assert "gesloten juli 2023" in overview  # Zwartewaterland closed after half a year
    dordrecht = client.get("/hulp/dordrecht/adviespunt-sko-dordrecht/").content.decode()
    assert "Elke vrijdag, 10:00–12:00 uur" in dordrecht and "Brouwersdijk" in dordrecht
    assert "adviespuntSKO@drechtsteden.nl" in dordrecht
    assert client.get("/hulp/nijkerk/").status_code == 200
    catalogue = json.loads(client.get("/open-data/").content)
    # Hendrik-Ido-Ambacht's two published letters: the motion's and the evaluation.
    datasets = catalogue["dcat:dataset"]
    assert len(datasets) == 2
    letters = {}
    for dataset in datasets:
        assert "Hendrik-Ido-Ambacht" in dataset["dct:title"]
        data_url = dataset["dcat:distribution"][1]["dcat:downloadURL"]["@id"]
        data = json.loads(client.get(data_url.removeprefix("http://testserver")).content)
        assert data["cbs_code"] == "GM0531" and data["figures"]
        effect = any(row["tabel_code"] == "effect" for row in data["figures"])
        letters["evaluation" if effect else "motion"] = data
    figures = letters["motion"]
    assert {row["rij_code"] for row in letters["evaluation"]["figures"]} >= {"pairs", "mean_change"}
    # The overview shows the visitors the published letter counts.
    persons = next(f["zoals_gedrukt"] for f in figures["figures"] if f["rij"] == "Inwoners")
    hia_row = next(r for r in re.findall(r"<tr>(.*?)</tr>", overview) if "Hendrik" in r)
    assert persons in hia_row
