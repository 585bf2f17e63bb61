"""The demo data shows the public pages with content (README: "Without logging in")."""

import datetime
import json
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from intake.models import Desk, WalkInException
from intake.selectors import proposed_holidays

pytestmark = pytest.mark.django_db

HIA = "/hulp/hendrik-ido-ambacht/relatieloket-hendrik-ido-ambacht/"
PAPENDRECHT = "/hulp/papendrecht/adviespunt-sko-papendrecht/"
ZWARTEWATERLAND = "/hulp/zwartewaterland/relatieloket-zwartewaterland/"
ZWIJNDRECHT = "/hulp/zwijndrecht/adviespunt-sko-zwijndrecht/"


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
    # HIA's weekly walk-in hour (seed 000); Papendrecht by appointment; Zwartewaterland closed.
    hia = re.sub(r"\s+", " ", client.get(HIA).content.decode())
    assert "Elke donderdag, 19:00–20:30 uur" in hia and "Loop gewoon binnen" in hia
    papendrecht = re.sub(r"\s+", " ", client.get(PAPENDRECHT).content.decode())
    assert "u komt op afspraak" in papendrecht and "Loop gewoon binnen" not in papendrecht
    assert "agenda.ics" not in papendrecht
    zwartewaterland = re.sub(r"\s+", " ", client.get(ZWARTEWATERLAND).content.decode())
    assert "Dit loket is gesloten op 4 juli 2023" in zwartewaterland
    assert "Het is gratis" not in zwartewaterland and "flyer.pdf" not in zwartewaterland
    # Each open desk's own contact is what the seeds give: the Adviespunt SKO's e-mail address
    # from its flyer (seed 003), which runs them all; no seed gives a desk's phone number.
    for page in (dordrecht, hia, papendrecht, client.get(ZWIJNDRECHT).content.decode()):
        contact = re.search(r'<ul data-testid="contact">(.*?)</ul>', page, re.S).group(1)
        assert "adviespuntSKO@drechtsteden.nl" in contact and "Telefoon" not in contact
    assert 'data-testid="contact"' not in zwartewaterland
    # Veilig Thuis with its number; the coming public holidays cancelled at the open desks.
    assert "0800-2000" in dordrecht
    today = timezone.localdate()
    for desk in Desk.objects.prefetch_related("locations__weekly_hours", "walk_in_exceptions"):
        if not desk.is_closed(today=today):
            until = today + datetime.timedelta(days=366)
            assert proposed_holidays(desk, today=today, until=until) == []
    assert WalkInException.objects.filter(desk__name="Adviespunt SKO Dordrecht").exists()
    catalogue = json.loads(client.get("/open-data/").content)
    # Three published letters: Hendrik-Ido-Ambacht's motion and evaluation letters, Dordrecht's.
    datasets = catalogue["dcat:dataset"]
    assert len(datasets) == 3
    letters = {}
    for dataset in datasets:
        data_url = dataset["dcat:distribution"][1]["dcat:downloadURL"]["@id"]
        data = json.loads(client.get(data_url.removeprefix("http://testserver")).content)
        assert data["figures"]
        if "Hendrik-Ido-Ambacht" not in dataset["dct:title"]:
            assert data["cbs_code"] == "GM0505"
            continue
        assert data["cbs_code"] == "GM0531"
        effect = any(row["tabel_code"] == "effect" for row in data["figures"])
        letters["evaluation" if effect else "motion"] = data
    figures = letters["motion"]
    assert {row["rij_code"] for row in letters["evaluation"]["figures"]} >= {"pairs", "mean_change"}
    # The overview shows the visitors the published letter counts.
    persons = next(f["zoals_gedrukt"] for f in figures["figures"] if f["rij"] == "Inwoners")
    hia_row = next(r for r in re.findall(r"<tr>(.*?)</tr>", overview) if "Hendrik" in r)
    assert persons in hia_row
