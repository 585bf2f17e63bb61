"""A traject as a counsellor runs it: started in one step from track B, same-day sessions
pointed out, a prompt to close at five of five, closing outcomes that make sense."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from intake import services
from intake.constants import CLOSING_OUTCOMES, Outcome, TrajectStatus
from intake.models import Traject, Visit
from relatieloket.roles import Role

from .factories import DeskFactory, TrajectFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 3, 3)


@pytest.fixture
def desk(db):
    return DeskFactory()


@pytest.fixture
def counsellor(client, make_user, desk):
    client.force_login(make_user(Role.COUNSELLOR, desks=[desk]))
    return client


def _visit_post(**extra):
    return {
        "date": START.isoformat(),
        "channel": "inloop",
        "who_came": "beide_partners",
        "women": "1",
        "men": "1",
        "other_gender": "0",
        "age_band": "onbekend",
        "question": "herstellen",
        "track": "B",
        "outcome": "traject_gestart",
        **extra,
    }


def test_track_b_with_traject_started_starts_the_traject_in_one_step(counsellor, desk):
    response = counsellor.post(
        reverse("intake:visit_create") + f"?loket={desk.pk}", _visit_post(), follow=True
    )
    visit = Visit.objects.get()
    traject = Traject.objects.get()
    assert traject.visit == visit and traject.started_on == START
    assert traject.status == TrajectStatus.RUNNING
    html = response.content.decode()
    assert f"Traject {traject.code} gestart" in html
    assert reverse("intake:traject_detail", args=[traject.pk]) in html
    # Track A or another outcome starts nothing.
    counsellor.post(
        reverse("intake:visit_create"), _visit_post(track="A", outcome="op_weg_geholpen")
    )
    assert Traject.objects.count() == 1


def test_changing_a_visit_to_track_b_with_traject_started_starts_it(counsellor, desk):
    counsellor.post(
        reverse("intake:visit_create"), _visit_post(track="A", outcome="op_weg_geholpen")
    )
    visit = Visit.objects.get()
    assert not Traject.objects.exists()
    counsellor.post(reverse("intake:visit_edit", args=[visit.pk]), _visit_post())
    assert Traject.objects.get().visit == visit
    # Saved again: still one traject.
    counsellor.post(reverse("intake:visit_edit", args=[visit.pk]), _visit_post())
    assert Traject.objects.count() == 1


def _add_session(client, traject, day):
    return client.post(
        reverse("intake:session_add", args=[traject.pk]),
        {"date": day.isoformat(), "minutes": "90", "attendance": "beide_partners"},
        follow=True,
    )


def test_same_day_sessions_are_pointed_out_and_five_of_five_prompts_to_close(counsellor, desk):
    traject = TrajectFactory(desk=desk, started_on=START)
    first = _add_session(counsellor, traject, START).content.decode()
    assert "op dezelfde dag" not in first
    second = _add_session(counsellor, traject, START).content.decode()
    assert "Gesprek 2 is op dezelfde dag als gesprek 1" in second
    assert second.count('data-testid="same-day"') == 2
    for week in (1, 2, 3):
        page = _add_session(counsellor, traject, START + datetime.timedelta(weeks=week))
    html = page.content.decode()
    assert 'data-testid="traject-full"' in html
    assert "Sluit het traject nu af" in html
    # The closing form proposes "completed" on the day of the last session.
    close_form = page.context["close_form"]
    assert close_form.initial["status"] == TrajectStatus.COMPLETED
    assert close_form.initial["closed_on"] == START + datetime.timedelta(weeks=3)


def test_traject_started_is_no_closing_outcome(counsellor, desk):
    traject = TrajectFactory(desk=desk, started_on=START)
    html = counsellor.get(reverse("intake:traject_detail", args=[traject.pk])).content.decode()
    assert 'value="traject_gestart"' not in html
    assert set(CLOSING_OUTCOMES) == {
        "op_weg_geholpen",
        "doorverwezen",
        "geen_vervolg",
    }
    response = counsellor.post(
        reverse("intake:traject_close", args=[traject.pk]),
        {"status": "afgerond", "closing_outcome": "traject_gestart", "closed_on": "2025-04-01"},
    )
    assert response.status_code in (200, 400)
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.RUNNING
    with pytest.raises(ValidationError):
        services.traject_close(
            traject=traject, status="afgerond", closing_outcome=Outcome.TRAJECT_STARTED
        )
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.RUNNING
