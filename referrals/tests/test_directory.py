"""The social map per municipality, and the commercial policy on the referral choices."""

import pytest
from django.urls import reverse

from intake.tests.factories import (
    DeskFactory,
    OrganisationFactory,
    TrajectFactory,
    VisitFactory,
)
from referrals import selectors
from referrals.models import Municipality, Organisation, Referral
from relatieloket.roles import Role

from .page_parts import table

pytestmark = pytest.mark.django_db

# From the seed network (migration 0002): the active organisations serving each municipality.
NIJKERK = {
    "Echtscheidings- of bemiddelingsbureau",
    "Huisarts",
    "Kerkgemeenschap",
    "Online EFT-relatietherapie",
    "Relatietherapie bij een particuliere aanbieder",
    "Sociaal team Nijkerk",
    "Stichting Houd Me Vast",
    "Veilig Thuis",
}
DORDRECHT = {
    "Adviespunt Scheiden, Kind en Ouderschap",
    "Algemeen maatschappelijk werk",
    "Bureau sociaal raadslieden",
    "Consultatiebureau",
    "Dordrecht Sociaal – Buurtwerk",
    "Dordrecht Sociaal – R-Newt",
    "Dordrecht Sociaal – Sociaal Wijkteam",
    "Echtscheidings- of bemiddelingsbureau",
    "Enver",
    "FamilySupporters",
    "Huisarts",
    "POH GGZ Jeugd Dordrecht",
    "POH GGZ Volwassenen",
    "Praktijkondersteuner huisarts Jeugd (POH Jeugd)",
    "Relatietherapie bij een particuliere aanbieder",
    "ScheidingsAtlas",
    "Scholen en schoolmaatschappelijk werk",
    "Veilig Thuis",
    "Villa Pinedo",
}
NATIONWIDE = "Landelijke hulplijn relaties"


@pytest.fixture
def nijkerk(db):
    return Municipality.objects.get(cbs_code="GM0267")


@pytest.fixture
def dordrecht(db):
    return Municipality.objects.get(cbs_code="GM0505")


@pytest.fixture
def network(nijkerk):
    """An organisation serving no municipality in particular, and an inactive one in Nijkerk."""
    OrganisationFactory(name=NATIONWIDE, kind="overig")
    OrganisationFactory(name="Opgeheven praktijk", kind="relatietherapie", is_active=False)
    Organisation.objects.get(name="Opgeheven praktijk").municipalities.add(nijkerk)


def _commercial_column(html):
    rows = table(html, caption="Organisaties in het netwerk")
    return {row[0]: row[3] for row in rows[1:]}


def test_directory_filters_by_municipality_and_marks_commercial_ones_not_offered(
    client, make_user, network, nijkerk, dordrecht
):
    client.force_login(make_user(Role.COUNSELLOR))
    for municipality, expected in ((nijkerk, NIJKERK), (dordrecht, DORDRECHT)):
        names = {o.name for o in selectors.directory(municipality=municipality)}
        assert names == expected | {NATIONWIDE}
    nijkerk_page = client.get(reverse("referrals:directory"), {"municipality": nijkerk.pk})
    commercial = _commercial_column(nijkerk_page.content.decode())
    assert set(commercial) == NIJKERK | {NATIONWIDE}
    assert commercial["Online EFT-relatietherapie"] == "ja – hier niet aangeboden"
    assert commercial["Relatietherapie bij een particuliere aanbieder"] == (
        "ja – hier niet aangeboden"
    )
    assert commercial["Echtscheidings- of bemiddelingsbureau"] == "ja – hier niet aangeboden"
    assert commercial["Sociaal team Nijkerk"] == "nee"
    dordrecht_page = client.get(reverse("referrals:directory"), {"municipality": dordrecht.pk})
    commercial = _commercial_column(dordrecht_page.content.decode())
    assert set(commercial) == DORDRECHT | {NATIONWIDE}
    assert commercial["Relatietherapie bij een particuliere aanbieder"] == "ja"
    assert commercial["Echtscheidings- of bemiddelingsbureau"] == "ja"
    assert commercial["Adviespunt Scheiden, Kind en Ouderschap"] == "nee"
    # Without a municipality nothing is marked: the policy is a municipality's.
    everywhere = _commercial_column(client.get(reverse("referrals:directory")).content.decode())
    assert everywhere["Online EFT-relatietherapie"] == "ja"


COMMERCIAL = {"Online EFT-relatietherapie", "Relatietherapie bij een particuliere aanbieder"}


@pytest.fixture
def nijkerk_desk(nijkerk):
    return DeskFactory(
        municipality=nijkerk,
        organisation=OrganisationFactory(name="Relatieloket Nijkerk", kind="relatieloket"),
    )


def _offered(response):
    """The 'doorverwezen naar' choices: in the form, and as options in the page."""
    names = {o.name for o in response.context["referral_form"].fields["to_organisation"].queryset}
    html = response.content.decode()
    for name in COMMERCIAL | {"Sociaal team Nijkerk"}:
        assert (f">{name}</option>" in html) == (name in names), name
    return names


@pytest.mark.parametrize("screen", ["visit", "traject"])
@pytest.mark.parametrize("refers_to_commercial", [False, True])
def test_outbound_choices_of_a_nijkerk_desk_follow_the_commercial_policy(
    client, make_user, nijkerk, nijkerk_desk, screen, refers_to_commercial
):
    nijkerk.refers_to_commercial = refers_to_commercial
    nijkerk.save()
    client.force_login(make_user(Role.COUNSELLOR, desks=[nijkerk_desk]))
    if screen == "visit":
        owner = VisitFactory(desk=nijkerk_desk)
        detail, add = "intake:visit_detail", "intake:visit_referral_add"
    else:
        owner = TrajectFactory(desk=nijkerk_desk)
        detail, add = "intake:traject_detail", "intake:traject_referral_add"
    names = _offered(client.get(reverse(detail, args=[owner.pk])))
    assert "Sociaal team Nijkerk" in names
    assert "Relatieloket Nijkerk" not in names  # not to itself
    if refers_to_commercial:
        assert names >= COMMERCIAL
    else:
        assert not COMMERCIAL & names
    # Posting a commercial choice anyway is refused where the policy forbids it.
    therapy = Organisation.objects.get(name="Online EFT-relatietherapie")
    client.post(reverse(add, args=[owner.pk]), {"to_organisation": therapy.pk})
    recorded = Referral.objects.filter(to_organisation=therapy)
    assert recorded.exists() == refers_to_commercial
    assert owner.referrals.filter(to_organisation=therapy).exists() == refers_to_commercial
