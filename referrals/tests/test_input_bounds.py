"""Extreme dates and junk on the network's screens are form errors, never a 500; the public
contact details of organisations are validated and listed for the identity check."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from intake.identity import find_identifying_data
from referrals import selectors
from referrals.models import Municipality, Organisation, PartnerReturn
from referrals.validators import latest_date
from relatieloket.roles import Role

pytestmark = pytest.mark.django_db

EXTREME = ["0001-01-01", "1999-12-31", "9999-12-31", "zzz", "2024-02-30"]
POH = "POH GGZ Jeugd Dordrecht"


@pytest.fixture
def dordrecht(db):
    return Municipality.objects.get(cbs_code="GM0505")


@pytest.fixture
def policy(client, make_user, dordrecht):
    client.force_login(make_user(Role.POLICY, municipalities=[dordrecht]))
    return client


@pytest.mark.parametrize("value", EXTREME)
def test_the_flow_map_shows_a_form_error_for_an_extreme_period(policy, value):
    for params in ({"start": value, "end": "2024-12-31"}, {"start": "2024-01-01", "end": value}):
        response = policy.get(reverse("referrals:flow_map"), params)
        assert response.status_code == 200
        assert response.context["form"].errors
        assert "rows" not in response.context


def test_the_flow_map_accepts_the_whole_range(policy):
    params = {"start": "2000-01-01", "end": latest_date().isoformat()}
    response = policy.get(reverse("referrals:flow_map"), params)
    assert response.status_code == 200 and not response.context["form"].errors


@pytest.mark.parametrize("value", EXTREME)
def test_a_partner_return_with_an_extreme_period_is_a_form_error(policy, dordrecht, value):
    poh = Organisation.objects.get(name=POH)
    data = {
        "organisation": poh.pk,
        "municipality": dordrecht.pk,
        "period_start": value,
        "period_end": "2024-12-31",
        "persons": "4",
        "helped": "4",
        "referred_on": "0",
    }
    response = policy.post(reverse("referrals:return_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["period_start"]
    assert not PartnerReturn.objects.exists()


@pytest.mark.parametrize("junk", ["zzz", "0", "99999", "1e9"])
def test_partner_return_filters_with_junk_are_form_errors(policy, junk):
    for params in ({"year": junk}, {"organisation": junk}):
        response = policy.get(reverse("referrals:return_list"), params)
        assert response.status_code == 200
        assert response.context["form"].errors


def test_public_contact_details_are_validated(dordrecht):
    organisation = Organisation(
        name="Testloket", kind="overig", public_email="geen-adres", public_phone="12", website="x"
    )
    with pytest.raises(ValidationError) as exc:
        organisation.full_clean()
    assert set(exc.value.message_dict) == {"public_email", "public_phone", "website"}
    organisation.public_email = "info@testloket.nl"
    organisation.public_phone = "078 770 80 10"
    organisation.website = "https://www.testloket.nl"
    organisation.full_clean()


def test_adviespunt_skos_public_address_comes_from_the_seed(dordrecht):
    sko = Organisation.objects.get(name="Adviespunt Scheiden, Kind en Ouderschap")
    assert sko.public_email == "adviespuntSKO@drechtsteden.nl"
    assert "adviespuntSKO@drechtsteden.nl" in selectors.public_contact_details()
    assert "adviespuntSKO@drechtsteden.nl" in selectors.public_contact_details(
        municipality=dordrecht
    )


def test_public_contact_details_are_those_of_active_organisations_of_the_municipality(dordrecht):
    nijkerk = Municipality.objects.get(cbs_code="GM0267")
    local = Organisation.objects.create(
        name="Loket Dordrecht", kind="overig", public_phone="078 770 80 10", website="https://a.nl"
    )
    local.municipalities.add(dordrecht)
    elsewhere = Organisation.objects.create(
        name="Loket Nijkerk", kind="overig", public_email="info@nijkerk-loket.nl"
    )
    elsewhere.municipalities.add(nijkerk)
    Organisation.objects.create(
        name="Opgeheven loket", kind="overig", public_email="oud@loket.nl", is_active=False
    )
    details = selectors.public_contact_details(municipality=dordrecht)
    assert "078 770 80 10" in details and "https://a.nl" in details
    assert "info@nijkerk-loket.nl" not in details and "oud@loket.nl" not in details
    assert "info@nijkerk-loket.nl" in selectors.public_contact_details()
    assert "oud@loket.nl" not in selectors.public_contact_details()
    # The identity check lets exactly these through, however they are written.
    letter = "Bel het loket op 078-7708010 of mail adviespuntSKO [at] drechtsteden [dot] nl."
    assert find_identifying_data(letter, allowed=details) == []
    assert find_identifying_data(letter + " Of bel 06 12345678.", allowed=details) == ["phone"]


def test_the_admin_edits_public_contact_details(admin_client):
    sko = Organisation.objects.get(name="Adviespunt Scheiden, Kind en Ouderschap")
    url = reverse("admin:referrals_organisation_change", args=[sko.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="public_email"' in html and 'name="public_phone"' in html
    assert 'name="website"' in html
