"""The real network of the seed documents: municipalities and organisations.

Sources: the HIA memo on the Relatieloket (2024), the Dordrecht raadsinformatiebrieven on
Adviespunt SKO (2021, 2024), the Nijkerk letter on relationship therapy (2024) and a
newspaper article on relationship desks (2025).
"""

from django.db import migrations

MUNICIPALITIES = [
    ("Dordrecht", "GM0505", True),
    ("Hendrik-Ido-Ambacht", "GM0531", True),
    ("Papendrecht", "GM0590", True),
    ("Zwijndrecht", "GM0642", True),
    # Nijkerk's policy: "wij verwijzen niet naar commerciële partijen".
    ("Nijkerk", "GM0267", False),
    ("Zwartewaterland", "GM1896", True),
]

DRECHTSTEDEN = ["GM0505", "GM0531", "GM0590", "GM0642"]
ALL = [code for _name, code, _ in MUNICIPALITIES]

# name, kind, municipalities, commercial, cost to resident, minimum cost, active, description
ORGANISATIONS = [
    ("Relatieloket Hendrik-Ido-Ambacht", "relatieloket", ["GM0531"], False, "gratis", None, True,
     "Wekelijks inloopspreekuur en afspraken sinds oktober 2023; één adviesgesprek of een "
     "kortdurend traject van 4 tot 5 partnergesprekken."),
    ("Stichting De Vluchtheuvel", "psychosociale_hulp", ["GM0531"], False, "", None, True,
     "Christelijke psychosociale hulpverlening; bemant samen met Adviespunt SKO het "
     "Relatieloket Hendrik-Ido-Ambacht."),
    ("Adviespunt Scheiden, Kind en Ouderschap", "adviespunt_sko",
     ["GM0505", "GM0590", "GM0642", "GM0531"], False, "gratis", None, True,
     "Anoniem advies over scheiden, uit elkaar gaan en gescheiden ouderschap; wekelijkse "
     "inloopspreekuren in Dordrecht, Zwijndrecht en Papendrecht."),
    ("Dordrecht Sociaal – Sociaal Wijkteam", "sociaal_wijkteam", ["GM0505"], False, "gratis",
     None, True, "Voor inwoners van alle leeftijden, ook met vragen over relaties en "
     "(beginnende) relatieproblemen; koppeling aan een algemeen maatschappelijk werker."),
    ("Dordrecht Sociaal – Buurtwerk", "overig", ["GM0505"], False, "gratis", None, True,
     "Een van de voordeuren van Dordrecht Sociaal."),
    ("Dordrecht Sociaal – R-Newt", "overig", ["GM0505"], False, "gratis", None, True,
     "Een van de voordeuren van Dordrecht Sociaal."),
    ("Lokaal team Hendrik-Ido-Ambacht", "sociaal_wijkteam", ["GM0531"], False, "gratis", None,
     True, "Organiseert met het Relatieloket themabijeenkomsten over relaties en life-events."),
    ("Sociaal team Nijkerk", "sociaal_wijkteam", ["GM0267"], False, "gratis", None, True,
     "Bevraagt inwoners naar hun netwerk (netwerkkaart); systemisch werken binnen vijf gesprekken."),
    ("Praktijkondersteuner huisarts Jeugd (POH Jeugd)", "poh_jeugd", ["GM0505", "GM0531"],
     False, "", None, True, "Bij de POH Jeugd kunnen inwoners ook terecht met vragen over relaties."),
    ("POH GGZ Jeugd Dordrecht", "poh_ggz_jeugd", ["GM0505"], False, "", None, True,
     "Helpt de meeste inwoners met relatievragen zelf en verwijst af en toe door."),
    ("POH GGZ Volwassenen", "poh_ggz_volwassenen", ["GM0505"], False, "", None, True,
     "Ziet af en toe inwoners met mentale klachten die samenhangen met relatieproblemen of "
     "scheiding, meestal via de huisarts."),
    ("Huisarts", "huisarts", ALL, False, "", None, True, ""),
    ("Algemeen maatschappelijk werk", "amw", DRECHTSTEDEN, False, "gratis", None, True,
     "Helpt inwoners in één of enkele gesprekken op weg."),
    ("Scholen en schoolmaatschappelijk werk", "school", DRECHTSTEDEN, False, "", None, True, ""),
    ("Consultatiebureau", "consultatiebureau", DRECHTSTEDEN, False, "", None, True, ""),
    ("Relatietherapie bij een particuliere aanbieder", "relatietherapie", ALL, True,
     "eigen kosten, vanaf circa € 800; niet vergoed uit de basisverzekering", "800.00", True,
     "Alleen vergoed als onderdeel van de behandeling van een psychische stoornis, soms uit een "
     "aanvullende verzekering."),
    ("Online EFT-relatietherapie", "relatietherapie", ["GM0267"], True,
     "eigen kosten", None, True, "Proef voor online EFT-relatietherapie (motie 'Houd me vast voor gezinnen')."),
    ("Echtscheidings- of bemiddelingsbureau", "mediation", ALL, True, "eigen kosten", None, True, ""),
    ("ScheidingsAtlas", "training", ["GM0505", "GM0590", "GM0642"], False,
     "ingekocht door de gemeente", None, True,
     "Training voor ouders over wat scheiden voor ouder en kind kan betekenen."),
    ("Villa Pinedo", "training", ["GM0505", "GM0590", "GM0642"], False, "ingekocht door de gemeente",
     None, True, "Bijeenkomsten en trainingen voor ouders en beroepskrachten; buddy's voor kinderen "
     "van gescheiden ouders."),
    ("Enver", "mediation", ["GM0505", "GM0590", "GM0642"], False, "", None, True,
     "Mediationtraject met FamilySupporters; begeleide omgang."),
    ("FamilySupporters", "mediation", ["GM0505", "GM0590", "GM0642"], False, "", None, True,
     "Mediationtraject met Enver gericht op herstel van de communicatie tussen ouders."),
    ("Stichting Houd Me Vast", "training", ["GM0267"], False, "vergoedt 10 trainingen per jaar",
     None, True, "In uitzonderlijke gevallen benaderd door de gemeente Nijkerk."),
    ("Veilig Thuis", "veilig_thuis", ALL, False, "gratis", None, True,
     "Advies- en meldpunt huiselijk geweld en kindermishandeling (meldcode)."),
    ("Bureau sociaal raadslieden", "juridisch_advies", DRECHTSTEDEN, False, "gratis", None, True, ""),
    ("Kerkgemeenschap", "kerk", ["GM0531", "GM0267"], False, "", None, True,
     "Themabijeenkomsten in samenwerking met kerken."),
    ("Relatieloket Zwartewaterland", "relatieloket", ["GM1896"], False, "gratis", None, False,
     "Pilot in Genemuiden vanaf begin 2023, na een halfjaar stopgezet."),
]


def load_network(apps, schema_editor):
    Municipality = apps.get_model("referrals", "Municipality")
    Organisation = apps.get_model("referrals", "Organisation")
    by_code = {}
    for name, code, refers_to_commercial in MUNICIPALITIES:
        by_code[code], _ = Municipality.objects.update_or_create(
            cbs_code=code, defaults={"name": name, "refers_to_commercial": refers_to_commercial}
        )
    for name, kind, codes, commercial, cost, minimum, active, description in ORGANISATIONS:
        org, _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "is_commercial": commercial,
                "cost_to_resident": cost,
                "minimum_cost": minimum,
                "is_active": active,
                "description": description,
            },
        )
        org.municipalities.set([by_code[c] for c in codes])


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]
    operations = [migrations.RunPython(load_network, migrations.RunPython.noop)]
