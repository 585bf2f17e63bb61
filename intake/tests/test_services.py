"""The rules of visits, trajects and sessions, through the services."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from intake import services
from intake.constants import Outcome, Track, TrajectStatus
from intake.models import Session, Traject, Visit
from intake.services import CODE_ALPHABET, InvitationUsed
from referrals.models import Organisation, Referral

from .factories import DeskFactory, FeedbackInvitationFactory, TrajectFactory, VisitFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 3, 14)


def _visit_fields(desk, **extra):
    return {
        "desk": desk,
        "date": TODAY,
        "channel": "inloop",
        "who_came": "beide_partners",
        "women": 1,
        "men": 1,
        "question": "versterken",
        "outcome": "op_weg_geholpen",
        **extra,
    }


def test_visit_with_referred_by_records_an_inbound_referral():
    desk = DeskFactory()
    poh = Organisation.objects.get(name="Praktijkondersteuner huisarts Jeugd (POH Jeugd)")
    visit = services.visit_create(created_by=None, **_visit_fields(desk, referred_by=poh))
    referral = visit.referrals.get()
    assert (referral.from_organisation, referral.to_organisation, referral.date) == (
        poh,
        desk.organisation,
        TODAY,
    )
    assert referral.municipality == desk.municipality and referral.question == "versterken"

    school = Organisation.objects.get(name="Scholen en schoolmaatschappelijk werk")
    services.visit_update(visit=visit, referred_by=school)
    assert list(visit.referrals.values_list("from_organisation__name", flat=True)) == [school.name]
    assert Referral.objects.count() == 1

    services.visit_update(visit=visit, referred_by=None)
    assert Referral.objects.count() == 0


def test_visit_with_identifying_notes_is_refused_and_nothing_saved():
    desk = DeskFactory()
    with pytest.raises(ValidationError) as exc:
        services.visit_create(created_by=None, **_visit_fields(desk, notes="bel 06-12345678"))
    assert "notes" in exc.value.message_dict
    assert Visit.objects.count() == 0


def test_visit_needs_a_person():
    with pytest.raises(ValidationError):
        services.visit_create(created_by=None, **_visit_fields(DeskFactory(), women=0, men=0))


def test_traject_code_is_random_and_unambiguous():
    codes = {services.traject_code_generate() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 9 and code[4] == "-"
        assert set(code.replace("-", "")) <= set(CODE_ALPHABET)
        assert not set(code) & set("01OIL")


def test_traject_start_sets_track_b_and_refuses_twice():
    visit = VisitFactory(date=TODAY)
    traject = services.traject_start(visit=visit)
    visit.refresh_from_db()
    assert (visit.track, visit.outcome, traject.started_on) == (
        Track.SHORT_TRAJECT,
        Outcome.TRAJECT_STARTED,
        TODAY,
    )
    with pytest.raises(ValidationError):
        services.traject_start(visit=visit)


def test_five_sessions_then_the_sixth_is_refused():
    traject = TrajectFactory(started_on=TODAY)
    for day in range(5):
        session = services.session_create(
            traject=traject, date=TODAY + datetime.timedelta(days=day)
        )
        assert session.number == day + 1 and session.minutes == 90
    with pytest.raises(ValidationError) as exc:
        services.session_create(traject=traject, date=TODAY)
    assert "at most 5 sessions" in str(exc.value) or "maximaal 5 gesprekken" in str(exc.value)
    assert Session.objects.filter(traject=traject).count() == 5


def test_database_refuses_a_sixth_session_even_without_the_service():

    traject = TrajectFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(traject=traject, number=6, date=TODAY)
    Session.objects.create(traject=traject, number=1, date=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(traject=traject, number=1, date=TODAY)


def test_close_traject_and_no_sessions_after():
    traject = TrajectFactory(started_on=TODAY)
    services.session_create(traject=traject, date=TODAY)
    closed = services.traject_close(
        traject=traject,
        status=TrajectStatus.COMPLETED,
        closing_outcome=Outcome.HELPED,
        closed_on=TODAY,
    )
    assert (closed.status, closed.closed_on) == (TrajectStatus.COMPLETED, TODAY)
    with pytest.raises(ValidationError):
        services.session_create(traject=traject, date=TODAY)
    with pytest.raises(ValidationError):
        services.traject_close(traject=traject, status=TrajectStatus.COMPLETED, closing_outcome="")


def test_closing_a_running_traject_without_an_outcome_is_refused():
    traject = TrajectFactory(started_on=TODAY)
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        services.traject_close(
            traject=traject, status=TrajectStatus.COMPLETED, closing_outcome="", closed_on=TODAY
        )
    with translation.override("nl"):
        assert exc.value.message_dict["closing_outcome"] == ["Kies de uitkomst van het traject."]
    traject.refresh_from_db()
    assert (traject.status, traject.closed_on, traject.closing_outcome) == (
        TrajectStatus.RUNNING,
        None,
        "",
    )


def test_database_refuses_a_closed_traject_without_an_outcome():
    traject = TrajectFactory(started_on=TODAY)
    closed = {"status": TrajectStatus.STOPPED_EARLY, "closed_on": TODAY}
    with pytest.raises(IntegrityError), transaction.atomic():
        Traject.objects.filter(pk=traject.pk).update(closing_outcome="", **closed)
    # The model check says the same before anything reaches the database.
    with translation.override("nl"), pytest.raises(ValidationError) as exc:
        Traject(desk=traject.desk, code="WXYZ-2345", started_on=TODAY, **closed).full_clean()
    with translation.override("nl"):
        assert "Een afgesloten traject heeft een uitkomst." in exc.value.messages
    Traject.objects.filter(pk=traject.pk).update(closing_outcome=Outcome.NO_FOLLOW_UP, **closed)


def test_traject_update_corrects_but_never_closes_or_reopens():
    traject = TrajectFactory(started_on=TODAY)
    services.session_create(traject=traject, date=TODAY + datetime.timedelta(days=7))
    later = TODAY + datetime.timedelta(days=2)
    assert services.traject_update(traject=traject, started_on=later).started_on == later
    with pytest.raises(ValidationError) as exc:
        services.traject_update(traject=traject, started_on=TODAY + datetime.timedelta(days=8))
    assert "started_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.traject_update(
            traject=traject, started_on=later, status=TrajectStatus.COMPLETED, closed_on=later
        )
    services.traject_close(
        traject=traject, status=TrajectStatus.COMPLETED, closing_outcome=Outcome.HELPED
    )
    with pytest.raises(ValidationError) as exc:
        services.traject_update(traject=traject, started_on=later, status=TrajectStatus.RUNNING)
    assert "status" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.traject_update(traject=traject, started_on=later, closing_outcome="")
    assert "closing_outcome" in exc.value.message_dict
    traject.refresh_from_db()
    assert (traject.status, traject.closing_outcome) == (TrajectStatus.COMPLETED, Outcome.HELPED)


def test_outbound_referral_from_visit_and_traject():
    desk = DeskFactory()
    visit = VisitFactory(desk=desk)
    therapy = Organisation.objects.get(name="Relatietherapie bij een particuliere aanbieder")
    referral = services.referral_add(owner=visit, to_organisation=therapy, warm_handover=True)
    assert (referral.from_organisation, referral.to_organisation, referral.warm_handover) == (
        desk.organisation,
        therapy,
        True,
    )
    traject = TrajectFactory(desk=desk)
    villa = Organisation.objects.get(name="Villa Pinedo")
    services.referral_add(owner=traject, to_organisation=villa, warm_handover=False)
    assert traject.referrals.get().to_organisation == villa


def test_feedback_link_works_once():
    invitation = FeedbackInvitationFactory()
    services.feedback_submit(
        token=invitation.token, got_answer="ja", rating=8, would_recommend=True, comment="Fijn"
    )
    with pytest.raises(InvitationUsed):
        services.feedback_submit(
            token=invitation.token, got_answer="ja", rating=8, would_recommend=True
        )
    with pytest.raises(InvitationUsed):
        services.feedback_submit(token="unknown", got_answer="ja", rating=8, would_recommend=True)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_sixth_sessions_leave_exactly_five():
    if connection.vendor != "postgresql":
        pytest.skip("row locks across connections are tested on PostgreSQL")
    traject = TrajectFactory(started_on=TODAY)
    for _ in range(4):
        services.session_create(traject=traject, date=TODAY)
    barrier = threading.Barrier(3)
    outcomes = []

    def save():
        from django.db import connections

        try:
            barrier.wait()
            services.session_create(traject=Traject.objects.get(pk=traject.pk), date=TODAY)
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "saved"]
    assert Session.objects.filter(traject=traject).count() == 5
