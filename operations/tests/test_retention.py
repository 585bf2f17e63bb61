"""`manage.py apply_retention`: each category removed after its period, counts in the audit
trail, the dry run changes nothing, the audit floor holds in the database."""

import datetime
import io
from unittest import mock

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from intake.constants import Outcome, TrajectStatus
from intake.models import FeedbackInvitation, Traject
from intake.tests.factories import (
    DeskFactory,
    FeedbackFactory,
    FeedbackInvitationFactory,
    TrajectFactory,
    VisitFactory,
)
from operations.models import RetentionRun

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _at(days_ago):
    """Create records as if `days_ago` days ago (auto_now_add takes timezone.now)."""
    return mock.patch("django.utils.timezone.now", return_value=NOW - datetime.timedelta(days_ago))


def _login_records(days_ago, name):
    with _at(days_ago):
        fields = {"username": name, "ip_address": "192.0.2.7", "user_agent": "x", "path_info": "/"}
        AccessAttempt.objects.create(**fields, get_data="", post_data="", failures_since_start=1)
        AccessFailureLog.objects.create(**fields)
        AccessLog.objects.create(**fields)


def _audit_entry(days_ago, object_id):
    with _at(days_ago):
        return AuditEntry.objects.create(
            action="update",
            content_type=ContentType.objects.get_for_model(Traject),
            object_id=object_id,
        )


@pytest.fixture
def world():
    desk = DeskFactory()
    _login_records(100, "oud")
    _login_records(10, "nieuw")
    old_session = SessionStore()
    old_session.create()
    Session.objects.filter(session_key=old_session.session_key).update(
        expire_date=NOW - datetime.timedelta(hours=1)
    )
    live_session = SessionStore()
    live_session.create()
    with _at(40):
        expired_link = FeedbackInvitationFactory(desk=desk)
        used_link = FeedbackInvitationFactory(desk=desk, visit=VisitFactory(desk=desk))
    used_link.used_at = NOW - datetime.timedelta(days=35)
    used_link.save()
    FeedbackFactory(invitation=used_link)
    fresh_link = FeedbackInvitationFactory(desk=desk)
    old_entry = _audit_entry(800, "oud")
    young_entry = _audit_entry(200, "jong")
    today = timezone.localdate()
    closed = {"status": TrajectStatus.COMPLETED, "closing_outcome": Outcome.HELPED}
    old_traject = TrajectFactory(
        desk=desk,
        code="OUDE-CODE",
        started_on=today - datetime.timedelta(days=420),
        closed_on=today - datetime.timedelta(days=400),
        **closed,
    )
    recent_traject = TrajectFactory(
        desk=desk,
        code="RECE-NTCO",
        started_on=today - datetime.timedelta(days=100),
        closed_on=today - datetime.timedelta(days=30),
        **closed,
    )
    running = TrajectFactory(desk=desk, code="LOOP-TNOG", started_on=today)
    return locals()


EXPECTED = {
    "login_attempts": 2,  # the attempt and its failure-log line
    "login_logs": 1,
    "sessions": 1,
    "feedback_links_expired": 1,
    "feedback_links_used": 1,
    "audit_entries": 1,
    "traject_codes": 1,
}


def test_dry_run_prints_what_would_go_and_changes_nothing(world):
    before = (AccessAttempt.objects.count(), Session.objects.count(), AuditEntry.objects.count())
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "failed-login records: would remove 2 (older than 90 days" in text
    assert "expired sessions: would remove 1 (past their expiry)" in text
    assert "codes of closed trajects: would remove 1 (older than 365 days" in text
    after = (AccessAttempt.objects.count(), Session.objects.count(), AuditEntry.objects.count())
    assert after == before and not RetentionRun.objects.exists()
    assert Traject.objects.filter(code="OUDE-CODE").exists()


def test_retention_removes_each_category_after_its_period_and_audits_counts(world, client):
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    run = RetentionRun.objects.get()
    assert {name: getattr(run, name) for name in EXPECTED} == EXPECTED
    assert "audit entries: removed 1" in out.getvalue()

    # Login records: the young ones stay.
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"nieuw"}
    assert set(AccessFailureLog.objects.values_list("username", flat=True)) == {"nieuw"}
    assert set(AccessLog.objects.values_list("username", flat=True)) == {"nieuw"}
    assert list(Session.objects.values_list("session_key", flat=True)) == [
        world["live_session"].session_key
    ]
    # Feedback: the unused old link is gone (its page says so), the used one keeps its
    # answers without the visit, the fresh link still works.
    assert not FeedbackInvitation.objects.filter(pk=world["expired_link"].pk).exists()
    response = client.get(reverse("intake:feedback_form", args=[world["expired_link"].token]))
    assert response.status_code == 404
    used = FeedbackInvitation.objects.get(pk=world["used_link"].pk)
    assert used.visit is None and used.token != world["used_link"].token
    assert used.feedback.rating == 8
    assert (
        client.get(reverse("intake:feedback_form", args=[world["fresh_link"].token])).status_code
        == 200
    )
    # Audit: the entry past 730 days is gone, the one of 200 days stays.
    ids = set(AuditEntry.objects.values_list("object_id", flat=True))
    assert "oud" not in ids and "jong" in ids
    # Traject codes: only the code closed over a year ago is retired; the traject stays.
    codes = set(Traject.objects.values_list("code", flat=True))
    assert {"RECE-NTCO", "LOOP-TNOG"} <= codes and "OUDE-CODE" not in codes
    assert Traject.objects.get(pk=world["old_traject"].pk).code.startswith("0")

    # The run in the audit trail: the categories by name, the counts in the run, no content.
    entry = AuditEntry.objects.get(action="retention")
    assert entry.actor is None and entry.object_id == str(run.pk)
    assert entry.fields == sorted(EXPECTED)

    # A second run finds nothing more, and says so.
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert out.getvalue().count("removed nothing") == len(EXPECTED) + 1  # + evaluation links
    assert AuditEntry.objects.filter(action="retention").count() == 2


def test_the_periods_come_from_the_settings(world, settings):
    settings.RETENTION_LOGIN_RECORDS_DAYS = 5
    settings.RETENTION_TRAJECT_CODE_DAYS = 20
    call_command("apply_retention", stdout=io.StringIO())
    run = RetentionRun.objects.get()
    assert (run.login_attempts, run.login_logs, run.traject_codes) == (4, 2, 2)


def test_the_audit_floor_holds_in_the_settings_and_in_the_database(world, settings):
    settings.RETENTION_AUDIT_DAYS = 30
    with pytest.raises(CommandError, match="at least 183"):
        call_command("apply_retention", stdout=io.StringIO())
    assert AuditEntry.objects.filter(object_id="jong").exists()
    # Past the command: the database refuses to delete an entry younger than six months,
    # and to change any entry; an entry past the floor it lets go.
    _audit_entry(170, "recent")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(object_id="recent").delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(object_id="oud").update(object_id="x")
    assert AuditEntry.objects.filter(object_id="recent").exists()
    assert AuditEntry.objects.filter(object_id="jong").delete()[0] == 1
