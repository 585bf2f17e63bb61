"""Desks that open and close, and walk-in hours every one, two or four weeks (seed 002)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEntry
from intake import services
from intake.constants import IntervalWeeks, Weekday
from intake.models import Desk, WeeklyHour
from intake.selectors import desks_with_schedule, next_walk_ins, walk_in_recurrence
from relatieloket.roles import Role

from .factories import DeskFactory, LocationFactory, WeeklyHourFactory

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime.date(2026, 12, 2)
FRIDAY = datetime.date(2026, 12, 4)


def _dates(walk_ins):
    return [walk_in.date for walk_in in walk_ins]


# --- the database refuses what the forms refuse --------------------------------------------


def test_database_refuses_a_desk_closing_before_it_opened():
    desk = DeskFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Desk.objects.filter(pk=desk.pk).update(
            opened_on=datetime.date(2023, 7, 1), closed_on=datetime.date(2023, 1, 1)
        )
    Desk.objects.filter(pk=desk.pk).update(
        opened_on=datetime.date(2023, 1, 1), closed_on=datetime.date(2023, 1, 1)
    )


@pytest.mark.parametrize(
    ("interval", "first_date"),
    [(3, datetime.date(2026, 12, 4)), (0, None), (2, None), (4, None)],
)
def test_database_refuses_an_hour_with_another_rhythm_or_without_its_first_date(
    interval, first_date
):
    location = LocationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        WeeklyHour.objects.create(
            location=location,
            weekday=Weekday.FRIDAY,
            start=datetime.time(10),
            end=datetime.time(12),
            interval_weeks=interval,
            first_date=first_date,
        )


def test_model_validation_says_in_dutch_what_is_wrong():
    desk = DeskFactory.build(
        municipality=DeskFactory().municipality,
        organisation=None,
        opened_on=datetime.date(2023, 7, 1),
        closed_on=datetime.date(2023, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        desk.full_clean()
    assert "Een loket kan niet sluiten voordat het openging." in str(error.value)

    location = LocationFactory()
    with pytest.raises(ValidationError) as error:
        services.weekly_hour_create(
            location=location,
            weekday=Weekday.FRIDAY,
            start=datetime.time(10),
            end=datetime.time(12),
            interval_weeks=IntervalWeeks.FORTNIGHTLY,
        )
    assert "Geef de eerste datum van een spreekuur dat niet elke week is." in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.weekly_hour_create(
            location=location,
            weekday=Weekday.FRIDAY,
            start=datetime.time(10),
            end=datetime.time(12),
            interval_weeks=IntervalWeeks.FORTNIGHTLY,
            first_date=datetime.date(2026, 12, 3),  # a Thursday
        )
    assert error.value.message_dict == {"first_date": ["De eerste datum moet een vrijdag zijn."]}
    assert not WeeklyHour.objects.exists()


# --- the next walk-in dates ------------------------------------------------------------------


def test_weekly_hour_is_held_every_week_from_today():
    hour = WeeklyHourFactory(weekday=Weekday.FRIDAY)
    assert _dates(next_walk_ins(hour, today=WEDNESDAY, count=3)) == [
        FRIDAY,
        FRIDAY + datetime.timedelta(weeks=1),
        FRIDAY + datetime.timedelta(weeks=2),
    ]
    # On the day itself, today's hour is the first.
    assert _dates(next_walk_ins(hour, today=FRIDAY, count=1)) == [FRIDAY]


def test_fortnightly_hour_counts_its_weeks_from_the_first_date():
    hour = WeeklyHourFactory(
        weekday=Weekday.TUESDAY,
        interval_weeks=IntervalWeeks.FORTNIGHTLY,
        first_date=datetime.date(2026, 11, 24),
    )
    # 24 Nov, 8 Dec, 22 Dec: 1 Dec is not one of its weeks.
    assert _dates(next_walk_ins(hour, today=datetime.date(2026, 11, 30), count=3)) == [
        datetime.date(2026, 12, 8),
        datetime.date(2026, 12, 22),
        datetime.date(2027, 1, 5),
    ]
    assert _dates(next_walk_ins(hour, today=datetime.date(2026, 12, 8), count=1)) == [
        datetime.date(2026, 12, 8)
    ]
    # Before the first date, the first date is the first walk-in.
    assert _dates(next_walk_ins(hour, today=datetime.date(2026, 11, 1), count=2)) == [
        datetime.date(2026, 11, 24),
        datetime.date(2026, 12, 8),
    ]


def test_four_weekly_hour():
    hour = WeeklyHourFactory(
        weekday=Weekday.FRIDAY,
        interval_weeks=IntervalWeeks.FOUR_WEEKLY,
        first_date=datetime.date(2026, 1, 2),
    )
    walk_ins = next_walk_ins(hour, today=WEDNESDAY, count=2)
    # 2 January plus 48 weeks is 4 December.
    assert _dates(walk_ins) == [datetime.date(2026, 12, 4), datetime.date(2027, 1, 1)]
    assert (walk_ins[0].start, walk_ins[0].end, walk_ins[0].location) == (
        hour.start,
        hour.end,
        hour.location,
    )


def test_no_walk_ins_after_the_desk_closed_or_before_it_opened_or_at_an_inactive_location():
    desk = DeskFactory(opened_on=datetime.date(2026, 12, 10), closed_on=datetime.date(2026, 12, 24))
    hour = WeeklyHourFactory(location=LocationFactory(desk=desk), weekday=Weekday.FRIDAY)
    assert _dates(next_walk_ins(hour, today=WEDNESDAY, count=5)) == [
        datetime.date(2026, 12, 11),
        datetime.date(2026, 12, 18),
    ]
    assert next_walk_ins(hour, today=datetime.date(2027, 1, 1), count=5) == []
    hour.location.is_active = False
    hour.location.save()
    assert next_walk_ins(hour, today=WEDNESDAY, count=5) == []


def test_a_desk_merges_its_hours_soonest_first_in_a_fixed_number_of_queries(
    django_assert_max_num_queries, make_user
):
    desk = DeskFactory()
    friday = WeeklyHourFactory(location=LocationFactory(desk=desk), weekday=Weekday.FRIDAY)
    tuesday = WeeklyHourFactory(
        location=LocationFactory(desk=desk),
        weekday=Weekday.TUESDAY,
        interval_weeks=IntervalWeeks.FORTNIGHTLY,
        first_date=datetime.date(2026, 12, 8),
    )
    WeeklyHourFactory(location=LocationFactory(desk=desk, is_active=False), weekday=Weekday.MONDAY)
    user = make_user(Role.COORDINATOR, desks=[desk])
    # Desks, runners, locations, hours, cancelled walk-ins.
    with django_assert_max_num_queries(5):
        [loaded] = list(desks_with_schedule(user=user))
        walk_ins = next_walk_ins(loaded, today=WEDNESDAY, count=4)
    assert [(w.date, w.hour.pk) for w in walk_ins] == [
        (datetime.date(2026, 12, 4), friday.pk),
        (datetime.date(2026, 12, 8), tuesday.pk),
        (datetime.date(2026, 12, 11), friday.pk),
        (datetime.date(2026, 12, 18), friday.pk),
    ]
    assert next_walk_ins(desk, today=WEDNESDAY, count=0) == []


def test_recurrence_in_words_dutch_and_english():
    weekly = WeeklyHourFactory.build(weekday=Weekday.FRIDAY)
    fortnightly = WeeklyHourFactory.build(
        weekday=Weekday.FRIDAY, interval_weeks=IntervalWeeks.FORTNIGHTLY
    )
    four = WeeklyHourFactory.build(weekday=Weekday.TUESDAY, interval_weeks=4)
    with translation.override("nl"):
        assert walk_in_recurrence(weekly) == "elke vrijdag"
        assert fortnightly.recurrence_display() == "één keer per twee weken op vrijdag"
        assert walk_in_recurrence(four) == "één keer per vier weken op dinsdag"
    with translation.override("en"):
        assert walk_in_recurrence(weekly) == "every Friday"
        assert walk_in_recurrence(fortnightly) == "once every two weeks on Friday"


# --- the coordinator enters and edits the rhythm ---------------------------------------------


@pytest.fixture
def coordinator(client, make_user):
    desk = DeskFactory()
    user = make_user(Role.COORDINATOR, desks=[desk])
    client.force_login(user)
    return user


def test_coordinator_adds_a_fortnightly_hour_and_sees_it_in_words(client, coordinator):
    location = LocationFactory(desk=coordinator.desks.get())
    url = reverse("intake:weekly_hour_create", args=[location.pk])
    response = client.post(
        url, {"weekday": "2", "start": "19:00", "end": "21:00", "interval_weeks": "2"}
    )
    assert response.status_code == 200
    assert "Geef de eerste datum van een spreekuur dat niet elke week is." in (
        response.content.decode()
    )
    assert not WeeklyHour.objects.exists()
    response = client.post(
        url,
        {
            "weekday": "2",
            "start": "19:00",
            "end": "21:00",
            "interval_weeks": "2",
            "first_date": "2023-01-17",
        },
        follow=True,
    )
    assert "één keer per twee weken op dinsdag 19:00–21:00" in response.content.decode()
    hour = WeeklyHour.objects.get()
    assert (hour.interval_weeks, hour.first_date) == (2, datetime.date(2023, 1, 17))


def test_coordinator_edits_an_hour_and_the_change_is_audited(client, coordinator):
    hour = WeeklyHourFactory(location=LocationFactory(desk=coordinator.desks.get()))
    url = reverse("intake:weekly_hour_edit", args=[hour.pk])
    page = client.get(url).content.decode()
    assert "Inloopspreekuur wijzigen" in page and 'value="10:00"' in page
    response = client.post(
        url,
        {
            "weekday": "5",
            "start": "09:30",
            "end": "12:00",
            "interval_weeks": "4",
            "first_date": "2026-12-04",
        },
        follow=True,
    )
    assert "opgeslagen" in response.content.decode()
    hour.refresh_from_db()
    assert (hour.start, hour.interval_weeks) == (datetime.time(9, 30), 4)
    entry = AuditEntry.objects.get(action="update", object_id=str(hour.pk))
    assert entry.actor == coordinator
    assert set(entry.fields) == {"start", "interval_weeks", "first_date"}


def test_another_desks_hour_cannot_be_edited(client, coordinator):
    hour = WeeklyHourFactory()
    response = client.post(
        reverse("intake:weekly_hour_edit", args=[hour.pk]),
        {"weekday": "1", "start": "09:00", "end": "10:00", "interval_weeks": "1"},
    )
    assert response.status_code == 404
    hour.refresh_from_db()
    assert hour.weekday == Weekday.FRIDAY


# --- the demo: Zwartewaterland's desk closed after half a year ---------------------------------


@override_settings(DEBUG=True)
def test_demo_has_a_closed_desk_with_a_fortnightly_hour():
    call_command("seed_demo", "--password", "demo-pass-123")
    desk = Desk.objects.get(name="Relatieloket Zwartewaterland")
    assert (desk.opened_on, desk.closed_on) == (
        datetime.date(2023, 1, 17),
        datetime.date(2023, 7, 4),
    )
    hour = WeeklyHour.objects.get(location__desk=desk)
    assert hour.interval_weeks == IntervalWeeks.FORTNIGHTLY
    assert next_walk_ins(desk, today=WEDNESDAY, count=3) == []
    # Every other Tuesday from 17 January; 4 July was the last.
    assert _dates(next_walk_ins(hour, today=datetime.date(2023, 6, 19), count=5)) == [
        datetime.date(2023, 6, 20),
        datetime.date(2023, 7, 4),
    ]
