"""Partner returns: the municipality must be one the organisation serves; what a partner enters
comes back out exactly, with the municipality and where residents were referred on to."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from intake.tests.factories import OrganisationFactory
from referrals import services
from referrals.models import Municipality, Organisation, PartnerReturn
from relatieloket.roles import Role

from .page_parts import table

pytestmark = pytest.mark.django_db
D = datetime.date
POH = "POH GGZ Jeugd Dordrecht"


@pytest.fixture
def poh(db):
    return Organisation.objects.get(name=POH)


@pytest.fixture
def dordrecht(db):
    return Municipality.objects.get(cbs_code="GM0505")


@pytest.fixture
def nijkerk(db):
    return Municipality.objects.get(cbs_code="GM0267")


def _return(organisation, municipality, **figures):
    return PartnerReturn(
        organisation=organisation,
        municipality=municipality,
        period_start=D(2023, 1, 1),
        period_end=D(2023, 12, 31),
        **{"persons": 18, "helped": 17, "referred_on": 1, **figures},
    )


def test_a_return_is_for_a_municipality_the_organisation_serves(poh, dordrecht, nijkerk):
    with pytest.raises(ValidationError) as error:
        services.partner_return_save(partner_return=_return(poh, nijkerk))
    assert error.value.message_dict == {
        "municipality": [
            "POH GGZ Jeugd Dordrecht werkt niet in Nijkerk; kies een gemeente waar de "
            "organisatie werkt."
        ]
    }
    services.partner_return_save(partner_return=_return(poh, dordrecht))
    # An organisation serving no municipality in particular may report for any.
    nationwide = OrganisationFactory(name="Landelijke hulplijn relaties")
    services.partner_return_save(partner_return=_return(nationwide, nijkerk))
    assert PartnerReturn.objects.count() == 2


def test_the_form_refuses_a_municipality_the_organisation_does_not_serve(
    client, make_user, poh, dordrecht, nijkerk
):
    client.force_login(make_user(Role.POLICY, municipalities=[dordrecht, nijkerk]))
    response = client.post(
        reverse("referrals:return_create"),
        {
            "organisation": poh.pk,
            "municipality": nijkerk.pk,
            "period_start": "2023-01-01",
            "period_end": "2023-12-31",
            "persons": 18,
            "helped": 17,
            "referred_on": 1,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["municipality"] == [
        "POH GGZ Jeugd Dordrecht werkt niet in Nijkerk; kies een gemeente waar de organisatie "
        "werkt."
    ]
    assert "werkt niet in Nijkerk" in response.content.decode()
    assert not PartnerReturn.objects.exists()


# The seed documents' POH Jeugd GGZ figures, with where the few referred on went.
SEED = [
    ("2021-10-01", "2022-09-30", 15, 12, 3, "relatietherapie"),
    ("2023-01-01", "2023-12-31", 18, 17, 1, "amw"),
    ("2024-01-01", "2024-06-30", 4, 4, 0, ""),
]
AMW = "algemeen maatschappelijk werk"


def test_a_partner_enters_its_own_figures_and_they_come_back_out_exactly(client, make_user, poh):
    partner = make_user(Role.COUNSELLOR)
    partner.organisations.add(poh)
    client.force_login(partner)
    form = client.get(reverse("referrals:return_create")).context["form"]
    assert [m.name for m in form.fields["municipality"].queryset] == ["Dordrecht"]
    for start, end, persons, helped, referred_on, kind in SEED:
        response = client.post(
            reverse("referrals:return_create"),
            {
                "organisation": poh.pk,
                "municipality": Municipality.objects.get(cbs_code="GM0505").pk,
                "period_start": start,
                "period_end": end,
                "persons": persons,
                "helped": helped,
                "referred_on": referred_on,
                "referred_to_kind": kind,
            },
        )
        assert response.status_code == 302, response.content.decode()
    stored = [
        (
            r.period_start.isoformat(),
            r.period_end.isoformat(),
            r.persons,
            r.helped,
            r.referred_on,
            r.referred_to_kind,
        )
        for r in PartnerReturn.objects.filter(organisation=poh).order_by("period_start")
    ]
    assert stored == SEED
    html = client.get(reverse("referrals:return_list")).content.decode()
    rows = table(html, testid="partner-returns")
    assert rows[0][:7] == [
        "Organisatie",
        "Gemeente",
        "Periode",
        "Personen",
        "Zelf geholpen",
        "Doorverwezen",
        "Doorverwezen naar (soort)",
    ]
    assert [row[:7] for row in rows[1:]] == [
        [POH, "Dordrecht", "01-01-2024 – 30-06-2024", "4", "4", "0", "–"],
        [POH, "Dordrecht", "01-01-2023 – 31-12-2023", "18", "17", "1", AMW],
        [
            POH,
            "Dordrecht",
            "01-10-2021 – 30-09-2022",
            "15",
            "12",
            "3",
            "relatietherapie (particulier)",
        ],
    ]
