"""The report queue (PostgreSQL): first come, first served over all worker processes, a Dutch
waiting page that keeps its place and refreshes itself, never a 503 for a report that waited its
turn, and saves that go through while reports queue.

A 'worker' is a thread with its own database connection: tickets, advisory locks and NOTIFY
are per connection, exactly as for a report in another gunicorn process.
"""

import html
import re
import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from intake.models import Visit
from intake.tests.factories import DeskFactory
from relatieloket import lanes
from relatieloket.models import ReportTicket
from relatieloket.roles import Role
from relatieloket.tests.test_lanes import PERIOD, _visit_post, free_elsewhere, reports_elsewhere

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the queue is PostgreSQL's (SQLite: the flock lane)"
)

REFRESH = re.compile(r'<meta http-equiv="refresh" content="(\d+);url=([^"]+)">')


@pytest.fixture
def queue(settings):
    settings.REPORT_QUEUE = True
    settings.REPORT_CONCURRENCY = 1
    settings.REPORT_QUEUE_HOLD = 0
    settings.REPORT_QUEUE_REFRESH = 2
    return settings


def officer(make_user, municipality):
    client = Client()
    client.force_login(make_user(Role.POLICY, municipalities=[municipality]))
    return client


def refresh_of(response):
    """What the browser does with the waiting page: (seconds, the address it loads then)."""
    found = REFRESH.search(response.content.decode())
    assert found, "the waiting page refreshes itself"
    return int(found.group(1)), html.unescape(found.group(2))


@pytest.mark.django_db
def test_the_waiting_page_says_the_place_and_keeps_it_when_it_refreshes(
    queue, make_user, dordrecht
):
    first, second = officer(make_user, dordrecht), officer(make_user, dordrecht)
    with reports_elsewhere():
        waiting = first.get(reverse("reports:start"), PERIOD)
        assert waiting.status_code == 202 and waiting["Retry-After"] == "2"
        page = waiting.content.decode()
        assert "Uw rapportage staat in de wachtrij" in page
        assert "U bent nummer 1 in de wachtrij." in page
        assert "gemaakt" not in page  # the report elsewhere has no ticket: none to count
        assert "Contacten opslaan gaat gewoon door." in page
        assert "<script" not in page.split("</head>")[0]  # the refresh needs no script
        seconds, url = refresh_of(waiting)
        assert seconds == 2
        assert url.startswith(reverse("reports:start") + "?")
        assert "start=2024-01-01" in url and "wachtrij=" in url
        assert f'href="{html.escape(url)}"' in page  # and a link for those who turned it off

        behind = second.get(reverse("reports:start"), PERIOD)
        assert "U bent nummer 2 in de wachtrij." in behind.content.decode()

        again = first.get(url)  # the refresh: still first, though someone came later
        assert again.status_code == 202
        assert "U bent nummer 1 in de wachtrij." in again.content.decode()
        seconds, url = refresh_of(again)
    served = first.get(url)
    assert served.status_code == 200 and "figures" in served.context
    # The view saw the request as asked: no ticket in its links (exports, filters).
    assert "wachtrij" not in served.context["query"]
    assert ReportTicket.objects.count() == 1  # the second officer's, still waiting
    _seconds, url = refresh_of(behind)
    assert second.get(url).status_code == 200
    assert not ReportTicket.objects.exists()
    assert free_elsewhere()


@pytest.mark.django_db
def test_a_waited_turn_is_never_answered_503(queue, make_user, dordrecht):
    queue.REPORT_QUEUE_LENGTH = 1
    first, late = officer(make_user, dordrecht), officer(make_user, dordrecht)
    with reports_elsewhere():
        waiting = first.get(reverse("reports:start"), PERIOD)
        assert waiting.status_code == 202
        # A full queue turns newcomers away, with the busy page …
        full = late.get(reverse("reports:start"), PERIOD)
        assert full.status_code == 503 and "Het is even druk" in full.content.decode()
        # … never someone in it: their refreshes keep waiting, then the report comes.
        for _ in range(3):
            waiting = first.get(refresh_of(waiting)[1])
            assert waiting.status_code == 202
    assert first.get(refresh_of(waiting)[1]).status_code == 200


@pytest.mark.django_db
def test_a_page_that_stopped_refreshing_loses_its_place_and_the_queue_moves(
    queue, make_user, dordrecht
):
    queue.REPORT_QUEUE_EXPIRE = 0.5
    gone, staying = officer(make_user, dordrecht), officer(make_user, dordrecht)
    with reports_elsewhere():
        left = gone.get(reverse("reports:start"), PERIOD)
        waiting = staying.get(reverse("reports:start"), PERIOD)
        assert "U bent nummer 2 in de wachtrij." in waiting.content.decode()
        time.sleep(0.6)  # the first page was closed: no refresh came
        waiting = staying.get(refresh_of(waiting)[1])
        assert "U bent nummer 1 in de wachtrij." in waiting.content.decode()
        # The closed page, opened again later, queues anew: behind, not a 503.
        back = gone.get(refresh_of(left)[1])
        assert back.status_code == 202
        assert "U bent nummer 2 in de wachtrij." in back.content.decode()


@pytest.mark.django_db
def test_a_ticket_is_its_user_s_own(queue, make_user, dordrecht):
    first, other = officer(make_user, dordrecht), officer(make_user, dordrecht)
    with reports_elsewhere():
        waiting = first.get(reverse("reports:start"), PERIOD)
        second = other.get(reverse("reports:start"), PERIOD)
        # Another user's address (or a forged ticket) does not give that place.
        borrowed = other.get(refresh_of(waiting)[1])
        assert "U bent nummer 3 in de wachtrij." in borrowed.content.decode()
        forged = other.get(reverse("reports:start"), {**PERIOD, "wachtrij": "1:forged"})
        assert "U bent nummer 4 in de wachtrij." in forged.content.decode()
    assert second.status_code == 202


