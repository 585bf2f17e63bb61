"""Dashboard states that say what they mean: an empty selection, a desk outside the chosen
municipality, costs without a tariff; and an export whose name says it is for publication."""

import datetime

import pytest
from django.urls import reverse

from intake.tests.factories import DeskFactory, TrajectFactory, VisitFactory
from referrals.models import Municipality
from relatieloket.roles import Role

pytestmark = pytest.mark.django_db
PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}


@pytest.fixture
def hia(db):
    return Municipality.objects.get(cbs_code="GM0531")


@pytest.fixture
def dordrecht(db):
    return Municipality.objects.get(cbs_code="GM0505")


@pytest.fixture
def policy(client, make_user, hia, dordrecht):
    client.force_login(make_user(Role.POLICY, municipalities=[hia, dordrecht]))
    return client


@pytest.fixture
def desk(hia):
    desk = DeskFactory(name="Relatieloket Hendrik-Ido-Ambacht", municipality=hia)
    for day in range(1, 7):
        VisitFactory(desk=desk, date=datetime.date(2024, 3, day))
    TrajectFactory(desk=desk, started_on=datetime.date(2024, 3, 2))
    return desk


def test_the_publication_export_says_so_in_its_file_name(policy, desk, hia):
    params = {**PERIOD, "municipality": hia.pk, "tabel": "vragen"}
    exact = policy.get(reverse("reports:export"), {**params, "formaat": "xlsx"})
    safe = policy.get(reverse("reports:export"), {**params, "formaat": "xlsx", "publicatie": "1"})
    csv_safe = policy.get(
        reverse("reports:export"), {**params, "formaat": "csv", "publicatie": "1"}
    )
    assert exact["Content-Disposition"].endswith('2024-12-31.xlsx"')
    assert "_publicatie" not in exact["Content-Disposition"]
    assert safe["Content-Disposition"].endswith('2024-01-01_2024-12-31_publicatie.xlsx"')
    assert csv_safe["Content-Disposition"].endswith('_publicatie.csv"')


def test_an_empty_selection_says_so_instead_of_zeros_and_axes(policy, desk):
    response = policy.get(reverse("reports:start"), {"start": "2023-01-01", "end": "2023-01-31"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="empty"' in page
    assert "Geen contacten, trajecten of activiteiten voor" in page
    assert "<svg" not in page and 'data-testid="key-figures"' not in page
    full = policy.get(reverse("reports:start"), PERIOD).content.decode()
    assert 'data-testid="key-figures"' in full and "Geen contacten, trajecten" not in full


def test_costs_without_a_tariff_are_no_tariff_not_zero_euro(policy, desk):
    page = policy.get(reverse("reports:start"), PERIOD).content.decode()
    assert "geen tarief" in page and "€ 0 / € 0" not in page
    desk.tariff_per_traject = 1000
    desk.save()
    page = policy.get(reverse("reports:start"), PERIOD).content.decode()
    assert "geen tarief" not in page and "€ 1.000" in page


def test_a_desk_outside_the_chosen_municipality_is_a_clear_message(policy, desk, dordrecht):
    response = policy.get(
        reverse("reports:start"), {**PERIOD, "municipality": dordrecht.pk, "desk": desk.pk}
    )
    page = response.content.decode()
    assert "Relatieloket Hendrik-Ido-Ambacht is geen loket van Dordrecht" in page
    assert response.context.get("figures") is None


def test_the_key_figures_export_says_no_tariff_too(policy, desk, hia):
    params = {**PERIOD, "municipality": hia.pk, "tabel": "kerncijfers", "formaat": "csv"}

    def costs_line():
        content = policy.get(reverse("reports:export"), params).content.decode("utf-8-sig")
        return next(line for line in content.splitlines() if line.startswith("Kosten;"))

    assert "geen tarief" in costs_line()
    desk.tariff_per_traject = 1000
    desk.save()
    assert "geen tarief" not in costs_line() and "1.000" in costs_line()
