"""Writes of trajects and their sessions: start with a random code, number, close, delete."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import audited, record, record_create

from .. import figures
from ..constants import CLOSING_OUTCOMES, MAX_SESSIONS, Outcome, Track, TrajectStatus
from ..models import (
    Session,
    Traject,
    Visit,
)
from .common import validated_save
from .referrals import delete_with_own_referrals

# No 0/O, 1/I/L: the code is copied by hand onto a card.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def traject_code_generate() -> str:
    """A random code like K7QM-R3TX; never derived from anything about the visitors."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def _already_started():
    return ValidationError(_("A traject was already started from this visit."))


def _traject_with_code(*, actor, desk, visit, started_on) -> Traject:
    """A new traject under a fresh random code; drawn again on the rare collision."""
    for _attempt in range(10):
        try:
            with transaction.atomic():
                traject = Traject(
                    code=traject_code_generate(), desk=desk, visit=visit, started_on=started_on
                )
                validated_save(traject, exclude=["code"])
                record_create(actor=actor, obj=traject)
                if visit is not None:
                    Visit.objects.filter(pk=visit.pk).update(
                        track=Track.SHORT_TRAJECT, outcome=Outcome.TRAJECT_STARTED
                    )
                    record(
                        actor=actor, action=Action.UPDATE, obj=visit, fields=["track", "outcome"]
                    )
                # After the visit's row, as every write locks a visit before its desk-months,
                # and all desk-months in one call (one order): no deadlock with a visit save.
                figures.refresh(
                    [figures.month_of(visit)] if visit is not None else [],
                    trajects=[figures.traject_month(traject)],
                )
                return traject
        except IntegrityError:
            if visit is not None and Traject.objects.filter(visit=visit).exists():
                raise _already_started() from None
            continue  # a code collision: draw again
    raise RuntimeError("could not draw a unique traject code")


def traject_start(*, actor=None, visit, started_on=None) -> Traject:
    """Start a short traject (track B) from a visit, with a fresh random code."""
    if Traject.objects.filter(visit=visit).exists():
        raise _already_started()
    return _traject_with_code(
        actor=actor, desk=visit.desk, visit=visit, started_on=started_on or visit.date
    )


def traject_create(*, actor=None, desk, started_on, visit=None) -> Traject:
    """A traject added by the functional admin: from a visit of the desk, or without one."""
    if visit is not None:
        if visit.desk_id != desk.pk:
            raise ValidationError({"visit": _("Choose a visit of the traject's desk.")})
        return traject_start(actor=actor, visit=visit, started_on=started_on)
    return _traject_with_code(actor=actor, desk=desk, visit=None, started_on=started_on)


def _lock_traject(pk):
    """The traject, locked until the end of the transaction; None if it is gone.

    PostgreSQL locks the row (SELECT … FOR UPDATE). SQLite has no row locks: a no-op UPDATE
    as the first statement takes its write lock at once, so a second writer waits for it
    (the busy timeout) instead of failing with "database is locked" half-way.
    """
    if connection.vendor == "sqlite":
        Traject.objects.filter(pk=pk).update(status=F("status"))
    return Traject.objects.select_for_update().filter(pk=pk).first()


def _renumber_sessions(traject, *, actor):
    """Close up the numbers of a traject's sessions to 1, 2, 3 … (under the traject's lock)."""
    sessions = list(Session.objects.filter(traject=traject).order_by("number", "pk"))
    for number, session in enumerate(sessions, start=1):
        if session.number != number:
            # One row at a time, upwards: the UNIQUE (traject, number) holds at every step.
            Session.objects.filter(pk=session.pk).update(number=number)
            session.number = number
            record(actor=actor, action=Action.UPDATE, obj=session, fields=["number"])
    return len(sessions)


def _too_many_sessions():
    return ValidationError(
        _("This traject already has %(max)s sessions; a traject has at most %(max)s sessions.")
        % {"max": MAX_SESSIONS},
        code="max_sessions",
    )


def session_create(
    *, actor=None, traject, date, minutes=90, attendance=None, themes=(), notes=""
) -> Session:
    """Log the next session of a running traject; a sixth one is refused.

    The traject row is locked so two counsellors saving at once get numbers in turn; the
    database CHECK (1..5) and UNIQUE (traject, number) stop anything that slips past.
    """
    try:
        with transaction.atomic():
            locked = _lock_traject(traject.pk)
            if locked is None:
                raise ValidationError(_("This traject no longer exists."))
            if locked.status != TrajectStatus.RUNNING:
                raise ValidationError(_("This traject is closed; no sessions can be added."))
            # Numbers are always 1..n; closing up first also heals a gap left by old data.
            count = _renumber_sessions(locked, actor=actor)
            if count >= MAX_SESSIONS:
                raise _too_many_sessions()
            session = Session(
                traject=locked, number=count + 1, date=date, minutes=minutes, notes=notes
            )
            if attendance:
                session.attendance = attendance
            if date < locked.started_on:
                raise ValidationError(
                    {"date": _("A session cannot be before the traject started.")}
                )
            session.full_clean(validate_constraints=False)
            session.save()
            if themes:
                session.themes.set(themes)
            record_create(actor=actor, obj=session, many_to_many=["themes"])
            figures.refresh(trajects=[figures.traject_month(locked)])
            return session
    except IntegrityError:
        raise _too_many_sessions() from None


