"""The database itself refuses impossible partner returns, also when the service is bypassed.

Runs on both engines: PostgreSQL enforces the periods with an exclusion constraint, SQLite
with triggers (migration 0005); the parts-within-whole rule is a check constraint on both.
"""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from referrals.models import Municipality, Organisation, PartnerReturn

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def poh(db):
    return Organisation.objects.get(name="POH GGZ Jeugd Dordrecht")


@pytest.fixture
def dordrecht(db):
    return Municipality.objects.get(cbs_code="GM0505")


def _create(organisation, municipality, start, end, persons=18, helped=17, referred_on=1):
    """Straight to the database: no full_clean, no service, no lock."""
    return PartnerReturn.objects.create(
        organisation=organisation,
        municipality=municipality,
        period_start=start,
        period_end=end,
        persons=persons,
        helped=helped,
        referred_on=referred_on,
    )


def test_overlapping_return_is_refused_by_the_database(poh, dordrecht):
    first = _create(poh, dordrecht, D(2023, 1, 1), D(2023, 12, 31))
    for start, end in [
        (D(2023, 12, 31), D(2024, 6, 30)),  # shares the last day: periods are inclusive
        (D(2023, 3, 1), D(2023, 3, 31)),  # inside
        (D(2022, 1, 1), D(2025, 1, 1)),  # around
    ]:
        with pytest.raises(IntegrityError) as error, transaction.atomic():
            _create(poh, dordrecht, start, end)
        assert "partnerreturn_no_overlap" in str(error.value)
    # Adjacent periods, and another organisation in the same period, are fine.
    second = _create(poh, dordrecht, D(2024, 1, 1), D(2024, 6, 30))
    adults = Organisation.objects.get(name="POH GGZ Volwassenen")
    _create(adults, dordrecht, D(2023, 1, 1), D(2023, 12, 31))
    # Moving a return onto another's period is refused too; changing its own figures is not.
    second.period_start = D(2023, 7, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    first.persons = 20
    first.save()
    assert PartnerReturn.objects.filter(organisation=poh).count() == 2


def test_the_overlap_rule_is_an_exclusion_constraint_on_postgresql(poh, dordrecht):
    if connection.vendor != "postgresql":
        pytest.skip("exclusion constraints exist on PostgreSQL only; SQLite uses triggers")
    _create(poh, dordrecht, D(2023, 1, 1), D(2023, 12, 31))
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        _create(poh, dordrecht, D(2023, 6, 1), D(2024, 5, 31))
    assert error.value.__cause__.diag.constraint_name == "partnerreturn_no_overlap"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contype FROM pg_constraint WHERE conname = %s", ["partnerreturn_no_overlap"]
        )
        assert cursor.fetchall() == [("x",)]


@pytest.mark.parametrize(
    "persons, helped, referred_on",
    [(10, 8, 3), (10, 11, 0), (10, 0, 11)],
)
def test_parts_beyond_the_whole_are_refused_by_the_database(
    poh, dordrecht, persons, helped, referred_on
):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        _create(poh, dordrecht, D(2023, 1, 1), D(2023, 12, 31), persons, helped, referred_on)
    assert "partnerreturn_parts_within_whole" in str(error.value)
    _create(poh, dordrecht, D(2023, 1, 1), D(2023, 12, 31), 10, 7, 3)  # exactly the whole
    assert PartnerReturn.objects.get().persons == 10
