"""The report lane: at most REPORT_CONCURRENCY reports run at once over all worker processes; a
report that finds no free slot waits: on PostgreSQL in a first-come-first-served queue with a
Dutch waiting page that keeps its place, without the queue (SQLite) until the Dutch 503 page;
a save never waits for it.

"Another worker's report" is a thread holding a slot: it has its own database connection (the
advisory lock on PostgreSQL is per connection) and its own open file (flock on SQLite), exactly
as a report in a second gunicorn process would.
"""

import contextlib
import threading

import pytest
from django.db import connection
from django.urls import reverse

from intake.models import Visit
from intake.tests.factories import DeskFactory
from relatieloket import lanes
from relatieloket.models import ReportTicket
from relatieloket.roles import Role

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}


@contextlib.contextmanager
def reports_elsewhere(count=1):
    """`count` report slots taken by other 'workers' until the block ends."""
    taken, release = threading.Barrier(count + 1), threading.Event()
    errors = []

    def hold():
        try:
            with lanes.report_slot(wait=0):
                taken.wait(timeout=30)
                release.wait(timeout=30)
        except Exception as error:  # noqa: BLE001 - reported below, never swallowed
            errors.append(error)
            taken.abort()
        finally:
            connection.close()

    holders = [threading.Thread(target=hold) for _ in range(count)]
    for holder in holders:
        holder.start()
    with contextlib.suppress(threading.BrokenBarrierError):  # a holder failed: see errors
        taken.wait(timeout=30)
    try:
        assert not errors, errors
        yield release
    finally:
        release.set()
        for holder in holders:
            holder.join(timeout=30)


def free_elsewhere():
    """Whether another worker could take a slot now."""
    answer = []

    def attempt():
        try:
            with lanes.report_slot(wait=0):
                answer.append(True)
        except lanes.LaneBusy:
            answer.append(False)
        finally:
            connection.close()

    thread = threading.Thread(target=attempt)
    thread.start()
    thread.join(timeout=30)
    return answer == [True]


@pytest.fixture
def desk(dordrecht):
    return DeskFactory(municipality=dordrecht)


@pytest.fixture
def policy(client, make_user, dordrecht):
    client.force_login(make_user(Role.POLICY, municipalities=[dordrecht]))
    return client


@pytest.fixture
def one_slot(settings):
    settings.REPORT_CONCURRENCY = 1
    settings.REPORT_LANE_WAIT = 0
    settings.REPORT_QUEUE_HOLD = 0
    return settings


def assert_waits(response):
    """Not served now: the waiting page with its place (the queue, PostgreSQL) or the busy page
    (the lane without a queue)."""
    page = response.content.decode()
    if lanes.queue_enabled():
        assert response.status_code == 202
        assert "U bent nummer" in page and 'http-equiv="refresh"' in page
    else:
        assert response.status_code == 503 and "Het is even druk" in page


def _visit_post():
    return {
        "date": "2024-03-14",
        "channel": "inloop",
        "who_came": "een_partner",
        "women": "1",
        "men": "0",
        "other_gender": "0",
        "age_band": "35_44",
        "question": "herstellen",
        "track": "A",
        "outcome": "op_weg_geholpen",
    }


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("reports:start", PERIOD),
        ("reports:export", {**PERIOD, "tabel": "vragen", "formaat": "csv"}),
        ("referrals:flow_map", PERIOD),
    ],
)
def test_a_report_finding_every_slot_taken_gets_the_dutch_busy_page(policy, one_slot, name, params):
    one_slot.REPORT_QUEUE = False  # the lane without a queue (SQLite, or switched off)
    with reports_elsewhere():
        busy = policy.get(reverse(name), params)
    assert busy.status_code == 503
    assert busy["Retry-After"] == "10"
    page = busy.content.decode()
    assert "Het is even druk" in page and "Contacten opslaan gaat gewoon door" in page
    # Once the other report is done, the same request runs.
    assert policy.get(reverse(name), params).status_code == 200


def test_a_save_is_never_blocked_by_the_reports(client, make_user, desk, one_slot):
    counsellor = make_user(Role.COUNSELLOR, desks=[desk])
    client.force_login(counsellor)
    with reports_elsewhere():
        assert not free_elsewhere()  # the lane is full …
        response = client.post(reverse("intake:visit_create"), _visit_post())
    assert response.status_code == 302  # … and the save went through at once
    assert Visit.objects.filter(desk=desk, date="2024-03-14").count() == 1


def test_a_waiting_report_runs_when_the_slot_comes_free(policy, settings, monkeypatch):
    settings.REPORT_CONCURRENCY = 1
    settings.REPORT_LANE_WAIT = 600  # never reached: the other report ends at the first pause
    settings.REPORT_QUEUE_HOLD = 600
    pauses = []
    with reports_elsewhere() as release:

        def pause(seconds):
            pauses.append(seconds)
            release.set()
            # Until the other 'worker' has let go: then the next attempt finds the slot free.
            while not free_elsewhere():
                pass

        monkeypatch.setattr(lanes, "_sleep", pause)
        response = policy.get(reverse("reports:start"), PERIOD)
    assert response.status_code == 200 and "figures" in response.context
    assert len(pauses) == 1  # it waited, and ran as soon as the slot was free


def test_more_slots_let_that_many_reports_run_at_once(policy, settings):
    settings.REPORT_CONCURRENCY = 2
    settings.REPORT_LANE_WAIT = 0
    with reports_elsewhere(1):
        assert policy.get(reverse("reports:start"), PERIOD).status_code == 200
    with reports_elsewhere(2):
        assert_waits(policy.get(reverse("reports:start"), PERIOD))


def test_the_slot_is_given_back_after_a_report_and_after_an_error(policy, one_slot, monkeypatch):
    assert policy.get(reverse("reports:start"), PERIOD).status_code == 200
    assert free_elsewhere()

    def broken(**kwargs):
        raise RuntimeError("a bug in a report")

    monkeypatch.setattr("reports.dashboard.views.selectors.dashboard_figures", broken)
    with pytest.raises(RuntimeError):
        policy.get(reverse("reports:start"), PERIOD)
    assert free_elsewhere()
    assert not ReportTicket.objects.exists()  # nor does its ticket stay in the queue


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
def test_a_runaway_report_query_is_cancelled_with_the_busy_page(policy, one_slot, monkeypatch):
    one_slot.REPORT_STATEMENT_TIMEOUT = 50  # milliseconds

    def runaway(**kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(10)")

    monkeypatch.setattr("reports.dashboard.views.selectors.dashboard_figures", runaway)
    busy = policy.get(reverse("reports:start"), PERIOD)
    assert busy.status_code == 503 and "Het is even druk" in busy.content.decode()
    assert free_elsewhere()
    monkeypatch.undo()
    # The connection is usable again and the timeout was the report's only.
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] != "50ms"
    assert policy.get(reverse("reports:start"), PERIOD).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel workers are PostgreSQL's")
def test_a_report_runs_without_parallel_workers_and_leaves_the_setting(
    policy, one_slot, monkeypatch
):
    seen = []

    def figures(**kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            seen.append(cursor.fetchone()[0])
        raise RuntimeError("seen enough")

    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        before = cursor.fetchone()[0]
    monkeypatch.setattr("reports.dashboard.views.selectors.dashboard_figures", figures)
    with pytest.raises(RuntimeError):
        policy.get(reverse("reports:start"), PERIOD)
    assert seen == ["0"] and before != "0"
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == before
