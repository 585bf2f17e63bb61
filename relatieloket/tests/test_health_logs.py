"""Liveness, readiness and the JSON logs (request id, user id, roles; never a form value)."""

import io
import json
import logging

import pytest
from django.db import DatabaseError
from django.urls import reverse

from intake.models import Visit
from intake.tests.factories import DeskFactory, FeedbackInvitationFactory
from relatieloket import health
from relatieloket.logs import JsonFormatter
from relatieloket.roles import Role

pytestmark = pytest.mark.django_db

MARKER = "Vertrouwelijk-Merkteken-7Q4Z"


def test_liveness_needs_no_database(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", broken)
    response = client.get("/_healthz/livez/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_probes_answer_by_pod_address_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["relatieloket.gemeente.example"]
    for path in ("/_healthz/livez/", "/_healthz/readyz/"):
        assert client.get(path, HTTP_HOST="10.42.0.7:8000").status_code == 200
    # Everything else still checks the host.
    assert client.get("/inloggen/", HTTP_HOST="10.42.0.7:8000").status_code == 400


def test_readiness_checks_the_database_and_the_migrations(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "applied"}

    # A migration on disk that the database does not have yet: not ready.
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(
        "django.db.migrations.executor.MigrationExecutor.migration_plan",
        lambda self, targets: [("pending", False)],
    )
    response = client.get(reverse("readyz"))
    assert response.status_code == 503 and response.json()["migrations"] == "pending"

    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", broken)
    response = client.get(reverse("readyz"))
    assert response.status_code == 503 and response.json()["database"] == "unavailable"
    # The old endpoint stays.
    monkeypatch.undo()
    assert client.get(reverse("healthz")).status_code == 200


@pytest.fixture
def json_log():
    """Everything logged, formatted as production formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def test_logs_are_json_with_request_id_user_and_role_and_no_form_values(
    client, make_user, json_log
):
    desk = DeskFactory()
    user = make_user(Role.COUNSELLOR, desks=[desk])
    client.force_login(user)
    # A visit whose notes the form refuses, one it saves, and an anonymous questionnaire.
    base = {
        "date": "2025-03-14",
        "channel": "inloop",
        "who_came": "beide_partners",
        "women": "1",
        "men": "1",
        "other_gender": "0",
        "age_band": "35_44",
        "children": "2",
        "question": "herstellen",
        "track": "A",
        "outcome": "op_weg_geholpen",
    }
    refused = client.post(reverse("intake:visit_create"), {**base, "notes": f"{MARKER} 0612345678"})
    assert refused.status_code == 200
    saved = client.post(
        reverse("intake:visit_create"),
        {**base, "notes": f"{MARKER} besproken"},
        HTTP_X_REQUEST_ID="proxy-id-12345678",
    )
    assert saved.status_code == 302 and Visit.objects.count() == 1
    assert saved["X-Request-ID"] == "proxy-id-12345678"
    client.logout()
    invitation = FeedbackInvitationFactory(desk=desk)
    client.post(
        reverse("intake:feedback_form", args=[invitation.token]),
        {"got_answer": "ja", "rating": "8", "would_recommend": "True", "comment": MARKER},
    )
    # A login attempt whose user name and password are the marker.
    client.post(
        reverse("login"),
        {"auth-username": MARKER, "auth-password": MARKER, "login_view-current_step": "auth"},
    )

    output = json_log.getvalue()
    assert MARKER not in output
    assert invitation.token not in output
    lines = [json.loads(line) for line in output.splitlines()]
    requests = [line for line in lines if line["logger"] == "relatieloket.requests"]
    assert [line["route"] for line in requests] == [
        "intake:visit_create",
        "intake:visit_create",
        "intake:feedback_form",
        "login",
    ]
    assert all(len(line["request_id"]) >= 8 for line in requests)
    # A line logged while a request runs carries that request's id (the lockout's here).
    failure = next(line for line in lines if "login failure" in line["message"])
    assert failure["request_id"] == requests[3]["request_id"]
    assert requests[1]["request_id"] == "proxy-id-12345678"
    assert requests[0]["request_id"] != requests[2]["request_id"]
    assert (requests[1]["user_id"], requests[1]["roles"], requests[1]["status"]) == (
        user.pk,
        ["hulpverlener"],
        302,
    )
    assert (requests[2]["user_id"], requests[2]["roles"]) == (None, [])


def test_an_exception_is_logged_without_its_message():
    try:
        raise ValueError(MARKER)
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), None)
        import sys

        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["exception"] == "builtins.ValueError" and line["frames"]
    assert MARKER not in json.dumps(line)
