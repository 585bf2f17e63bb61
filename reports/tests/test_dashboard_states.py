"""Dashboard states that say what they mean: an empty selection, a desk outside the chosen
municipality, costs of trajects at a desk without a tariff (unknown, never € 0); and an export
whose name says it is for publication."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse

from intake.tests.factories import DeskFactory, TrajectFactory, VisitFactory
from referrals.models import Municipality
from relatieloket.roles import Role
from reports.models import Budget

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


def _costs(page):
    """The key figures' costs and budget cells and the note under the table, as text."""
    cells = re.findall(
        r'<th scope="row">(?:Kosten / per traject|Budget / besteed)</th><td[^>]*>([^<]*)</td>', page
    )
    note = re.search(r'<p class="small" data-testid="costs-unknown">(.*?)</p>', page, re.S)
    return cells, " ".join(note.group(1).split()) if note else None


def test_costs_of_trajects_at_a_desk_without_a_tariff_are_unknown_not_zero_euro(policy, desk, hia):
    Budget.objects.filter(municipality=hia, year=2024).update(amount=10000)
    page = policy.get(reverse("reports:start"), PERIOD).content.decode()
    cells, note = _costs(page)
    assert cells == ["onbekend", "€ 10.000 / onbekend"]
    assert note == (
        "De kosten van 1 gestart traject zijn onbekend: voor Relatieloket Hendrik-Ido-Ambacht "
        "is geen tarief ingesteld. De functioneel beheerder stelt een tarief per traject of per "
        "gespreksuur in bij het loket (beheer: Intake › Loketten); kosten worden nooit geschat."
    )
    # A second desk with a tariff: its trajects are costed, the first desk's stay unknown.
    other = DeskFactory(name="Tweede loket", municipality=hia, tariff_per_traject=1000)
    TrajectFactory(desk=other, started_on=datetime.date(2024, 4, 2))
    TrajectFactory(desk=other, started_on=datetime.date(2024, 5, 2))
    page = policy.get(reverse("reports:start"), PERIOD).content.decode()
    cells, note = _costs(page)
    assert cells == ["€ 2.000 / € 1.000 voor 2 van de 3 trajecten", "€ 10.000 / onbekend"]
    assert note.startswith(
        "De kosten van 1 gestart traject zijn onbekend: voor Relatieloket Hendrik-Ido-Ambacht"
    )
    # Once the desk has a tariff every cost is known, and the note is gone.
    desk.tariff_per_traject = 500
    desk.save()
    page = policy.get(reverse("reports:start"), PERIOD).content.decode()
    assert _costs(page) == (["€ 2.500 / € 833,33", "€ 10.000 / 25%"], None)


def test_without_trajects_and_without_a_tariff_the_costs_read_no_tariff(policy, desk):
    # Visits from 3 March on, the traject started on 2 March.
    page = policy.get(reverse("reports:start"), {"start": "2024-03-03", "end": "2024-03-31"})
    page = page.content.decode()
    assert _costs(page)[0][0] == "geen tarief" and "€ 0 / € 0" not in page


def test_a_desk_outside_the_chosen_municipality_is_a_clear_message(policy, desk, dordrecht):
    response = policy.get(
        reverse("reports:start"), {**PERIOD, "municipality": dordrecht.pk, "desk": desk.pk}
    )
    page = response.content.decode()
    assert "Relatieloket Hendrik-Ido-Ambacht is geen loket van Dordrecht" in page
    assert response.context.get("figures") is None


def test_the_key_figures_export_says_the_costs_are_unknown_too(policy, desk, hia):
    params = {**PERIOD, "municipality": hia.pk, "tabel": "kerncijfers", "formaat": "csv"}
    lines = {}

    def export(**extra):
        content = policy.get(reverse("reports:export"), {**params, **extra}).content
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
        lines.clear()
        lines.update({row[0]: row[1] for row in rows if len(row) > 1})
        return lines

    # Six trajects (publication hides fewer than 5), one at a desk without a tariff.
    other = DeskFactory(name="Tweede loket", municipality=hia, tariff_per_traject=1000)
    for day in range(1, 6):
        TrajectFactory(desk=other, started_on=datetime.date(2024, 4, day))
    export()
    assert lines["Kosten"] == "onbekend: 1 traject bij een loket zonder tarief"
    assert lines["Kosten per traject"] == "€ 1.000"
    assert lines["Budget besteed"] == "onbekend: 1 traject bij een loket zonder tarief"
    # For publication the small count of uncosted trajects is not told.
    export(publicatie="1")
    assert lines["Kosten"] == "onbekend: trajecten bij een loket zonder tarief"
    desk.tariff_per_traject = 1000
    desk.save()
    export()
    assert lines["Kosten"] == "€ 6.000" and lines["Kosten per traject"] == "€ 1.000"
