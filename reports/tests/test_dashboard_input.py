"""The dashboard and its exports with hostile input: extreme or junk periods are form errors
(never a 500), and text cells never become live spreadsheet formulas."""

import csv
import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from intake import services as intake_services
from intake.models import LifeEvent
from intake.tests.factories import DeskFactory
from referrals.models import Municipality
from referrals.validators import latest_date
from relatieloket.roles import Role
from relatieloket.spreadsheet import FORMULA_START
from reports.dashboard import exports

pytestmark = pytest.mark.django_db
PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}
FORMULA = '=HYPERLINK("http://x","y")'


@pytest.fixture
def hia(db):
    return Municipality.objects.get(cbs_code="GM0531")


@pytest.fixture
def policy(client, make_user, hia):
    client.force_login(make_user(Role.POLICY, municipalities=[hia]))
    return client


@pytest.mark.parametrize(
    "period",
    [
        {"start": "0001-01-01", "end": "2024-12-31"},
        {"start": "2024-01-01", "end": "9999-12-31"},
        {"start": "0001-01-01", "end": "9999-12-31"},
        {"start": "1999-12-31", "end": "2024-12-31"},
        {"start": "zzz", "end": "2024-12-31"},
        {"start": "2024-01-01", "end": "2024-13-45"},
        {"start": "2024-01-01", "end": "2024-12-31", "municipality": "zzz"},
        {"start": "2024-01-01", "end": "2024-12-31", "desk": "-1"},
    ],
)
def test_extreme_or_junk_periods_are_form_errors_on_the_dashboard_and_export(policy, period):
    response = policy.get(reverse("reports:start"), period)
    assert response.status_code == 200
    assert response.context["form"].errors and "figures" not in response.context
    for fmt in ("csv", "xlsx"):
        response = policy.get(
            reverse("reports:export"), {**period, "tabel": "vragen", "formaat": fmt}
        )
        assert response.status_code == 400
        assert response.context["form"].errors
        assert "Content-Disposition" not in response


def test_the_whole_sensible_range_works(policy):
    period = {"start": "2000-01-01", "end": latest_date().isoformat()}
    assert policy.get(reverse("reports:start"), period).context["figures"]
    response = policy.get(reverse("reports:export"), {**period, "formaat": "csv"})
    assert response.status_code == 200 and "Content-Disposition" in response


def test_the_message_names_the_range_in_dutch(policy):
    response = policy.get(reverse("reports:start"), {"start": "0001-01-01", "end": "2024-12-31"})
    html = response.content.decode()
    assert "01-01-2000" in html and latest_date().strftime("%d-%m-%Y") in html


@pytest.fixture
def formula_visit(hia):
    desk = DeskFactory(municipality=hia)
    event = LifeEvent.objects.create(name=FORMULA)
    minus = LifeEvent.objects.create(name="-1+1")
    for day in (3, 4):
        intake_services.visit_create(
            created_by=None,
            desk=desk,
            date=datetime.date(2024, 3, day),
            channel="inloop",
            who_came="een_partner",
            women=1,
            question="twijfels",
            outcome="op_weg_geholpen",
            life_events=[event, minus],
        )
    return desk


def test_a_formula_in_a_label_is_text_in_the_csv(policy, formula_visit):
    params = {**PERIOD, "tabel": "life-events", "formaat": "csv"}
    response = policy.get(reverse("reports:export"), params)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["'" + FORMULA, "2"] in rows and ["'-1+1", "2"] in rows
    assert not any(cell.startswith(FORMULA_START) for row in rows for cell in row[:1])


def test_a_formula_in_a_label_is_a_text_cell_in_the_xlsx(policy, formula_visit):
    params = {**PERIOD, "tabel": "life-events", "formaat": "xlsx"}
    response = policy.get(reverse("reports:export"), params)
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=5)}
    label, count = cells[FORMULA]
    assert label.data_type == "s" and label.value == FORMULA
    assert count.data_type == "n" and count.value == 2
    assert cells["-1+1"][0].data_type == "s"
    # Nowhere in the file is there a formula element.
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_numbers_stay_numbers_and_figures_stay_as_written():
    rows = [["Verschil", -5], ["Verschil in procenten", "-5%"], ["Groei", "+19%"], ["=1+1", 1.5]]
    workbook = load_workbook(
        io.BytesIO(exports.as_xlsx([["Titel"]], ["Naam", "Waarde"], rows, None))
    )
    values = [(c.value, c.data_type) for row in workbook.active.iter_rows(min_row=3) for c in row]
    assert values == [
        ("Verschil", "s"),
        (-5, "n"),
        ("Verschil in procenten", "s"),
        ("-5%", "s"),
        ("Groei", "s"),
        ("+19%", "s"),
        ("=1+1", "s"),
        (1.5, "n"),
    ]
    text = exports.as_csv([], ["Naam", "Waarde"], rows, None).decode("utf-8-sig")
    assert "Verschil;-5\r\n" in text and "-5%" in text and "'=1+1;1.5" in text
    for value in ("=1", "+A1", "-A1", "@SUM(A1)", "\tx", "\rx"):
        assert exports.is_formula_like(value), value
    for value in ("-5", "+19%", "-1.250,5", "5", "x", "< 5", "–", -3):
        assert not exports.is_formula_like(value), value