@transaction.atomic
def session_update(*, actor=None, session, themes=None, **fields) -> Session:
    """Change a session's date, minutes, attendance, themes or notes (never its number)."""
    fields.pop("number", None)
    # Locked so no delete renumbers it while it is saved; its dates checked as stored now.
    traject = _lock_traject(session.traject_id)
    stored = Session.objects.filter(pk=session.pk).first()
    if stored is None or traject is None:
        raise ValidationError(_("This session was deleted in the meantime."))
    session.traject = traject
    session.number = stored.number  # as it is now: a delete may have moved it up
    with audited(session, actor=actor, before=stored, many_to_many=["themes"]):
        for name, value in fields.items():
            setattr(session, name, value)
        if session.date < session.traject.started_on:
            raise ValidationError({"date": _("A session cannot be before the traject started.")})
        validated_save(session)
        if themes is not None:
            session.themes.set(themes)
    figures.refresh(trajects=[figures.traject_month(traject)])
    return session


class SessionGone(Exception):
    """The session was deleted already (by a colleague at the same moment)."""


@transaction.atomic
def session_delete(*, actor=None, session) -> None:
    """Delete a session; the later ones move up so the numbers stay 1, 2, 3 … without gaps.

    Under the traject's row lock: two counsellors deleting sessions of one traject at once go
    in turn, the second sees the numbers the first left. The session is read again under the
    lock; if it is gone already, SessionGone (the view says so, never a 500). On SQLite the
    whole database is locked by the first write, which serialises the deletes as well.
    """
    traject = _lock_traject(session.traject_id)
    current = Session.objects.filter(pk=session.pk).first() if traject else None
    if current is None:
        raise SessionGone
    record(actor=actor, action=Action.DELETE, obj=current)
    current.delete()
    _renumber_sessions(traject, actor=actor)
    figures.refresh(trajects=[figures.traject_month(traject)])


def _check_closed_after_last_session(traject):
    """A traject closes on or after its last session (sessions of 2027 in a traject closed
    in 2026 make no sense in any report)."""
    if traject.closed_on is None:
        return
    last = traject.sessions.order_by("-date").values_list("date", flat=True).first()
    if last and traject.closed_on < last:
        raise ValidationError(
            {
                "closed_on": ValidationError(
                    _("The last session was on %(last)s; a traject closes on or after it."),
                    code="closed_before_last_session",
                    params={"last": last.strftime("%d-%m-%Y")},
                )
            }
        )


def _check_closing_outcome(closing_outcome):
    if closing_outcome not in CLOSING_OUTCOMES:
        raise ValidationError(
            {
                "closing_outcome": _(
                    "Choose how the traject turned out: helped on the way, referred on or no "
                    "follow-up."
                )
            }
        )


@transaction.atomic
def traject_close(*, actor=None, traject, status, closing_outcome, closed_on=None) -> Traject:
    """Close a running traject with its status and outcome."""
    locked = Traject.objects.select_for_update().get(pk=traject.pk)
    if locked.status != TrajectStatus.RUNNING:
        raise ValidationError(_("This traject is already closed."))
    if status == TrajectStatus.RUNNING:
        raise ValidationError({"status": _("Choose how the traject ended.")})
    if not closing_outcome:
        raise ValidationError({"closing_outcome": _("Choose the outcome of the traject.")})
    _check_closing_outcome(closing_outcome)
    locked.status = status
    locked.closing_outcome = closing_outcome
    locked.closed_on = closed_on or timezone.localdate()
    _check_closed_after_last_session(locked)
    validated_save(locked, exclude=["code"])
    record(
        actor=actor,
        action=Action.CLOSE,
        obj=locked,
        fields=["status", "closing_outcome", "closed_on"],
    )
    figures.refresh(trajects=[figures.traject_month(locked)])
    return locked


@transaction.atomic
def traject_update(
    *, actor=None, traject, started_on, status=None, closing_outcome=None, closed_on=None
) -> Traject:
    """Correct the start date, and for a closed traject how and when it ended.

    A running traject is closed through traject_close, never by editing its status; the
    closing fields left at None stay as they are.
    """
    locked = Traject.objects.select_for_update().get(pk=traject.pk)
    closing = {
        name: value
        for name, value in (
            ("status", status),
            ("closing_outcome", closing_outcome),
            ("closed_on", closed_on),
        )
        if value is not None
    }
    if closing and locked.status == TrajectStatus.RUNNING:
        raise ValidationError(_("Close a running traject with 'Close traject'."))
    if status == TrajectStatus.RUNNING:
        raise ValidationError({"status": _("Choose how the traject ended.")})
    if closing_outcome == "":
        raise ValidationError({"closing_outcome": _("Choose the outcome of the traject.")})
    if closing_outcome is not None:
        _check_closing_outcome(closing_outcome)
    first_session = locked.sessions.order_by("date").values_list("date", flat=True).first()
    if first_session and started_on > first_session:
        raise ValidationError({"started_on": _("A traject cannot start after its first session.")})
    started_in = figures.traject_month(locked)
    with audited(locked, actor=actor, before=locked):
        locked.started_on = started_on
        for name, value in closing.items():
            setattr(locked, name, value)
        _check_closed_after_last_session(locked)
        validated_save(locked, exclude=["code"])
    figures.refresh(trajects=[started_in, figures.traject_month(locked)])
    return locked


@transaction.atomic
def traject_delete(*, actor=None, traject) -> None:
    """Delete a traject with its sessions; referrals that belonged only to it go too."""
    # Read under the traject's lock: a colleague moving its start at the same moment goes first
    # or after, never between the read and the delete.
    traject = _lock_traject(traject.pk) or traject
    started_in = figures.traject_month(traject)
    for session in Session.objects.filter(traject=traject):
        record(actor=actor, action=Action.DELETE, obj=session)
    referral_months = delete_with_own_referrals(traject, actor=actor)
    figures.refresh(trajects=[started_in], referrals=referral_months)
