"""The figures per desk and month stay equal to the rows: after any history of visit creates,
updates (desk moves included) and deletes, trajects started, moved, closed and deleted,
sessions added, changed and deleted, and outbound referrals of visits and trajects, all
through the services, the maintained figures equal the rebuilt ones, and the dashboard's
figures read from them equal the figures counted from the visits, trajects and referrals
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
from intake.constants import Channel, FoundVia, Outcome, TrajectStatus, WhoCame
from intake.models import (
    PERSONS_BY_WHO_CAME,
    Desk,
    LifeEvent,
    ReferralMonth,
    Session,
    Traject,
    TrajectMonth,
    Visit,
    VisitMonth,
    VisitMonthCategory,
)
from intake.tests.factories import DeskFactory, OrganisationFactory
from referrals.constants import Question
from referrals.models import Municipality, Organisation
from reports import summary
from reports.selectors import _shifted, dashboard_figures, visit_totals

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
        # To the other desk, nothing else changed: its referrals (the inbound one too) go along.
        st.tuples(st.just("move"), st.integers(0, 50)),
        st.tuples(st.just("delete"), st.integers(0, 50)),
        st.tuples(st.just("traject"), st.integers(0, 50)),
        st.tuples(st.just("refer"), st.integers(0, 50), st.integers(0, 1)),
        st.tuples(st.just("session"), st.integers(0, 50), st.integers(0, 40), st.integers(30, 120)),
        st.tuples(st.just("session_change"), st.integers(0, 50), st.integers(30, 120)),
        st.tuples(st.just("session_delete"), st.integers(0, 50)),
        st.tuples(st.just("refer_traject"), st.integers(0, 50), st.integers(0, 1)),
        st.tuples(
            st.just("close"),
            st.integers(0, 50),
            st.sampled_from(
                [TrajectStatus.COMPLETED, TrajectStatus.STOPPED_EARLY, TrajectStatus.REFERRED_ON]
            ),
        ),
        st.tuples(st.just("traject_move"), st.integers(0, 50), st.integers(-30, 30)),
        st.tuples(st.just("traject_delete"), st.integers(0, 50)),
    ),
    min_size=1,
    max_size=30,
)


@pytest.fixture
def network(db):
    hia = Municipality.objects.get(cbs_code="GM0531")
    referrers = list(Organisation.objects.order_by("pk")[:2])
    # The second desk is the second referrer in the network: a visit referred by it and moved
    # there brings an inbound referral from the desk's own organisation (counted as outbound).
    desks = [
        DeskFactory(municipality=hia),
        DeskFactory(municipality=hia, organisation=referrers[1]),
    ]
    events = list(LifeEvent.objects.filter(desk=None)[:2]) + [
        LifeEvent.objects.create(name="Verhuizing naar elders", desk=desks[0])
    ]
    partners = [OrganisationFactory(name="Wijkteam Noord"), OrganisationFactory(name="POH Zuid")]
    return {
        "municipality": hia,
        "desks": desks,
        "events": events,
        "referrers": referrers,
        "partners": partners,
    }


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
        elif visits and kind == "move":
            visit = visits[operation[1] % len(visits)]
            desks = network["desks"]
            services.visit_update(
                visit=visit, desk=desks[1] if visit.desk_id == desks[0].pk else desks[0]
            )
        elif visits and kind == "delete":
            services.visit_delete(visit=visits.pop(operation[1] % len(visits)))
        elif visits and kind == "traject":
            visit = visits[operation[1] % len(visits)]
            if not Traject.objects.filter(visit=visit).exists():
                services.traject_start(visit=visit)
        elif visits and kind == "refer":
            services.outbound_referral_create(
                owner=visits[operation[1] % len(visits)],
                to_organisation=network["partners"][operation[2]],
                warm_handover=False,
            )
        elif kind in TRAJECT_OPERATIONS:
            trajects = list(Traject.objects.order_by("pk"))
            if trajects:
                _traject_operation(network, trajects[operation[1] % len(trajects)], operation)


TRAJECT_OPERATIONS = {
    "session",
    "session_change",
    "session_delete",
    "refer_traject",
    "close",
    "traject_move",
    "traject_delete",
}


def _traject_operation(network, traject, operation):
    kind = operation[0]
    running = traject.status == TrajectStatus.RUNNING
    last = traject.sessions.order_by("-number").first()
    if kind == "session" and running and traject.sessions.count() < 5:
        day = traject.started_on + datetime.timedelta(days=operation[2])
        services.session_create(traject=traject, date=day, minutes=operation[3])
    elif kind == "session_change" and last:
        services.session_update(session=last, minutes=operation[2])
    elif kind == "session_delete" and last:
        services.session_delete(session=last)
    elif kind == "refer_traject":
        services.outbound_referral_create(
            owner=traject, to_organisation=network["partners"][operation[2]], warm_handover=False
        )
    elif kind == "close" and running:
        services.traject_close(traject=traject, status=operation[2], closing_outcome=Outcome.HELPED)
    elif kind == "traject_move":
        moved = traject.started_on + datetime.timedelta(days=operation[2])
        first = traject.sessions.order_by("date").values_list("date", flat=True).first()
        if first is None or moved <= first:  # a traject cannot start after its first session
            services.traject_update(traject=traject, started_on=moved)
    elif kind == "traject_delete":
        services.traject_delete(traject=traject)


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
    trajects = {
        (row.pop("desk"), row.pop("month")): row
        for row in TrajectMonth.objects.values(
            "desk",
            "month",
            "started",
            "completed",
            "stopped_early",
            "referred_on",
            "sessions",
            "session_minutes",
        )
    }
    referrals = {
        (row["desk"], row["month"], row["to_organisation"]): row["count"]
        for row in ReferralMonth.objects.values("desk", "month", "to_organisation", "count")
    }
    return months, categories, trajects, referrals


def _raw_trajects(desks, start, end):
    """The traject figures counted one traject and one session at a time."""
    rows = {}
    for traject in Traject.objects.filter(
        desk__in=desks, started_on__gte=start, started_on__lte=end
    ):
        row = rows.setdefault(traject.desk_id, dict.fromkeys(summary.TRAJECT_FIGURES, 0))
        row["started"] += 1
        row["completed"] += traject.status == TrajectStatus.COMPLETED
        row["stopped"] += traject.status == TrajectStatus.STOPPED_EARLY
        row["referred"] += traject.status == TrajectStatus.REFERRED_ON
        for session in Session.objects.filter(traject=traject):
            row["session_count"] += 1
            row["minutes"] += session.minutes
    return rows


def _raw_referred_to(desks, start, end):
    """Outbound referrals counted one referral at a time: from the desk's own organisation,
    tied to a visit or traject of that desk, once per desk."""
    counts = {}
    for desk_id in desks:
        organisation = Desk.objects.get(pk=desk_id).organisation_id
        seen = set()
        for visit in Visit.objects.filter(desk=desk_id):
            seen.update(visit.referrals.all())
        for traject in Traject.objects.filter(desk=desk_id):
            seen.update(traject.referrals.all())
        for referral in seen:
            if referral.from_organisation_id == organisation and start <= referral.date <= end:
                name = referral.to_organisation.name
                counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _raw(desks, start, end):
    visits = Visit.objects.filter(desk__in=desks, date__gte=start, date__lte=end)
    totals = visit_totals(visits)
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
            )
            raw = _raw(desks, start, end)
            assert read["totals"] == raw["totals"], (start, end)
            assert read["life_events"] == raw["life_events"], (start, end)
            assert read["referred_by"] == raw["referred_by"], (start, end)
            assert sum(read["monthly"].values()) == raw["totals"]["visits"]
            by_municipality = summary.visits_by_municipality(desks=desks, start=start, end=end)
            expected = [(network["municipality"].name, n)] if (n := raw["totals"]["visits"]) else []
            assert by_municipality == expected, (start, end)
            trajects = {
                row["desk"]: {name: row[name] for name in summary.TRAJECT_FIGURES}
                for row in summary.traject_figures(desks=desks, start=start, end=end)
            }
            assert trajects == _raw_trajects(desks, start, end), (start, end)
            referred_to = summary.referred_to(desks=desks, start=start, end=end)
            assert referred_to == _raw_referred_to(desks, start, end), (start, end)
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


def test_a_moved_visit_takes_its_referrals_to_the_new_desk(network):
    """A visit moved to another desk (a correction): its inbound referral now goes to the new
    desk, its outbound referral starts from the new desk, and the figures of both desks follow,
    as a rebuild would."""
    first, second = network["desks"]
    partner = network["partners"][0]
    spec = {
        "desk": 0,
        "day": 10,
        "question": Question.DOUBTS,
        "channel": Channel.WALK_IN,
        "who_came": WhoCame.ONE_PARTNER,
        "outcome": Outcome.HELPED,
        "women": 1,
        "men": 1,
        "children": None,
        "advice_legal": False,
        "safety_concern": False,
        "events": set(),
        "referrer": 0,
        "found_via": "",
    }
    visit = services.visit_create(created_by=None, **_kwargs(network, spec))
    services.outbound_referral_create(owner=visit, to_organisation=partner, warm_handover=False)
    start, end = PERIODS[0]
    assert summary.referred_to(desks=[first.pk], start=start, end=end) == [(partner.name, 1)]

    services.visit_update(visit=visit, desk=second)
    assert summary.referred_to(desks=[first.pk], start=start, end=end) == []
    assert summary.referred_to(desks=[second.pk], start=start, end=end) == [(partner.name, 1)]
    pairs = sorted(visit.referrals.values_list("from_organisation", "to_organisation"))
    expected = [
        (network["referrers"][0].pk, second.organisation_id),  # inbound, to the new desk
        (second.organisation_id, partner.pk),  # outbound, from the new desk
    ]
    assert pairs == sorted(expected)
    maintained = _stored()
    call_command("rebuild_figures", stdout=io.StringIO())
    assert _stored() == maintained