def _report_in_thread(client, order, name, errors):
    def run():
        try:
            response = client.get(reverse("reports:start"), PERIOD)
            if response.status_code != 200:
                errors.append((name, response.status_code))
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append((name, error))
        finally:
            connection.close()

    return threading.Thread(target=run, name=name)


@pytest.mark.django_db(transaction=True)
def test_waiting_reports_are_served_first_come_first_served(
    queue, make_user, dordrecht, monkeypatch
):
    queue.REPORT_QUEUE_HOLD = 60  # they wait inside their request (LISTEN), no page in between
    order, errors = [], []
    original = lanes._run_report

    def run_report(view, request, *args, **kwargs):
        order.append(threading.current_thread().name)
        time.sleep(0.05)  # a report takes a moment: the others are woken while it runs
        return original(view, request, *args, **kwargs)

    monkeypatch.setattr(lanes, "_run_report", run_report)
    names = [f"officer-{i}" for i in range(5)]
    threads = []
    with reports_elsewhere():
        for i, name in enumerate(names):
            thread = _report_in_thread(officer(make_user, dordrecht), order, name, errors)
            thread.start()
            threads.append(thread)
            deadline = time.monotonic() + 30
            while ReportTicket.objects.count() < i + 1:  # its ticket is drawn: it has arrived
                assert time.monotonic() < deadline, errors
                time.sleep(0.01)
    # The slot comes free: they run one by one, in the order they came.
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert order == names
    assert not ReportTicket.objects.exists()
    assert free_elsewhere()


@pytest.mark.django_db
def test_a_newcomer_does_not_overtake_a_waiting_report(queue, make_user, dordrecht):
    """The slot comes free while the first in line is between two refreshes: a newcomer who
    finds the slot free still waits behind it (polling let it take the slot)."""
    first, newcomer = officer(make_user, dordrecht), officer(make_user, dordrecht)
    with reports_elsewhere():
        waiting = first.get(reverse("reports:start"), PERIOD)
    assert free_elsewhere()  # the slot is free …
    late = newcomer.get(reverse("reports:start"), PERIOD)
    assert late.status_code == 202  # … yet the newcomer queues behind the first
    assert "U bent nummer 2 in de wachtrij." in late.content.decode()
    assert first.get(refresh_of(waiting)[1]).status_code == 200
    assert newcomer.get(refresh_of(late)[1]).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_save_goes_through_while_reports_queue(queue, make_user, dordrecht, client):
    queue.REPORT_QUEUE_HOLD = 60
    desk = DeskFactory(municipality=dordrecht)
    client.force_login(make_user(Role.COUNSELLOR, desks=[desk]))
    errors = []
    threads = [
        _report_in_thread(officer(make_user, dordrecht), [], f"officer-{i}", errors)
        for i in range(3)
    ]
    with reports_elsewhere():
        for thread in threads:
            thread.start()
        while ReportTicket.objects.count() < 3:
            time.sleep(0.01)
        began = time.monotonic()
        response = client.post(reverse("intake:visit_create"), _visit_post())
        assert response.status_code == 302
        assert Visit.objects.filter(desk=desk, date="2024-03-14").count() == 1
        assert time.monotonic() - began < 10  # not behind the reports (they wait minutes)
        assert ReportTicket.objects.count() == 3  # the reports were still queued
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


@pytest.mark.django_db
def test_the_refresh_can_be_turned_off_and_the_place_is_kept_longer(queue, make_user, dordrecht):
    """WCAG 2.2.1: a page that refreshes itself can be told not to; the user then refreshes by
    hand, and the place waits REPORT_QUEUE_MANUAL_EXPIRE seconds for it."""
    queue.REPORT_QUEUE_EXPIRE = 0.3
    queue.REPORT_QUEUE_MANUAL_EXPIRE = 30
    first, newcomer = officer(make_user, dordrecht), officer(make_user, dordrecht)
    with reports_elsewhere():
        waiting = first.get(reverse("reports:start"), PERIOD)
        stop = re.search(
            r'<a class="btn btn-link" href="([^"]+)">Stoppen met automatisch vernieuwen</a>',
            waiting.content.decode(),
        )
        assert stop, "the waiting page offers to stop refreshing"
        manual = first.get(html.unescape(stop.group(1)))
        page = manual.content.decode()
        assert manual.status_code == 202
        assert 'http-equiv="refresh"' not in page
        assert "U bent nummer 1 in de wachtrij." in page
        assert "Uw plaats blijft na elke keer vernieuwen 30 seconden bewaard" in page
        time.sleep(0.5)  # longer than a refreshing page's ticket lives
        late = newcomer.get(reverse("reports:start"), PERIOD)
        assert "U bent nummer 2 in de wachtrij." in late.content.decode()
        now = re.search(
            r'<a class="btn btn-outline-dark" href="([^"]+)">Nu vernieuwen</a>', page
        ).group(1)
        assert "vernieuwen=nee" in now and "wachtrij=" in now
        again = first.get(html.unescape(now))
        assert "U bent nummer 1 in de wachtrij." in again.content.decode()
        assert 'http-equiv="refresh"' not in again.content.decode()
    served = first.get(html.unescape(now))
    assert served.status_code == 200
    assert "vernieuwen" not in served.context["query"] and "wachtrij" not in served.context["query"]
