"""One rule for the period of the dashboard and of a council letter: within the data's range,
with a clear Dutch message instead of an empty chart with odd axes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from intake.models import Desk
from intake.tests.factories import DeskFactory, VisitFactory
from referrals.models import Municipality
from relatieloket.roles import Role
from reports import services
from reports.dashboard.forms import DashboardFilterForm
from reports.models import CouncilReport
from reports.periods import period_errors

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)


@pytest.fixture
def hia(db):
    return Municipality.objects.get(cbs_code="GM0531")


@pytest.fixture
def policy(client, make_user, hia):
    client.force_login(make_user(Role.POLICY, municipalities=[hia]))
    return client


def test_the_rule_itself():
    assert period_errors(TODAY, TODAY) == {}
    assert list(period_errors(TODAY, TODAY - datetime.timedelta(days=1))) == ["end"]
    assert list(period_errors(TOMORROW, TOMORROW, start_field="period_start")) == ["period_start"]


def test_a_dashboard_period_after_today_is_a_message_not_an_empty_chart(policy):
    response = policy.get(
        reverse("reports:start"),
        {"start": f"{TODAY.year + 1}-01-01", "end": f"{TODAY.year + 1}-12-31"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Deze periode begint na vandaag ({TODAY:%d-%m-%Y}): er zijn nog geen cijfers." in page
    assert "<svg" not in page.split("</form>", 1)[-1]  # no chart drawn for it
    assert 'role="alert"' in page and 'href="#id_start"' in page  # the one error summary


def test_a_desk_outside_the_chosen_municipality_is_a_message(policy, hia):
    dordrecht = Municipality.objects.get(cbs_code="GM0505")
    desk = DeskFactory(name="Adviespunt SKO Dordrecht", municipality=dordrecht)
    form = DashboardFilterForm(
        {"start": "2024-01-01", "end": "2024-12-31", "municipality": hia.pk, "desk": desk.pk},
        municipalities=Municipality.objects.filter(pk__in=[hia.pk, dordrecht.pk]),
        desks=Desk.objects.all(),
    )
    assert not form.is_valid()
    assert form.errors["desk"] == [
        "Adviespunt SKO Dordrecht is geen loket van Hendrik-Ido-Ambacht: kies een van de loketten "
        "daar of “Alle loketten”."
    ]


def test_a_letter_period_outside_the_data_is_refused_by_the_service(hia):
    VisitFactory(desk=DeskFactory(municipality=hia), date=datetime.date(2023, 10, 2))
    fields = {"municipality": hia, "title": "Relatieloket"}
    with pytest.raises(ValidationError) as excinfo:
        services.report_create(period_start=TOMORROW, period_end=TOMORROW, **fields)
    assert "begint na vandaag" in excinfo.value.message_dict["period_start"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.report_create(
            period_start=datetime.date(2020, 1, 1), period_end=datetime.date(2020, 12, 31), **fields
        )
    assert excinfo.value.message_dict["period_end"] == [
        "De periode eindigt vóór het eerste vastgelegde werk (02-10-2023)."
    ]
    assert not CouncilReport.objects.exists()
    report = services.report_create(
        period_start=datetime.date(2023, 1, 1), period_end=datetime.date(2023, 12, 31), **fields
    )
    with pytest.raises(ValidationError):
        services.report_update(report=report, period_end=datetime.date(2022, 12, 31))


def test_the_letter_form_shows_the_period_message(client, make_user, hia):
    VisitFactory(desk=DeskFactory(municipality=hia), date=datetime.date(2023, 10, 2))
    client.force_login(make_user(Role.POLICY, municipalities=[hia]))
    response = client.post(
        reverse("reports:council_create"),
        {
            "municipality": hia.pk,
            "title": "Relatieloket",
            "period_start": "2019-01-01",
            "period_end": "2019-12-31",
        },
    )
    assert response.status_code == 200
    assert "De periode eindigt vóór het eerste vastgelegde werk (02-10-2023)." in (
        response.content.decode()
    )
    assert not CouncilReport.objects.exists()
