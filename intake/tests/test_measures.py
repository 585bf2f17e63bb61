"""The registry of visit measures (intake.measures) is the one place a figure is added: it
agrees with the models' fields and choices, and every measure in it is a VisitMonth column, a
raw aggregate (the dashboard's totals) and a letter's atom, with the same count in each."""

import datetime
import itertools

import pytest
from django.db import models

from intake import figures, measures
from intake.constants import AdviceDomain, Channel, FoundVia, Outcome, Track, WhoCame
from intake.models import Visit, VisitMonth
from intake.tests.factories import DeskFactory, VisitFactory
from referrals.constants import Question
from reports import summary
from reports.selectors import dashboard_figures, letter_data, visit_totals

pytestmark = pytest.mark.django_db
START, END = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)


def test_the_registry_agrees_with_the_models():
    counts = {
        field.name
        for field in VisitMonth._meta.get_fields()
        if isinstance(field, models.PositiveIntegerField)
    }
    assert sorted(measures.columns()) == sorted(counts)
    for prefix, name, choices in measures.CHOICE_FIELDS:
        field_choices = {value for value, _label in Visit._meta.get_field(name).choices}
        assert field_choices == set(choices.values), name
        assert set(measures.keys_of(prefix)) == {f"{prefix}:{v}" for v in choices.values}
    flags = {
        field.name
        for field in Visit._meta.get_fields()
        if isinstance(field, models.BooleanField) and field.name.startswith("advice_")
    }
    assert set(measures.ADVICE_FIELDS) == set(AdviceDomain)
    assert set(measures.ADVICE_FIELDS.values()) == flags
    for measure in measures.MEASURES.values():
        if measure.field:
            Visit._meta.get_field(measure.field)  # raises for a field that does not exist


@pytest.fixture
def visits():
    """One visit of every combination of the choices that matter, over the year, so every
    measure counts something."""
    desk = DeskFactory()
    combinations = itertools.product(
        [(1, 0, 0, WhoCame.ONE_PARTNER), (1, 1, 0, WhoCame.BOTH_PARTNERS)],
        Track.values,
        Question.values,
    )
    channels = itertools.cycle(Channel.values)
    outcomes = itertools.cycle(Outcome.values)
    found = itertools.cycle(["", *FoundVia.values])
    domains = itertools.cycle(measures.ADVICE_FIELDS.values())
    for i, ((women, men, other, who), track, question) in enumerate(combinations):
        VisitFactory(
            desk=desk,
            date=datetime.date(2024, 1 + i % 12, 1 + i % 28),
            women=women,
            men=men,
            other_gender=other,
            who_came=who,
            track=track,
            question=question,
            channel=next(channels),
            outcome=next(outcomes),
            found_via=next(found),
            children=i % 3,
            safety_concern=i % 5 == 0,
            **{next(domains): True},
        )
    VisitFactory(
        desk=desk,
        date=datetime.date(2024, 6, 15),
        women=0,
        men=1,
        other_gender=1,
        who_came=WhoCame.EX_PARTNERS,
    )
    VisitFactory(
        desk=desk,
        date=datetime.date(2024, 7, 3),
        women=1,
        men=0,
        other_gender=1,
        who_came=WhoCame.PARENT_WITH_OTHER,
    )
    return desk


def test_every_measure_is_a_column_an_aggregate_and_an_atom_with_one_count(visits):
    desk = visits
    raw = visit_totals(Visit.objects.filter(desk=desk))
    # Whole months from VisitMonth, edge days from the visits: the same counts.
    read = summary.visit_figures(
        desks=[desk.pk], start=datetime.date(2024, 1, 10), end=END, previous=(START, START)
    )["totals"]
    first_days = visit_totals(Visit.objects.filter(desk=desk, date__lt=datetime.date(2024, 1, 10)))
    data = letter_data(municipality=desk.municipality, ranges=[(START, END)])
    stored = figures.rebuild()
    assert stored["months"] == 12
    month_sums = {
        name: sum(VisitMonth.objects.filter(desk=desk).values_list(name, flat=True))
        for name in measures.columns()
    }
    for key, measure in measures.MEASURES.items():
        assert raw[key] > 0, f"{key}: the data set counts every measure"
        assert month_sums[measure.column] == raw[key], key
        assert read[key] + first_days[key] == raw[key], key
        assert data.value(key, START, END) == raw[key], key
    for derived in ("persons", measures.FOUND_NONE):
        assert data.value(derived, START, END) == raw[derived] > 0
    figures_ = dashboard_figures(
        municipalities=[desk.municipality], desks=[desk], start=START, end=END
    )
    domains = {row["key"]: row["count"] for row in figures_["advice_domains"]}
    assert domains == {
        field.removeprefix("advice_"): raw[f"advice:{domain}"]
        for domain, field in measures.ADVICE_FIELDS.items()
    }


def test_a_measure_added_to_the_registry_is_counted_everywhere(visits, monkeypatch):
    desk = visits
    Visit.objects.filter(desk=desk, date__month=3).update(duration_minutes=30)
    added = measures.Measure("duration", "sum", "duration_minutes")
    monkeypatch.setitem(measures.MEASURES, "duration", added)
    expected = 30 * Visit.objects.filter(desk=desk, date__month=3).count()
    assert expected
    assert "duration_minutes" in figures.columns()  # the month figures' column to add
    assert "duration_minutes" in figures.aggregates()
    assert visit_totals(Visit.objects.filter(desk=desk))["duration"] == expected
    data = letter_data(municipality=desk.municipality, ranges=[(START, END)])
    assert data.value("duration", START, END) == expected
