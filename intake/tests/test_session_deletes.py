"""Deleting sessions: under the traject's row lock, the numbers stay 1..n without gaps, a new
session gets the next number, and counsellors deleting at the same moment never get a 500."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from intake import services
from intake.models import Session
from relatieloket.roles import Role

from .factories import DeskFactory, TrajectFactory

DAY = datetime.date(2025, 3, 14)


def _numbers(traject):
    return list(
        Session.objects.filter(traject=traject).order_by("number").values_list("number", flat=True)
    )


def _traject_with_sessions(desk, count=5):
    traject = TrajectFactory(desk=desk, started_on=DAY)
    sessions = [services.session_create(traject=traject, date=DAY) for _ in range(count)]
    return traject, sessions


@pytest.mark.django_db
def test_deletes_with_stale_numbers_leave_1_to_n_and_the_next_session_follows(make_user, client):
    """Three counsellors opened the confirmation of sessions 2, 3 and 4 before any deleted:
    each request reads its session first and deletes it with the number it had then."""
    desk = DeskFactory()
    client.force_login(make_user(Role.COUNSELLOR, desks=[desk]))
    traject, sessions = _traject_with_sessions(desk)
    for session in sessions[1:4]:
        response = client.post(reverse("intake:session_delete", args=[session.pk]))
        assert response.status_code == 302
    assert _numbers(traject) == [1, 2]
    assert [s.pk for s in Session.objects.filter(traject=traject).order_by("number")] == [
        sessions[0].pk,
        sessions[4].pk,
    ]
    response = client.post(
        reverse("intake:session_add", args=[traject.pk]),
        {"date": DAY.isoformat(), "minutes": "90", "attendance": "beide_partners"},
    )
    assert response.status_code == 302
    assert _numbers(traject) == [1, 2, 3]
    # Deleting a session that is gone already is a 404, never a 500.
    gone = client.post(reverse("intake:session_delete", args=[sessions[1].pk]))
    assert gone.status_code == 404


@pytest.mark.django_db
def test_a_stale_delete_of_a_session_deleted_by_a_colleague_is_no_error():
    desk = DeskFactory()
    traject, sessions = _traject_with_sessions(desk, 3)
    stale = Session.objects.get(pk=sessions[1].pk)
    services.session_delete(session=sessions[1])
    with pytest.raises(services.SessionGone):
        services.session_delete(session=stale)
    assert _numbers(traject) == [1, 2]


@pytest.mark.django_db
def test_a_gap_left_by_old_data_is_closed_before_the_next_session():
    """Before the fix, racing deletes could leave [2, 3]; the next session heals it."""
    desk = DeskFactory()
    traject, sessions = _traject_with_sessions(desk, 3)
    Session.objects.filter(pk=sessions[0].pk).delete()  # past the service, as the old race did
    assert _numbers(traject) == [2, 3]
    assert services.session_create(traject=traject, date=DAY).number == 3
    assert _numbers(traject) == [1, 2, 3]


def _post_at_once(urls, users):
    """Each user POSTs their URL at the same moment, in a thread of their own."""
    barrier = threading.Barrier(len(urls), timeout=30)
    statuses = []

    def post(url, user):
        browser = Client(raise_request_exception=False)
        browser.force_login(user)
        try:
            barrier.wait()
            statuses.append(browser.post(url).status_code)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=post, args=pair) for pair in zip(urls, users, strict=True)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return statuses


@pytest.mark.django_db(transaction=True)
def test_three_counsellors_deleting_sessions_of_one_traject_at_once_never_500(make_user):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks between connections; this race runs on PostgreSQL")
    desk = DeskFactory()
    users = [make_user(Role.COUNSELLOR, desks=[desk]) for _ in range(3)]
    for _round in range(3):
        traject, sessions = _traject_with_sessions(desk)
        urls = [reverse("intake:session_delete", args=[s.pk]) for s in sessions[1:4]]
        assert _post_at_once(urls, users) == [302, 302, 302]
        assert _numbers(traject) == [1, 2]
        assert services.session_create(traject=traject, date=DAY).number == 3


@pytest.mark.django_db(transaction=True)
def test_two_counsellors_deleting_the_same_session_at_once_never_500(make_user):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks between connections; this race runs on PostgreSQL")
    desk = DeskFactory()
    users = [make_user(Role.COUNSELLOR, desks=[desk]) for _ in range(2)]
    traject, sessions = _traject_with_sessions(desk, 4)
    url = reverse("intake:session_delete", args=[sessions[1].pk])
    statuses = _post_at_once([url, url], users)
    assert 500 not in statuses and 302 in statuses
    assert _numbers(traject) == [1, 2, 3]
