"""Data a dashboard can rest on: implausible counts, dates and text are refused in Dutch, by
the services, the forms and (bypassing both) the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from intake import services
from intake.constants import Outcome, TrajectStatus, WhoCame
from intake.models import Activity, Location, Session, Traject, Visit
from referrals.constants import Question
from referrals.models import Organisation
from relatieloket.roles import Role

from .factories import (
    ActivityFactory,
    DeskFactory,
    LocationFactory,
    SessionFactory,
    TrajectFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def desk(db):
    sko = Organisation.objects.get(name="Adviespunt Scheiden, Kind en Ouderschap")
    return DeskFactory(name="Adviespunt SKO Dordrecht", organisation=sko)


@pytest.fixture
def counsellor(client, make_user, desk):
    user = make_user(Role.COUNSELLOR, desks=[desk])
    client.force_login(user)
    return user


def _visit(desk, **fields):
    values = {
        "desk": desk,
        "date": TODAY,
        "channel": "inloop",
        "who_came": WhoCame.ONE_PARTNER,
        "women": 1,
        "men": 0,
        "other_gender": 0,
        "question": Question.RESTORE,
        "outcome": Outcome.HELPED,
        **fields,
    }
    return services.visit_create(created_by=None, **values)


def _visit_post(**extra):
    return {
        "date": TODAY.isoformat(),
        "channel": "inloop",
        "who_came": "een_partner",
        "women": "1",
        "men": "0",
        "other_gender": "0",
        "age_band": "35_44",
        "question": "herstellen",
        "track": "A",
        "outcome": "op_weg_geholpen",
        **extra,
    }


def _errors(excinfo):
    return excinfo.value.message_dict


# --- persons per visit ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who_came", "women", "men", "other", "ok"),
    [
        (WhoCame.ONE_PARTNER, 1, 0, 0, True),
        (WhoCame.ONE_PARTNER, 0, 0, 1, True),
        (WhoCame.ONE_PARTNER, 1, 1, 0, False),
        (WhoCame.BOTH_PARTNERS, 1, 1, 0, True),
        (WhoCame.BOTH_PARTNERS, 2, 0, 0, True),
        (WhoCame.BOTH_PARTNERS, 1, 0, 0, False),
        (WhoCame.EX_PARTNERS, 1, 2, 0, False),
        (WhoCame.PARENT_WITH_OTHER, 1, 0, 0, False),
        (WhoCame.PARENT_WITH_OTHER, 2, 1, 1, True),
    ],
)
def test_persons_match_who_came_in_the_service(desk, who_came, women, men, other, ok):
    fields = {"who_came": who_came, "women": women, "men": men, "other_gender": other}
    if ok:
        assert _visit(desk, **fields).persons == women + men + other
    else:
        with pytest.raises(ValidationError) as excinfo:
            _visit(desk, **fields)
        assert list(_errors(excinfo)) == ["who_came"]
        assert not Visit.objects.exists()


def test_one_partner_with_100000_women_is_refused_in_dutch(desk):
    with pytest.raises(ValidationError) as excinfo:
        _visit(desk, women=100000)
    errors = _errors(excinfo)
    assert errors["women"] == ["Zorg ervoor dat deze waarde hoogstens 20 is."]
    assert errors["who_came"] == [
        "“één partner” is 1 persoon, maar vrouwen, mannen en anders/onbekend tellen op tot 100000."
    ]
    assert not Visit.objects.exists()


def test_the_visit_form_shows_the_persons_message_and_saves_nothing(client, counsellor):
    response = client.post(reverse("intake:visit_create"), _visit_post(women="1", men="1"))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "“één partner” is 1 persoon, maar vrouwen, mannen en anders/onbekend tellen op tot 2."
        in (page)
    )
    response = client.post(
        reverse("intake:visit_create"), _visit_post(who_came="beide_partners", women="1")
    )
    assert "“beide partners” zijn 2 personen" in response.content.decode()
    response = client.post(
        reverse("intake:visit_create"), _visit_post(women="32767", children="31")
    )
    page = response.content.decode()
    assert "hoogstens 20" in page and "hoogstens 30" in page
    assert not Visit.objects.exists()


# --- text -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Gesprek\x00", "bel\x07", "\x1b[31mrood", "x\x85y"])
def test_control_characters_are_refused_in_notes_titles_and_names(desk, text):
    with pytest.raises(ValidationError) as excinfo:
        _visit(desk, notes=text)
    assert "onzichtbare stuurtekens" in _errors(excinfo)["notes"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.activity_save(
            activity=Activity(
                desk=desk, date=TODAY, kind="webinar", audience="inwoners", attendees=3, title=text
            )
        )
    assert "onzichtbare stuurtekens" in _errors(excinfo)["title"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.location_create(desk=desk, name=f"Brouwersdijk {text}")
    assert "onzichtbare stuurtekens" in _errors(excinfo)["name"][0]
    assert not Visit.objects.exists() and not Activity.objects.exists()
    assert not Location.objects.exists()


def test_tabs_and_line_breaks_stay_allowed(desk):
    assert _visit(desk, notes="Eerste regel\r\nTweede\tregel").notes.count("\n") == 1


def test_the_form_shows_the_control_character_message(client, counsellor):
    response = client.post(reverse("intake:visit_create"), _visit_post(notes="kort\x07"))
    assert response.status_code == 200
    assert "onzichtbare stuurtekens" in response.content.decode()
    assert not Visit.objects.exists()


# --- attendees ------------------------------------------------------------------------------


def test_attendees_are_bounded(client, counsellor, desk):
    with pytest.raises(ValidationError) as excinfo:
        services.activity_save(
            activity=Activity(
                desk=desk, date=TODAY, kind="webinar", audience="inwoners", attendees=2147483647
            )
        )
    assert "attendees" in _errors(excinfo)
    response = client.post(
        reverse("intake:activity_create"),
        {"date": TODAY.isoformat(), "kind": "webinar", "audience": "inwoners", "attendees": "2001"},
    )
    assert "hoogstens 2000" in response.content.decode()
    assert not Activity.objects.exists()


# --- dates ----------------------------------------------------------------------------------


def test_work_is_not_dated_after_today(desk):
    with pytest.raises(ValidationError) as excinfo:
        _visit(desk, date=TOMORROW)
    assert _errors(excinfo)["date"] == [
        f"Deze datum ligt in de toekomst; kies {TODAY:%d-%m-%Y} of eerder."
    ]
    traject = TrajectFactory(desk=desk, started_on=TODAY - 10 * DAY)
    with pytest.raises(ValidationError) as excinfo:
        services.session_create(traject=traject, date=TOMORROW)
    assert "toekomst" in _errors(excinfo)["date"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.traject_close(
            traject=traject,
            status=TrajectStatus.COMPLETED,
            closing_outcome=Outcome.HELPED,
            closed_on=TOMORROW,
        )
    assert "toekomst" in _errors(excinfo)["closed_on"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.activity_save(
            activity=Activity(
                desk=desk, date=TOMORROW, kind="webinar", audience="inwoners", attendees=3
            )
        )
    assert "toekomst" in _errors(excinfo)["date"][0]
    assert not Visit.objects.exists() and not Session.objects.exists()
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.RUNNING


def test_a_few_days_ahead_when_configured(desk):
    with override_settings(FUTURE_DATE_TOLERANCE_DAYS=3):
        assert _visit(desk, date=TODAY + 3 * DAY).date == TODAY + 3 * DAY
        with pytest.raises(ValidationError):
            _visit(desk, date=TODAY + 4 * DAY)


def test_the_visit_form_refuses_a_future_date_and_its_picker_ends_today(client, counsellor):
    page = client.get(reverse("intake:visit_create")).content.decode()
    assert f'max="{TODAY.isoformat()}"' in page
    response = client.post(reverse("intake:visit_create"), _visit_post(date="2027-06-01"))
    assert response.status_code == 200
    assert "Deze datum ligt in de toekomst" in response.content.decode()
    assert not Visit.objects.exists()


def test_no_work_before_the_desk_opened_or_after_it_closed(desk):
    desk.opened_on, desk.closed_on = TODAY - 100 * DAY, TODAY - 10 * DAY
    desk.save()
    with pytest.raises(ValidationError) as excinfo:
        _visit(desk, date=TODAY - 101 * DAY)
    assert _errors(excinfo)["date"] == [
        f"Adviespunt SKO Dordrecht is geopend op {desk.opened_on:%d-%m-%Y}; kies een datum "
        "vanaf dan."
    ]
    with pytest.raises(ValidationError) as excinfo:
        _visit(desk, date=TODAY - 9 * DAY)
    assert "is gesloten op" in _errors(excinfo)["date"][0]
    # Late entry of work done while it was open is fine: a closed desk keeps its figures.
    assert _visit(desk, date=TODAY - 10 * DAY).date == TODAY - 10 * DAY
    with pytest.raises(ValidationError) as excinfo:
        services.activity_save(
            activity=Activity(
                desk=desk, date=TODAY - 5 * DAY, kind="webinar", audience="inwoners", attendees=3
            )
        )
    assert "is gesloten op" in _errors(excinfo)["date"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.traject_create(desk=desk, started_on=TODAY - 200 * DAY)
    assert "is geopend op" in _errors(excinfo)["started_on"][0]
    assert Visit.objects.count() == 1 and not Activity.objects.exists()


def test_a_closed_desk_drops_out_of_the_visit_form_and_shows_as_closed(client, make_user, desk):
    closed = DeskFactory(name="Loket Genemuiden", closed_on=TODAY - 30 * DAY)
    user = make_user(Role.COORDINATOR, desks=[desk, closed])
    client.force_login(user)
    page = client.get(reverse("intake:visit_create")).content.decode()
    assert "Adviespunt SKO Dordrecht" in page and "Genemuiden" not in page
    assert client.get(f"{reverse('intake:visit_create')}?loket={closed.pk}").status_code == 404
    response = client.post(reverse("intake:visit_create"), _visit_post(desk=closed.pk))
    assert response.status_code == 404
    assert not Visit.objects.exists()
    closed_since = f"gesloten sinds {closed.closed_on.day}"
    assert closed_since in client.get(reverse("intake:location_list")).content.decode()
    start = client.get(reverse("intake:start")).content.decode()
    assert closed_since in start
    assert f"?loket={closed.pk}" not in start  # no "log a visit" for the closed desk
    # Its figures stay: an old visit is still listed.
    VisitFactory(desk=closed, date=TODAY - 40 * DAY)
    assert "Loket Genemuiden" in client.get(reverse("intake:visit_list")).content.decode()


def test_a_closed_desks_visit_cannot_be_moved_after_it_closed(client, make_user):
    closed = DeskFactory(closed_on=TODAY - 30 * DAY)
    visit = VisitFactory(desk=closed, date=TODAY - 40 * DAY)
    client.force_login(make_user(Role.COUNSELLOR, desks=[closed]))
    response = client.post(
        reverse("intake:visit_edit", args=[visit.pk]),
        _visit_post(date=(TODAY - 20 * DAY).isoformat()),
    )
    assert response.status_code == 200
    assert "is gesloten op" in response.content.decode()
    visit.refresh_from_db()
    assert visit.date == TODAY - 40 * DAY


# --- trajects -------------------------------------------------------------------------------


def test_a_traject_closes_on_or_after_its_last_session(client, counsellor, desk):
    traject = TrajectFactory(desk=desk, started_on=TODAY - 30 * DAY)
    services.session_create(traject=traject, date=TODAY - 5 * DAY)
    with pytest.raises(ValidationError) as excinfo:
        services.traject_close(
            traject=traject,
            status=TrajectStatus.COMPLETED,
            closing_outcome=Outcome.HELPED,
            closed_on=TODAY - 6 * DAY,
        )
    assert _errors(excinfo)["closed_on"] == [
        f"Het laatste gesprek was op {TODAY - 5 * DAY:%d-%m-%Y}; een traject sluit op of na "
        "die dag."
    ]
    response = client.post(
        reverse("intake:traject_close", args=[traject.pk]),
        {
            "status": "afgerond",
            "closing_outcome": "op_weg_geholpen",
            "closed_on": (TODAY - 6 * DAY).isoformat(),
        },
        follow=True,
    )
    assert "een traject sluit op of na die dag" in response.content.decode()
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.RUNNING
    services.traject_close(
        traject=traject,
        status=TrajectStatus.COMPLETED,
        closing_outcome=Outcome.HELPED,
        closed_on=TODAY - 5 * DAY,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.traject_update(
            traject=traject, started_on=traject.started_on, closed_on=TODAY - 7 * DAY
        )
    assert "closed_on" in _errors(excinfo)
    # A session of a closed traject cannot move past its closing day.
    session = traject.sessions.get()
    with pytest.raises(ValidationError) as excinfo:
        services.session_update(session=session, date=TODAY - 2 * DAY)
    assert "Het traject is afgesloten op" in _errors(excinfo)["date"][0]


# --- the database, bypassing forms and services ----------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"who_came": WhoCame.ONE_PARTNER, "women": 2},
        {"who_came": WhoCame.BOTH_PARTNERS, "women": 1},
        {"who_came": WhoCame.EX_PARTNERS, "women": 3},
        {"who_came": WhoCame.PARENT_WITH_OTHER, "women": 1},
        {"who_came": WhoCame.PARENT_WITH_OTHER, "women": 21, "men": 1},
        {"women": 1, "children": 31},
        {"women": 1, "duration_minutes": 601},
    ],
)
def test_database_refuses_implausible_visits(desk, fields):
    values = {"who_came": WhoCame.ONE_PARTNER, **fields}
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(
            desk=desk,
            date=TODAY,
            channel="inloop",
            question=Question.RESTORE,
            outcome=Outcome.HELPED,
            **values,
        )


def test_database_refuses_too_many_attendees_and_too_long_sessions(desk):
    activity = ActivityFactory(desk=desk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(attendees=2001)
    session = SessionFactory(traject=TrajectFactory(desk=desk), number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(minutes=481)
    Activity.objects.filter(pk=activity.pk).update(attendees=2000)
    assert Traject.objects.count() == 1


def test_the_visit_string_describes_it_without_its_number(desk):
    visit = VisitFactory(desk=desk, date=datetime.date(2025, 3, 14))
    assert str(visit) == "Adviespunt SKO Dordrecht 14-03-2025"
    assert LocationFactory(desk=desk, name="Brouwersdijk").name == "Brouwersdijk"


def test_the_session_and_activity_forms_show_the_date_messages(client, counsellor, desk):
    desk.opened_on = TODAY - 50 * DAY
    desk.save()
    traject = TrajectFactory(desk=desk, started_on=TODAY - 10 * DAY)
    response = client.post(
        reverse("intake:session_add", args=[traject.pk]),
        {"date": TOMORROW.isoformat(), "minutes": "90", "attendance": "beide_partners"},
    )
    assert response.status_code == 400
    assert "Deze datum ligt in de toekomst" in response.content.decode()
    response = client.post(
        reverse("intake:activity_create"),
        {
            "date": (TODAY - 60 * DAY).isoformat(),
            "kind": "webinar",
            "audience": "inwoners",
            "attendees": "12",
        },
    )
    assert "Adviespunt SKO Dordrecht is geopend op" in response.content.decode()
    assert not Session.objects.exists() and not Activity.objects.exists()
