"""The admin of the network: every list and form opens; returns keep the overlap rule."""

import datetime

import pytest
from django.urls import reverse

from referrals import services
from referrals.models import Municipality, Organisation, PartnerReturn, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("beheer", password="x-pass-123"))
    return client


def test_every_referrals_admin_list_and_form_opens(superuser_client):
    dordrecht = Municipality.objects.get(cbs_code="GM0505")
    Referral.objects.create(
        from_organisation=Organisation.objects.get(name="Huisarts"),
        to_organisation=Organisation.objects.get(name="Adviespunt Scheiden, Kind en Ouderschap"),
        municipality=dordrecht,
        date=datetime.date(2024, 3, 1),
    )
    for model in ("municipality", "organisation", "referral", "partnerreturn"):
        for view in ("changelist", "add"):
            response = superuser_client.get(reverse(f"admin:referrals_{model}_{view}"))
            assert response.status_code == 200, (model, view)


def test_admin_refuses_an_overlapping_return(superuser_client):
    dordrecht = Municipality.objects.get(cbs_code="GM0505")
    poh = Organisation.objects.get(name="POH GGZ Jeugd Dordrecht")
    existing = services.partner_return_save(
        partner_return=PartnerReturn(
            organisation=poh,
            municipality=dordrecht,
            period_start=datetime.date(2023, 1, 1),
            period_end=datetime.date(2023, 12, 31),
            persons=18,
            helped=17,
            referred_on=1,
        )
    )
    data = {
        "organisation": poh.pk,
        "municipality": dordrecht.pk,
        "period_start": "2023-12-01",
        "period_end": "2024-06-30",
        "persons": 4,
        "helped": 4,
        "referred_on": 0,
        "referred_to_kind": "",
    }
    url = reverse("admin:referrals_partnerreturn_add")
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert "01-01-2023" in response.content.decode()
    assert PartnerReturn.objects.count() == 1
    # Changing the existing return itself is no overlap with itself.
    change = reverse("admin:referrals_partnerreturn_change", args=[existing.pk])
    response = superuser_client.post(
        change, {**data, "period_start": "2023-01-01", "period_end": "2023-12-31", "persons": 18}
    )
    assert response.status_code == 302
    existing.refresh_from_db()
    assert (existing.persons, existing.helped, existing.referred_on) == (18, 4, 0)
    data["period_start"] = "2024-01-01"
    assert superuser_client.post(url, data).status_code == 302
    assert PartnerReturn.objects.count() == 2
