"""More intake rules: nothing of another desk, free text at model level, codes, the session race."""

import datetime
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from intake import services
from intake.constants import TrajectStatus
from intake.models import Activity, Feedback, Session, Traject, Visit
from referrals.models import Organisation, Referral
from relatieloket.roles import Role

from .factories import (
    ActivityFactory,
    DeskFactory,
    FeedbackFactory,
    FeedbackInvitationFactory,
    SessionFactory,
    TrajectFactory,
    VisitFactory,
)

TODAY = datetime.date.today()
PHONE_NOTE = "bel haar op 06-12345678"


@pytest.fixture
def desks(db):
    sko = Organisation.objects.get(name="Adviespunt Scheiden, Kind en Ouderschap")
    own = DeskFactory(name="Eigen loket", organisation=sko)
    other = DeskFactory(name="Ander loket", organisation=sko)
    return own, other


@pytest.fixture
def counsellor_client(client, make_user, desks):
    client.force_login(make_user(Role.COUNSELLOR, desks=[desks[0]]))
    return client


FOREIGN_URLS = [
    ("intake:visit_detail", "visit"),
    ("intake:visit_edit", "visit"),
    ("intake:visit_delete", "visit"),
    ("intake:visit_referral_add", "visit"),
    ("intake:traject_start", "visit"),
    ("intake:feedback_invite", "visit"),
    ("intake:traject_detail", "traject"),
    ("intake:traject_edit", "traject"),
    ("intake:traject_delete", "traject"),
    ("intake:session_add", "traject"),
    ("intake:traject_close", "traject"),
    ("intake:traject_referral_add", "traject"),
    ("intake:activity_edit", "activity"),
    ("intake:activity_delete", "activity"),
    ("intake:feedback_invitation", "invitation"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kind"), FOREIGN_URLS)
def test_records_of_another_desk_are_404_and_stay_untouched(counsellor_client, desks, name, kind):
    other = desks[1]
    objects = {
        "visit": VisitFactory(desk=other),
        "traject": TrajectFactory(desk=other),
        "activity": ActivityFactory(desk=other),
        "invitation": FeedbackInvitationFactory(desk=other),
    }
    url = reverse(name, args=[objects[kind].pk])
    therapy = Organisation.objects.exclude(pk=other.organisation_id).first()
    post = {
        "to_organisation": therapy.pk,
        "warm_handover": "on",
        "date": TODAY.isoformat(),
        "minutes": "90",
        "status": "afgerond",
        "closing_outcome": "op_weg_geholpen",
    }
    assert counsellor_client.get(url).status_code in (404, 405)
    assert counsellor_client.post(url, post).status_code == 404
    # Nothing happened to the other desk's records.
    assert Visit.objects.filter(desk=other).count() == 1
    assert Traject.objects.filter(desk=other).count() == 1
    assert Traject.objects.get(desk=other).status == TrajectStatus.RUNNING
    assert Session.objects.count() == 0
    assert Activity.objects.filter(desk=other).count() == 1
    assert Referral.objects.count() == 0


@pytest.mark.django_db
def test_lists_show_only_the_own_desk(counsellor_client, desks):
    own, other = desks
    TrajectFactory(desk=own, code="OWNX-2345")
    TrajectFactory(desk=other, code="OTHR-2345")
    ActivityFactory(desk=own, title="Thema-avond eigen loket")
    ActivityFactory(desk=other, title="Webinar ander loket")
    trajects = counsellor_client.get(reverse("intake:traject_list")).content.decode()
    assert "OWNX-2345" in trajects and "OTHR-2345" not in trajects
    activities = counsellor_client.get(reverse("intake:activity_list")).content.decode()
    assert "Thema-avond eigen loket" in activities and "Webinar ander loket" not in activities


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make",
    [
        lambda: SessionFactory.build(traject=TrajectFactory(), number=1, notes=PHONE_NOTE),
        lambda: ActivityFactory.build(desk=DeskFactory(), title="Info via jan@example.nl"),
        lambda: FeedbackFactory.build(
            invitation=FeedbackInvitationFactory(), comment="IBAN NL91ABNA0417164300"
        ),
        lambda: VisitFactory.build(desk=DeskFactory(), notes="woont op 3311 AB 12"),
    ],
    ids=["session-notes", "activity-title", "feedback-comment", "visit-notes"],
)
def test_every_free_text_field_refuses_identifying_data_in_the_model(make):
    instance = make()
    with pytest.raises(ValidationError) as exc:
        instance.full_clean()
    assert any(e.code == "identifying_data" for errs in exc.value.error_dict.values() for e in errs)


@pytest.mark.django_db
def test_session_notes_with_a_phone_number_are_refused_and_nothing_saved(counsellor_client, desks):
    traject = TrajectFactory(desk=desks[0])
    response = counsellor_client.post(
        reverse("intake:session_add", args=[traject.pk]),
        {
            "date": TODAY.isoformat(),
            "minutes": "90",
            "attendance": "beide_partners",
            "notes": PHONE_NOTE,
        },
    )
    page = response.content.decode()
    assert "anoniem" in page and "06-12345678" not in page.split("<textarea")[0]
    assert Session.objects.count() == 0


@pytest.mark.django_db
def test_public_feedback_with_an_email_is_refused_and_the_link_stays_open(client, desks):
    invitation = FeedbackInvitationFactory(desk=desks[0])
    url = reverse("intake:feedback_form", args=[invitation.token])
    data = {
        "got_answer": "ja",
        "rating": "8",
        "would_recommend": "True",
        "comment": "mail me op piet@example.nl",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "anoniem" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.used_at is None and Feedback.objects.count() == 0


@pytest.mark.django_db
def test_traject_code_collision_is_drawn_again(monkeypatch, desks):
    TrajectFactory(desk=desks[0], code="AAAA-BBBB")
    draws = iter(["AAAA-BBBB", "AAAA-BBBB", "K7QM-R3TX"])
    monkeypatch.setattr(services.trajects, "traject_code_generate", lambda: next(draws))
    traject = services.traject_start(visit=VisitFactory(desk=desks[0]))
    assert traject.code == "K7QM-R3TX"
    assert Traject.objects.filter(code="AAAA-BBBB").count() == 1


@pytest.mark.django_db
def test_traject_code_never_depends_on_the_visit(desks):
    visits = [VisitFactory(desk=desks[0], date=TODAY, women=1, children=2) for _ in range(20)]
    codes = {services.traject_start(visit=v).code for v in visits}
    assert len(codes) == 20
    assert all(len(c) == 9 and c[4] == "-" for c in codes)
    assert not set("".join(codes)) & set("01IOL")


def _save_at_once(traject, threads=2):
    """Let `threads` counsellors save the next session of `traject` at the same moment."""
    from django.db import connections

    barrier = threading.Barrier(threads, timeout=20)
    outcomes = []

    def save():
        try:
            barrier.wait()
            services.session_create(traject=Traject.objects.get(pk=traject.pk), date=TODAY)
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    workers = [threading.Thread(target=save) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return outcomes


def _session_numbers(traject):
    return list(
        Session.objects.filter(traject=traject).order_by("number").values_list("number", flat=True)
    )


@pytest.mark.django_db(transaction=True)
def test_two_counsellors_saving_the_fifth_and_sixth_session_at_once_leave_five():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks between connections; this race runs on PostgreSQL")
    traject = TrajectFactory(started_on=TODAY)
    for _ in range(4):
        services.session_create(traject=traject, date=TODAY)
    outcomes = _save_at_once(traject)
    assert len(outcomes) == 2 and outcomes.count("saved") == 1
    refusal = next(o for o in outcomes if o != "saved")
    assert "maximaal 5 gesprekken" in refusal
    assert _session_numbers(traject) == [1, 2, 3, 4, 5]


@pytest.mark.django_db(transaction=True)
def test_without_the_row_lock_the_database_constraint_alone_still_holds(monkeypatch):
    """Take away select_for_update and let both saves count four sessions before either
    inserts: UNIQUE (traject, number) lets one through and the service refuses the other."""
    from django.db.models import QuerySet

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks between connections; this race runs on PostgreSQL")
    traject = TrajectFactory(started_on=TODAY)
    for _ in range(4):
        services.session_create(traject=traject, date=TODAY)
    monkeypatch.setattr(QuerySet, "select_for_update", lambda self, *args, **kwargs: self)
    counted = threading.Barrier(2, timeout=20)
    full_clean = Session.full_clean

    def full_clean_after_both_counted(self, *args, **kwargs):
        counted.wait()  # both have counted four sessions and will try number 5
        return full_clean(self, *args, **kwargs)

    monkeypatch.setattr(Session, "full_clean", full_clean_after_both_counted)
    outcomes = _save_at_once(traject)
    assert outcomes.count("saved") == 1 and len(outcomes) == 2
    refusal = next(o for o in outcomes if o != "saved")
    assert "maximaal 5 gesprekken" in refusal
    assert _session_numbers(traject) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bel 06-12345678 na vijven", "een telefoonnummer (06-…)"),
        ("rekening NL91 ABNA 0417 1643 00", "een rekeningnummer (IBAN) (NL9…)"),
        ("bsn 111222333", "een burgerservicenummer (BSN) (111…)"),
    ],
)
def test_the_dutch_message_names_what_was_found_without_the_value(text, expected):
    from django.utils import translation

    from intake.identity import validate_anonymous_text

    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        validate_anonymous_text(text)
    with translation.override("nl"):
        message = exc.value.messages[0]
    assert expected in message and "Bezoekers blijven anoniem" in message
    assert "12345678" not in message and "0417" not in message and "222333" not in message


def _visit_post(**extra):
    data = {
        "date": TODAY.isoformat(),
        "channel": "inloop",
        "who_came": "een_partner",
        "women": "1",
        "men": "0",
        "other_gender": "0",
        "age_band": "35_44",
        "children": "1",
        "question": "twijfels",
        "track": "A",
        "outcome": "op_weg_geholpen",
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_with_several_desks_the_form_defaults_to_todays_walk_in_desk(client, make_user, desks):
    from .factories import LocationFactory, WeeklyHourFactory

    own, other = desks
    LocationFactory(desk=own, name="Ergens")
    today_location = LocationFactory(desk=other, name="Brouwersdijk")
    WeeklyHourFactory(location=today_location, weekday=TODAY.isoweekday())
    client.force_login(make_user(Role.COUNSELLOR, desks=[own, other]))
    form = client.get(reverse("intake:visit_create")).context["form"]
    assert form.desk == other
    assert form.initial["location"] == today_location
    # The other desk can still be chosen; a desk the user is not linked to is a 404.
    assert client.get(reverse("intake:visit_create"), {"loket": own.pk}).context["form"].desk == own
    stranger = DeskFactory(name="Vreemd loket")
    response = client.post(reverse("intake:visit_create"), _visit_post(desk=stranger.pk))
    assert response.status_code == 404 and Visit.objects.count() == 0


@pytest.mark.django_db
def test_editing_referred_by_on_the_screen_replaces_the_inbound_referral(counsellor_client, desks):
    own = desks[0]
    poh = Organisation.objects.get(name="Praktijkondersteuner huisarts Jeugd (POH Jeugd)")
    school = Organisation.objects.get(name="Scholen en schoolmaatschappelijk werk")
    counsellor_client.post(
        reverse("intake:visit_create"), _visit_post(desk=own.pk, referred_by=poh.pk)
    )
    visit = Visit.objects.get()
    rows = lambda: list(  # noqa: E731
        Referral.objects.values_list("from_organisation", "to_organisation", "warm_handover")
    )
    assert rows() == [(poh.pk, own.organisation_id, False)]
    counsellor_client.post(
        reverse("intake:visit_edit", args=[visit.pk]), _visit_post(referred_by=school.pk)
    )
    assert rows() == [(school.pk, own.organisation_id, False)]
    assert list(visit.referrals.values_list("from_organisation", flat=True)) == [school.pk]
    counsellor_client.post(reverse("intake:visit_edit", args=[visit.pk]), _visit_post())
    assert rows() == [] and not visit.referrals.exists()


@pytest.mark.django_db
def test_warm_inbound_handover_is_recorded_and_follows_edits(counsellor_client, desks):
    own = desks[0]
    poh = Organisation.objects.get(name="Praktijkondersteuner huisarts Jeugd (POH Jeugd)")
    counsellor_client.post(
        reverse("intake:visit_create"),
        _visit_post(desk=own.pk, referred_by=poh.pk, referred_by_warm="on"),
    )
    visit = Visit.objects.get()
    rows = lambda: list(  # noqa: E731
        Referral.objects.values_list("from_organisation", "warm_handover", "question")
    )
    assert rows() == [(poh.pk, True, "twijfels")]
    edit = reverse("intake:visit_edit", args=[visit.pk])
    assert counsellor_client.get(edit).context["form"].initial["referred_by_warm"] is True
    # Unticking makes it cold; a new question follows onto the same referral.
    counsellor_client.post(edit, _visit_post(referred_by=poh.pk, question="scheiden"))
    assert rows() == [(poh.pk, False, "scheiden")]
    assert counsellor_client.get(edit).context["form"].initial["referred_by_warm"] is False


@pytest.mark.django_db
def test_a_referral_from_a_traject_carries_the_question_of_its_visit(counsellor_client, desks):
    own = desks[0]
    counsellor_client.post(
        reverse("intake:visit_create"), _visit_post(desk=own.pk, question="herstellen")
    )
    traject = services.traject_start(visit=Visit.objects.get())
    villa = Organisation.objects.get(name="Villa Pinedo")
    counsellor_client.post(
        reverse("intake:traject_referral_add", args=[traject.pk]), {"to_organisation": villa.pk}
    )
    assert list(traject.referrals.values_list("question", flat=True)) == ["herstellen"]


@pytest.mark.django_db
def test_saving_a_visit_costs_the_same_queries_with_more_life_events_and_organisations(
    counsellor_client, desks
):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    from intake.models import LifeEvent

    own = desks[0]
    poh = Organisation.objects.get(name="Praktijkondersteuner huisarts Jeugd (POH Jeugd)")
    events = list(LifeEvent.objects.filter(desk__isnull=True)[:6])
    assert len(events) == 6
    # The audit trail's content types are cached per process once used: as in production.
    ContentType.objects.get_for_models(Visit, Referral)
    counts = []
    for chosen in (events[:1], events):
        with CaptureQueriesContext(conn) as ctx:
            response = counsellor_client.post(
                reverse("intake:visit_create"),
                _visit_post(desk=own.pk, referred_by=poh.pk, life_events=[e.pk for e in chosen]),
            )
        assert response.status_code == 302
        counts.append(len(ctx.captured_queries))
        Organisation.objects.bulk_create(
            Organisation(name=f"Extra organisatie {len(counts)}-{i}", kind="overig")
            for i in range(50)
        )
    # Measured 33: session, user, form choices, checks, inserts, and the audit entries of the
    # visit and of its inbound referral; and 4 to recount the desk-month's figures.
    assert counts[0] == counts[1] <= 39, counts
    assert [v.life_events.count() for v in Visit.objects.order_by("pk")] == [1, 6]


@pytest.mark.django_db
def test_traject_list_filters_by_date_and_location_and_pages_by_25(counsellor_client, desks):
    from .factories import LocationFactory

    own = desks[0]
    north, south = LocationFactory(desk=own, name="Noord"), LocationFactory(desk=own, name="Zuid")
    for i in range(27):
        visit = VisitFactory(desk=own, location=north if i % 3 else south)
        TrajectFactory(
            desk=own,
            visit=visit,
            code=f"CODE-{i:04d}",
            started_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=i),
        )
    url = reverse("intake:traject_list")
    first = counsellor_client.get(url).context["page"]
    assert (len(first.object_list), first.paginator.count) == (25, 27)
    page = counsellor_client.get(url, {"start": "2025-01-05", "end": "2025-01-10"}).context["page"]
    assert sorted(t.code for t in page.object_list) == [f"CODE-{i:04d}" for i in range(4, 10)]
    page = counsellor_client.get(url, {"location": south.pk}).context["page"]
    assert sorted(t.code for t in page.object_list) == [f"CODE-{i:04d}" for i in range(0, 27, 3)]
    from referrals.validators import latest_date

    empty = counsellor_client.get(url, {"start": latest_date().isoformat()})
    assert "Nog geen trajecten" in empty.content.decode() or not empty.context["page"].object_list


@pytest.mark.django_db
def test_a_session_can_be_changed_and_deleted_and_the_numbers_close_up(counsellor_client, desks):
    traject = TrajectFactory(desk=desks[0], started_on=TODAY)
    sessions = [services.session_create(traject=traject, date=TODAY) for _ in range(5)]
    edit = reverse("intake:session_edit", args=[sessions[1].pk])
    assert counsellor_client.get(edit).status_code == 200
    response = counsellor_client.post(
        edit,
        {"date": TODAY.isoformat(), "minutes": "60", "attendance": "een_partner", "notes": ""},
    )
    assert response.status_code == 302
    sessions[1].refresh_from_db()
    assert (sessions[1].minutes, sessions[1].attendance) == (60, "een_partner")
    refused = counsellor_client.post(
        edit, {"date": TODAY.isoformat(), "minutes": "60", "notes": PHONE_NOTE}
    )
    assert refused.status_code == 200 and "anoniem" in refused.content.decode()
    delete = reverse("intake:session_delete", args=[sessions[2].pk])
    assert "Ja, verwijderen" in counsellor_client.get(delete).content.decode()
    assert counsellor_client.post(delete).status_code == 302
    numbers = Session.objects.filter(traject=traject).order_by("number")
    assert list(numbers.values_list("pk", "number")) == [
        (sessions[0].pk, 1),
        (sessions[1].pk, 2),
        (sessions[3].pk, 3),
        (sessions[4].pk, 4),
    ]
    # Room for one more, then the cap holds again.
    assert services.session_create(traject=traject, date=TODAY).number == 5
    with pytest.raises(ValidationError):
        services.session_create(traject=traject, date=TODAY)


@pytest.mark.django_db
def test_sessions_of_another_desk_cannot_be_changed_or_deleted(counsellor_client, desks):
    session = SessionFactory(traject=TrajectFactory(desk=desks[1]), number=1, minutes=90)
    for name in ("intake:session_edit", "intake:session_delete"):
        url = reverse(name, args=[session.pk])
        assert counsellor_client.get(url).status_code == 404
        assert counsellor_client.post(url, {"minutes": "10"}).status_code == 404
    session.refresh_from_db()
    assert session.minutes == 90
