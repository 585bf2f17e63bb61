"""The figures per desk and month stay equal to the visits: after any history of creates,
updates, deletes and trajects through the services, the maintained figures equal the rebuilt
ones, and the dashboard's figures read from them equal the figures counted from the visits
(whole months and partial edge months alike). Runs on SQLite and PostgreSQL."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake import figures, services
from intake.constants import Channel, FoundVia, Outcome, WhoCame
from intake.models import PERSONS_BY_WHO_CAME, LifeEvent, Visit, VisitMonth, VisitMonthCategory
from intake.tests.factories import DeskFactory
from referrals.constants import Question
from referrals.models import Municipality, Organisation
from reports import summary
from reports.selectors import QUESTION_GROUPS, _shifted, dashboard_figures, visit_totals

pytestmark = pytest.mark.django_db
FIRST_DAY = datetime.date(2024, 1, 20)
PERIODS = [
    (datetime.date(2024, 1, 1), datetime.date(2024, 4, 30)),  # whole months only
    (datetime.date(2024, 1, 25), datetime.date(2024, 3, 10)),  # partial edge months
    (datetime.date(2024, 2, 3), datetime.date(2024, 2, 20)),  # inside one month
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),  # one whole month
]

fields = st.fixed_dictionaries(
    {
        "desk": st.integers(0, 1),
        "day": st.integers(0, 100),
        "question": st.sampled_from(Question.values),
        "channel": st.sampled_from(Channel.values),
        "who_came": st.sampled_from(WhoCame.values),
        "outcome": st.sampled_from([Outcome.HELPED, Outcome.REFERRED_ON, Outcome.NO_FOLLOW_UP]),
        "women": st.integers(0, 2),
        "men": st.integers(1, 2),
        "children": st.one_of(st.none(), st.integers(0, 4)),
        "advice_legal": st.booleans(),
        "safety_concern": st.booleans(),
        "events": st.sets(st.integers(0, 2), max_size=2),
        "referrer": st.one_of(st.none(), st.integers(0, 1)),
        "found_via": st.sampled_from(["", *FoundVia.values]),
    }
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("create"), fields),
        st.tuples(st.just("update"), st.integers(0, 50), fields),
        st.tuples(st.just("delete"), st.integers(0, 50)),
        st.tuples(st.just("traject"), st.integers(0, 50)),
    ),
    min_size=1,
    max_size=25,
)


@pytest.fixture
def network(db):
    hia = Municipality.objects.get(cbs_code="GM0531")
    desks = [DeskFactory(municipality=hia), DeskFactory(municipality=hia)]
    events = list(LifeEvent.objects.filter(desk=None)[:2]) + [
        LifeEvent.objects.create(name="Verhuizing naar elders", desk=desks[0])
    ]
    referrers = list(Organisation.objects.order_by("pk")[:2])
    return {"municipality": hia, "desks": desks, "events": events, "referrers": referrers}


def _counts(spec):
    """Women and men as many as who came can be (one partner: 1, a couple: 2, a parent with
    another: 2 or more), drawn from the spec's counts."""
    low, high = PERSONS_BY_WHO_CAME[spec["who_came"]]
    women = min(spec["women"], low)
    men = low - women if low == high else max(spec["men"], low - women)
    return women, men


def _kwargs(network, spec):
    women, men = _counts(spec)
    return {
        "desk": network["desks"][spec["desk"]],
        "date": FIRST_DAY + datetime.timedelta(days=spec["day"]),
        "question": spec["question"],
        "channel": spec["channel"],
        "who_came": spec["who_came"],
        "outcome": spec["outcome"],
        "women": women,
        "men": men,
        "children": spec["children"],
        "found_via": spec["found_via"],
        "advice_legal": spec["advice_legal"],
        "safety_concern": spec["safety_concern"],
        "referred_by": None if spec["referrer"] is None else network["referrers"][spec["referrer"]],
    }


def _apply(network, history):
    visits = []
    for operation in history:
        kind = operation[0]
        if kind == "create":
            spec = operation[1]
            visits.append(
                services.visit_create(
                    created_by=None,
                    life_events=[network["events"][i] for i in spec["events"]],
                    **_kwargs(network, spec),
                )
            )
        elif visits and kind == "update":
            visit = visits[operation[1] % len(visits)]
            spec = operation[2]
            services.visit_update(
                visit=visit,
                life_events=[network["events"][i] for i in spec["events"]],
                **_kwargs(network, spec),
            )
        elif visits and kind == "delete":
            services.visit_delete(visit=visits.pop(operation[1] % len(visits)))
        elif visits and kind == "traject":
            visit = visits[operation[1] % len(visits)]
            if (
                not hasattr(visit, "traject")
                and not visit.__class__.objects.filter(pk=visit.pk, traject__isnull=False).exists()
            ):
                services.traject_start(visit=visit)


