import datetime

import pytest

from intake.constants import IntervalWeeks, Weekday
from intake.models import Location, WeeklyHour
from intake.tests.factories import DeskFactory
from referrals.models import Municipality, Organisation


@pytest.fixture
def nijkerk(db):
    return Municipality.objects.get_or_create(
        cbs_code="GM0267", defaults={"name": "Nijkerk", "refers_to_commercial": False}
    )[0]


@pytest.fixture
def hia(db):
    return Municipality.objects.get_or_create(
        cbs_code="GM0531", defaults={"name": "Hendrik-Ido-Ambacht"}
    )[0]


@pytest.fixture
def network(hia, nijkerk):
    """A private therapist (commercial) and a free social team, both serving both places."""
    therapist, _ = Organisation.objects.update_or_create(
        name="Praktijk Relatietherapie Test",
        defaults={
            "kind": "relatietherapie",
            "is_commercial": True,
            "cost_to_resident": "eigen kosten, vanaf circa € 800",
            "minimum_cost": 800,
        },
    )
    team, _ = Organisation.objects.update_or_create(
        name="Sociaal team Test",
        defaults={"kind": "sociaal_wijkteam", "is_commercial": False, "cost_to_resident": "gratis"},
    )
    for organisation in (therapist, team):
        organisation.municipalities.add(hia, nijkerk)
    return {"therapist": therapist, "team": team}


@pytest.fixture
def hia_desk(hia):
    """The Relatieloket HIA: weekly on Friday, and every two weeks on Tuesday evening."""
    node, _ = Organisation.objects.update_or_create(
        name="Relatieloket HIA (test)",
        defaults={
            "kind": "relatieloket",
            "public_email": "relatieloket@example.nl",
            "public_phone": "078 770 80 10",
        },
    )
    desk = DeskFactory(
        name="Relatieloket Hendrik-Ido-Ambacht",
        municipality=hia,
        organisation=node,
        opened_on=datetime.date(2023, 10, 1),
    )
    location = Location.objects.create(desk=desk, name="De Schakel", address="Dorpsstraat 1")
    WeeklyHour.objects.create(
        location=location, weekday=Weekday.FRIDAY, start=datetime.time(10), end=datetime.time(12)
    )
    WeeklyHour.objects.create(
        location=location,
        weekday=Weekday.TUESDAY,
        start=datetime.time(19),
        end=datetime.time(20, 30),
        interval_weeks=IntervalWeeks.FORTNIGHTLY,
        first_date=datetime.date(2024, 1, 2),
    )
    return desk


@pytest.fixture
def nijkerk_desk(nijkerk):
    node, _ = Organisation.objects.update_or_create(
        name="Sociaal team Nijkerk (test)", defaults={"kind": "sociaal_wijkteam"}
    )
    desk = DeskFactory(name="Relatiepunt Nijkerk", municipality=nijkerk, organisation=node)
    location = Location.objects.create(desk=desk, name="Het Venster", address="Kerkstraat 2")
    WeeklyHour.objects.create(
        location=location, weekday=Weekday.MONDAY, start=datetime.time(9), end=datetime.time(11)
    )
    return desk
