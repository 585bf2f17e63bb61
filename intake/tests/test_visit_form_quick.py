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

# Measured on a second load (11; 15 before the choice lists were kept per process): session,
# user, second factor, roles, the desk and the desk switch, today's location, the usual channel
# (2), the vocabulary version; none per municipality, location or organisation.
FORM_GET_QUERIES = 11


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
    assert set(names[1:]) == region - {"Dordrecht"}
    assert names[1:] == sorted(names[1:])
    # Any other municipality is typed, with every name as a suggestion (no script needed).
    datalist = re.search(r'<datalist id="id_municipality_other-names">(.*?)</datalist>', html)
    suggested = re.findall(r'<option value="([^"]*)">', datalist.group(1))
    assert {"Nijkerk", "Zwartewaterland"} <= set(suggested)
    assert 'list="id_municipality_other-names"' in html


def _visit_data(**extra):
    return {
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
        **extra,
    }


def test_a_typed_municipality_is_saved_and_an_unknown_name_is_a_dutch_error(counsellor, desk):
    url = reverse("intake:visit_create")
    response = counsellor.post(url, _visit_data(municipality_other="nijkerk "))
    assert response.status_code == 302, response.context["form"].errors
    assert Visit.objects.get().municipality.name == "Nijkerk"
    response = counsellor.post(url, _visit_data(municipality_other="Atlantis"))
    assert response.status_code == 200 and Visit.objects.count() == 1
    assert "Er is geen gemeente met de naam “Atlantis”" in response.content.decode()
    # Editing a visit from far away shows its municipality in the typed field.
    visit = Visit.objects.get()
    html = counsellor.get(reverse("intake:visit_edit", args=[visit.pk])).content.decode()
    assert re.search(r'name="municipality_other"[^>]*value="Nijkerk"', html)


def test_the_form_stays_light_with_342_municipalities(
    counsellor, desk, django_assert_max_num_queries
):
    existing = Municipality.objects.count()
    Municipality.objects.bulk_create(
        Municipality(name=f"Gemeente {i:03d}", cbs_code=f"GM9{i:03d}")
        for i in range(342 - existing)
    )
    url = reverse("intake:visit_create")
    counsellor.get(url)  # the choices are built once for this desk and data version
    with django_assert_max_num_queries(FORM_GET_QUERIES):
        response = counsellor.get(url)
    html = response.content.decode()
    assert len(response.content) < 40_000
    assert html.count('name="municipality"') < 30
    assert html.count("<option value=") >= 342


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