def _stored():
    """The figures as stored, without rows that count nothing."""
    months = {
        (row.pop("desk"), row.pop("month")): row
        for row in VisitMonth.objects.values("desk", "month", *figures.columns())
        if row["visits"]
    }
    categories = {
        (row["desk"], row["month"], row["kind"], row["key"]): row["count"]
        for row in VisitMonthCategory.objects.values("desk", "month", "kind", "key", "count")
        if row["count"]
    }
    return months, categories


def _raw(desks, start, end):
    visits = Visit.objects.filter(desk__in=desks, date__gte=start, date__lte=end)
    totals = visit_totals(visits, QUESTION_GROUPS, with_choices=True)
    events = visits.filter(life_events__isnull=False).values("life_events__name")
    referrers = visits.filter(referred_by__isnull=False).values("referred_by__name")
    return {
        "totals": totals,
        "life_events": sorted(
            ((r["life_events__name"], r["n"]) for r in events.annotate(n=Count("pk"))),
            key=lambda item: (-item[1], item[0]),
        ),
        "referred_by": sorted(
            ((r["referred_by__name"], r["n"]) for r in referrers.annotate(n=Count("pk"))),
            key=lambda item: (-item[1], item[0]),
        ),
    }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=operations)
def test_maintained_figures_equal_rebuilt_and_raw_figures(network, history):
    with transaction.atomic():
        _apply(network, history)
        maintained = _stored()
        desks = [desk.pk for desk in network["desks"]]
        for start, end in PERIODS:
            read = summary.visit_figures(
                desks=desks,
                start=start,
                end=end,
                previous=(_shifted(start, -1), _shifted(end, -1)),
                question_groups=QUESTION_GROUPS,
                visit_totals=visit_totals,
            )
            raw = _raw(desks, start, end)
            assert read["totals"] == raw["totals"], (start, end)
            assert read["life_events"] == raw["life_events"], (start, end)
            assert read["referred_by"] == raw["referred_by"], (start, end)
            assert sum(read["monthly"].values()) == raw["totals"]["count"]
            by_municipality = summary.visits_by_municipality(desks=desks, start=start, end=end)
            expected = [(network["municipality"].name, n)] if (n := raw["totals"]["count"]) else []
            assert by_municipality == expected, (start, end)
        call_command("rebuild_figures", stdout=io.StringIO())
        assert _stored() == maintained
        transaction.set_rollback(True)


def test_dashboard_months_read_from_the_figures_equal_the_visits(network):
    """A period with partial edge months: the monthly series counts only the period's days."""
    desk = network["desks"][0]
    for day in (datetime.date(2024, 1, 10), datetime.date(2024, 1, 28), datetime.date(2024, 2, 5)):
        services.visit_create(
            created_by=None,
            desk=desk,
            date=day,
            channel=Channel.WALK_IN,
            who_came=WhoCame.ONE_PARTNER,
            women=1,
            question=Question.DOUBTS,
            outcome=Outcome.HELPED,
        )
    result = dashboard_figures(
        municipalities=[network["municipality"]],
        desks=[desk],
        start=datetime.date(2024, 1, 20),
        end=datetime.date(2024, 2, 29),
    )
    assert result["visits"]["count"] == 2
    assert [(m["month"], m["count"]) for m in result["monthly"]] == [
        ("2024-01", 1),
        ("2024-02", 1),
    ]


def test_a_load_past_the_services_is_counted_after_rebuild_figures(network):
    desk = network["desks"][1]
    Visit.objects.bulk_create(
        Visit(
            desk=desk,
            date=datetime.date(2024, 3, 1 + i),
            channel=Channel.PHONE,
            who_came=WhoCame.ONE_PARTNER,
            women=1,
            question=Question.OTHER,
            outcome=Outcome.HELPED,
        )
        for i in range(7)
    )
    out = io.StringIO()
    call_command("rebuild_figures", stdout=out)
    assert "rebuilt" in out.getvalue()
    row = VisitMonth.objects.get(desk=desk, month=datetime.date(2024, 3, 1))
    assert (row.visits, row.channel_telefoon, row.question_overig) == (7, 7, 7)
