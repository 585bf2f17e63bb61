"""Retention of personal data (AVG art. 5(1)(e), BIO 12.4.1): what is removed when.

`apply_retention(now=..., dry_run=...)` removes, per category, what is older than its period
(settings RETENTION_*_DAYS, README "Deploying" gives the reasons) and records the counts in a
`RetentionRun` that the audit trail points at; never what the records held.

Categories:
- failed-login records (django-axes: attempts and failure log, with user name and IP address)
  and the records of successful logins (same fields);
- expired sessions (a session ends 8 hours after login at the latest);
- feedback links: an unused link older than its period is deleted (the link expires); a used
  one keeps the anonymous answers but loses its tie to the visit and its token;
- audit entries older than their period, never younger than the floor the database enforces
  (audit.triggers.MINIMUM_RETENTION_DAYS);
- the code of a closed traject after the follow-up period: replaced by a random value that no
  card carries (it starts with "0", which the code alphabet lacks), so the couple's card no
  longer leads to the traject; the traject and its sessions stay in the figures;
- the tie of a traject's evaluation (scores, follow-up answers) to the traject and its code,
  EVALUATION_FOLLOW_UP_MONTHS after closing (`evaluation.services.retention_apply`): the
  evaluation keeps its desk, dates and goal, so the figures stay the same.

Visits, trajects, referrals and feedback answers hold no personal data (DESIGN.md: anonymity)
and stay for the figures; published letters never change.
"""

import datetime
import secrets
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.constants import Action
from audit.models import AuditEntry
from audit.services import record
from audit.triggers import MINIMUM_RETENTION_DAYS
from evaluation import services as evaluation_services
from intake.models import FeedbackInvitation, Traject

from .models import RetentionRun

RETIRED_CODE_PREFIX = "0"


@dataclass(frozen=True)
class Category:
    field: str  # of RetentionRun
    label: str
    setting: str | None  # the RETENTION_* setting, None when the period is the record's own
    unit: str = "days"


CATEGORIES = (
    Category("login_attempts", _("failed-login records"), "RETENTION_LOGIN_RECORDS_DAYS"),
    Category("login_logs", _("login records"), "RETENTION_LOGIN_RECORDS_DAYS"),
    Category("sessions", _("expired sessions"), None),
    Category("feedback_links_expired", _("unused feedback links"), "RETENTION_FEEDBACK_LINK_DAYS"),
    Category("feedback_links_used", _("used feedback links"), "RETENTION_FEEDBACK_LINK_DAYS"),
    Category("audit_entries", _("audit entries"), "RETENTION_AUDIT_DAYS"),
    Category("traject_codes", _("codes of closed trajects"), "RETENTION_TRAJECT_CODE_DAYS"),
    Category(
        "evaluation_links",
        _("evaluation scores tied to a traject code"),
        "EVALUATION_FOLLOW_UP_MONTHS",
        unit="months",
    ),
)


def periods() -> dict:
    """The period in days per setting; refuses an audit period below the floor."""
    values = {c.setting: getattr(settings, c.setting) for c in CATEGORIES if c.setting}
    if values["EVALUATION_FOLLOW_UP_MONTHS"] < 6:
        raise ImproperlyConfigured(
            "EVALUATION_FOLLOW_UP_MONTHS must be at least 6 (the 6-month follow-up needs the code)."
        )
    for name, days in values.items():
        if days < 1:
            raise ImproperlyConfigured(f"{name} must be at least 1 day.")
    if values["RETENTION_AUDIT_DAYS"] < MINIMUM_RETENTION_DAYS:
        raise ImproperlyConfigured(
            f"RETENTION_AUDIT_DAYS must be at least {MINIMUM_RETENTION_DAYS} (BIO 12.4.1)."
        )
    return values


def _querysets(now):
    days = periods()

    def before(setting):
        return now - datetime.timedelta(days=days[setting])

    login_before = before("RETENTION_LOGIN_RECORDS_DAYS")
    links_before = before("RETENTION_FEEDBACK_LINK_DAYS")
    codes_before = timezone.localdate(before("RETENTION_TRAJECT_CODE_DAYS"))
    return {
        "login_attempts": (
            AccessAttempt.objects.filter(attempt_time__lt=login_before),
            AccessFailureLog.objects.filter(attempt_time__lt=login_before),
        ),
        "login_logs": (AccessLog.objects.filter(attempt_time__lt=login_before),),
        "sessions": (Session.objects.filter(expire_date__lt=now),),
        "feedback_links_expired": (
            FeedbackInvitation.objects.filter(used_at__isnull=True, created_at__lt=links_before),
        ),
        "feedback_links_used": (
            FeedbackInvitation.objects.filter(used_at__lt=links_before, visit__isnull=False),
        ),
        "audit_entries": (
            AuditEntry.objects.filter(created_at__lt=before("RETENTION_AUDIT_DAYS")),
        ),
        "traject_codes": (
            Traject.objects.filter(closed_on__lt=codes_before).exclude(
                code__startswith=RETIRED_CODE_PREFIX
            ),
        ),
        "evaluation_links": (evaluation_services.retention_due(today=timezone.localdate(now)),),
    }


def pending(now=None) -> dict:
    """What a run at `now` would remove: the count per category."""
    now = now or timezone.now()
    return {
        name: sum(qs.count() for qs in querysets) for name, querysets in _querysets(now).items()
    }


def _retire_code(traject):
    for _attempt in range(10):
        code = RETIRED_CODE_PREFIX + secrets.token_hex(5)
        if not Traject.objects.filter(code=code).exists():
            Traject.objects.filter(pk=traject).update(code=code)
            return
    raise RuntimeError("no free retired code")  # 16^10 values: never in practice


@transaction.atomic
def apply_retention(now=None) -> RetentionRun:
    """Remove what is past its period and record the counts; returns the run."""
    now = now or timezone.now()
    querysets = _querysets(now)
    counts = {}
    for name in ("login_attempts", "login_logs", "sessions", "feedback_links_expired"):
        counts[name] = 0
        for qs in querysets[name]:
            # Only the rows of the model itself count, not what a cascade took along.
            _total, per_model = qs.delete()
            counts[name] += per_model.get(qs.model._meta.label, 0)
    (used,) = querysets["feedback_links_used"]
    counts["feedback_links_used"] = 0
    for pk in list(used.values_list("pk", flat=True)):
        FeedbackInvitation.objects.filter(pk=pk).update(
            visit=None, token=f"{RETIRED_CODE_PREFIX}-{secrets.token_urlsafe(24)}"
        )
        counts["feedback_links_used"] += 1
    (audit,) = querysets["audit_entries"]
    counts["audit_entries"] = audit.delete()[0]
    (codes,) = querysets["traject_codes"]
    counts["traject_codes"] = 0
    for pk in list(codes.values_list("pk", flat=True)):
        _retire_code(pk)
        counts["traject_codes"] += 1
    counts["evaluation_links"] = evaluation_services.retention_apply(today=timezone.localdate(now))
    run = RetentionRun.objects.create(**counts)
    record(
        actor=None,
        action=Action.RETENTION,
        obj=run,
        fields=[name for name, count in counts.items() if count],
    )
    return run
