"""Policy staff linked to several municipalities (the Drechtsteden share the Adviespunt) see
them combined, with how the visits divide over the municipalities."""

import datetime

import pytest
from django.urls import reverse

from intake.tests.factories import DeskFactory, VisitFactory
from referrals.models import Municipality
from relatieloket.roles import Role

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}


@pytest.fixture
def drechtsteden():
    codes = {"GM0505": 9, "GM0642": 6, "GM0590": 5}
    places = []
    for code, count in codes.items():
        municipality = Municipality.objects.get(cbs_code=code)
        desk = DeskFactory(name=f"Adviespunt SKO {municipality.name}", municipality=municipality)
        for i in range(count):
            VisitFactory(desk=desk, date=datetime.date(2024, 3, 1) + datetime.timedelta(days=i))
        places.append(municipality)
    # A municipality the user is not linked to: never in the combined figures.
    other = DeskFactory(
        name="Relatieloket HIA", municipality=Municipality.objects.get(cbs_code="GM0531")
    )
    VisitFactory.create_batch(7, desk=other, date=datetime.date(2024, 3, 1))
    return places


def test_several_municipalities_combined_and_per_municipality(client, make_user, drechtsteden):
    client.force_login(make_user(Role.POLICY, municipalities=drechtsteden))
    response = client.get(reverse("reports:start"), PERIOD)
    figures = response.context["figures"]
    assert figures["visits"]["count"] == 20
    assert [(r["label"], r["count"]) for r in figures["municipalities"]] == [
        ("Dordrecht", 9),
        ("Zwijndrecht", 6),
        ("Papendrecht", 5),
    ]
    page = response.content.decode()
    assert "Dordrecht, Papendrecht, Zwijndrecht" in page
    # One of them chosen: only its desk.
    dordrecht = drechtsteden[0]
    one = client.get(reverse("reports:start"), {**PERIOD, "municipality": dordrecht.pk})
    assert one.context["figures"]["visits"]["count"] == 9
    # Another municipality's id is refused by the form, not shown.
    hia = Municipality.objects.get(cbs_code="GM0531")
    refused = client.get(reverse("reports:start"), {**PERIOD, "municipality": hia.pk})
    assert "figures" not in refused.context
    # The export for publication protects the combined table like every count.
    export = client.get(
        reverse("reports:export"), {**PERIOD, "tabel": "gemeenten", "publicatie": "1"}
    ).content.decode("utf-8-sig")
    assert "Dordrecht;9" in export and "Zwijndrecht;6" in export and "Papendrecht;5" in export
    assert "Totaal;20" in export


def test_a_policy_user_of_one_municipality_sees_only_it(client, make_user, drechtsteden):
    client.force_login(make_user(Role.POLICY, municipalities=drechtsteden[1:2]))
    figures = client.get(reverse("reports:start"), PERIOD).context["figures"]
    assert figures["visits"]["count"] == 6
    assert [r["label"] for r in figures["municipalities"]] == ["Zwijndrecht"]
