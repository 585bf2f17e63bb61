"""The visit form asks each thing once: the usual channel chosen, the desk's own municipality
first, one error where "who came" and the counts disagree, one confirmation after saving."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import Visit
from referrals.models import Municipality, Organisation
from relatieloket.roles import Role

from .factories import DeskFactory, LocationFactory, VisitFactory, WeeklyHourFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(dordrecht):
    sko = Organisation.objects.get(name="Adviespunt Scheiden, Kind en Ouderschap")
    desk = DeskFactory(name="Adviespunt SKO Dordrecht", municipality=dordrecht, organisation=sko)
    desk.organisations.add(sko)
    return desk


@pytest.fixture
def counsellor(client, make_user, desk):
    client.force_login(make_user(Role.COUNSELLOR, desks=[desk]))
    return client


def _checked(html, name):
    return re.findall(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"[^>]*checked', html)


def test_the_channel_defaults_to_the_desks_usual_one(counsellor, desk):
    url = reverse("intake:visit_create")
    # No visits yet: a desk without walk-in hours sees residents by appointment ...
    location = LocationFactory(desk=desk, name="Brouwersdijk")
    assert _checked(counsellor.get(url).content.decode(), "channel") == ["afspraak"]
    # ... with a walk-in hour, a walk-in ...
    WeeklyHourFactory(location=location)
    assert _checked(counsellor.get(url).content.decode(), "channel") == ["inloop"]
    # ... and once it has visits, what most of the last three months' visits came by.
    for _ in range(3):
        VisitFactory(desk=desk, location=location, channel="telefoon")
    VisitFactory(desk=desk, location=location, channel="inloop")
    assert _checked(counsellor.get(url).content.decode(), "channel") == ["telefoon"]


def test_the_municipality_list_starts_with_the_desks_own_region(counsellor, desk, dordrecht):
    html = counsellor.get(reverse("intake:visit_create")).content.decode()
    fieldset = re.search(r'<fieldset[^>]*id="id_municipality".*?</fieldset>', html, re.S).group(0)
    labels = [
        re.sub(r"\s+", " ", label).strip()
        for label in re.findall(r"<label[^>]*>(.*?)</label>", fieldset, re.S)
    ]
    names = [label for label in labels if label and label != "onbekend"]
    region = set(
        Municipality.objects.filter(
            organisations__name="Adviespunt Scheiden, Kind en Ouderschap"
        ).values_list("name", flat=True)
    )
    assert names[0] == "Dordrecht"
    first_outside = next(i for i, name in enumerate(names[1:], 1) if name not in region)
    assert set(names[1:first_outside]) == region - {"Dordrecht"}
    assert {"Nijkerk", "Zwartewaterland"} <= set(names[first_outside:])


def test_one_partner_with_no_counts_is_one_error_not_two(counsellor, desk):
    response = counsellor.post(
        reverse("intake:visit_create"),
        {
            "date": timezone.localdate().isoformat(),
            "channel": "inloop",
            "who_came": "een_partner",
            "women": "0",
            "men": "0",
            "other_gender": "0",
            "age_band": "onbekend",
            "question": "versterken",
            "track": "A",
            "outcome": "op_weg_geholpen",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["who_came"], form.errors
    assert len(form.errors["who_came"]) == 1
    assert not Visit.objects.exists()


def test_after_saving_one_confirmation(counsellor, desk):
    response = counsellor.post(
        reverse("intake:visit_create"),
        {
            "date": timezone.localdate().isoformat(),
            "channel": "inloop",
            "who_came": "beide_partners",
            "women": "1",
            "men": "1",
            "other_gender": "0",
            "age_band": "onbekend",
            "question": "versterken",
            "track": "A",
            "outcome": "op_weg_geholpen",
        },
        follow=True,
    )
    html = response.content.decode()
    assert len(re.findall(r">[^<]*opgeslagen[^<]*<", html)) == 1
    assert not list(response.context["messages"])
