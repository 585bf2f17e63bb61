"""Writes of the intake app: locations and walk-in hours, visits, trajects and their sessions,
activities, feedback.

Every function validates (full_clean) and saves inside a transaction; views, admin, commands
and tests all call these, so the rules exist once. Each write records itself in the audit trail
in the same transaction: `actor` is the user who did it (None for the system: demo data, a
command); the entry names the fields that changed, never their values.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import record, record_change, record_create, snapshot
from referrals.services import referral_create

from . import figures
from .constants import CLOSING_OUTCOMES, MAX_SESSIONS, Outcome, Track, TrajectStatus
from .models import (
    Activity,
    Feedback,
    FeedbackInvitation,
    Location,
    Session,
    Traject,
    Visit,
    WalkInException,
    WeeklyHour,
)
from .selectors import inbound_referral

# No 0/O, 1/I/L: the code is copied by hand onto a card.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

_KEEP = object()  # an update argument left out: the field keeps its value


def _save(instance, *, exclude=None):
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


# --- locations and walk-in hours -------------------------------------------------------------


def _duplicate_location_name():
    return ValidationError(
        {"name": _("This desk already has a location with this name.")}, code="unique"
    )


def _location_save(location, *, actor) -> Location:
    """Validate and save; a name the desk already uses (in any case) is a field error.

    The database's UNIQUE (desk, name) is the last word; the check here gives the coordinator
    a clear message instead of the generic one, and also catches a different capitalisation.
    """
    location.clean_fields()  # first: a name with a NUL character never reaches a query
    taken = Location.objects.filter(desk=location.desk, name__iexact=location.name)
    if location.pk:
        taken = taken.exclude(pk=location.pk)
    if taken.exists():
        raise _duplicate_location_name()
    before = snapshot(Location.objects.get(pk=location.pk)) if location.pk else None
    try:
        with transaction.atomic():
            _save(location)
    except IntegrityError:
        raise _duplicate_location_name() from None
    if before is None:
        record_create(actor=actor, obj=location)
    else:
        record_change(actor=actor, obj=location, before=before)
    return location


@transaction.atomic
def location_create(*, actor=None, desk, name, address="", is_active=True) -> Location:
    """Add a location of a desk, e.g. Brouwersdijk for the Dordrecht desk."""
    return _location_save(
        Location(desk=desk, name=name, address=address, is_active=is_active), actor=actor
    )


@transaction.atomic
def location_update(*, actor=None, location, name, address, is_active) -> Location:
    location.name = name
    location.address = address
    location.is_active = is_active
    return _location_save(location, actor=actor)


@transaction.atomic
def location_deactivate(*, actor=None, location) -> Location:
    """Stop offering a location. It is never deleted: past visits keep pointing to it."""
    was_active = Location.objects.filter(pk=location.pk, is_active=True).exists()
    location.is_active = False
    _save(location)
    if was_active:
        record(actor=actor, action=Action.DEACTIVATE, obj=location, fields=["is_active"])
    return location


@transaction.atomic
def _weekly_hour_save(hour):
    # full_clean() checks the model's CHECK (start < end) and names the error in Dutch.
    hour.full_clean()
    # Two hours on one day at one location may touch (10–12, 12–14) but not overlap. The
    # location is locked, so two coordinators adding overlapping hours at once go in turn.
    Location.objects.select_for_update().filter(pk=hour.location_id).first()
    overlapping = WeeklyHour.objects.filter(
        location_id=hour.location_id, weekday=hour.weekday, start__lt=hour.end, end__gt=hour.start
    ).exclude(pk=hour.pk)
    if overlapping.exists():
        raise ValidationError(
            {
                "start": _(
                    "This location already has a walk-in hour on that day that overlaps this one."
                )
            }
        )
    hour.save()
    return hour


@transaction.atomic
def weekly_hour_create(
    *, actor=None, location, weekday, start, end, interval_weeks=1, first_date=None
) -> WeeklyHour:
    """Add a walk-in hour, e.g. every Friday 10:00–12:00 at the Brouwersdijk."""
    hour = _weekly_hour_save(
        WeeklyHour(
            location=location,
            weekday=weekday,
            start=start,
            end=end,
            interval_weeks=interval_weeks,
            first_date=first_date,
        )
    )
    record_create(actor=actor, obj=hour)
    return hour


@transaction.atomic
def weekly_hour_update(
    *, actor=None, weekly_hour, weekday, start, end, interval_weeks=_KEEP, first_date=_KEEP
) -> WeeklyHour:
    """Move a walk-in hour to another day, time or rhythm; the same rules as a new one.

    The rhythm stays as it was unless given.
    """
    before = snapshot(WeeklyHour.objects.get(pk=weekly_hour.pk))
    weekly_hour.weekday, weekly_hour.start, weekly_hour.end = weekday, start, end
    if interval_weeks is not _KEEP:
        weekly_hour.interval_weeks = interval_weeks
    if first_date is not _KEEP:
        weekly_hour.first_date = first_date
    _weekly_hour_save(weekly_hour)
    record_change(actor=actor, obj=weekly_hour, before=before)
    return weekly_hour


# A cancelled range is a holiday or an illness, not a closure: a desk that stops closes.
MAX_EXCEPTION_DAYS = 92


@transaction.atomic
def walk_in_exception_create(*, actor=None, desk, first_day, last_day=None, reason):
    """Cancel the desk's walk-in hours on one day or a range, with a short public reason."""
    exception = WalkInException(
        desk=desk, first_day=first_day, last_day=last_day or first_day, reason=reason.strip()
    )
    exception.full_clean()
    if (exception.last_day - exception.first_day).days >= MAX_EXCEPTION_DAYS:
        raise ValidationError(
            {
                "last_day": _(
                    "Cancel at most %(days)d days at once; a desk that stops is closed instead."
                )
                % {"days": MAX_EXCEPTION_DAYS}
            }
        )
    overlapping = WalkInException.objects.filter(
        desk=desk, first_day__lte=exception.last_day, last_day__gte=exception.first_day
    )
    if overlapping.exists():
        raise ValidationError(
            {"first_day": _("These days overlap walk-in hours that are already cancelled.")}
        )
    exception.save()
    record_create(actor=actor, obj=exception)
    return exception


@transaction.atomic
def walk_in_exception_delete(*, actor=None, exception) -> None:
    """The walk-in hours are held on these days after all."""
    record(actor=actor, action=Action.DELETE, obj=exception)
    exception.delete()


@transaction.atomic
def weekly_hour_delete(*, actor=None, weekly_hour) -> None:
    record(actor=actor, action=Action.DELETE, obj=weekly_hour)
    weekly_hour.delete()


@transaction.atomic
def desk_organisation_changed(*, desk) -> None:
    """A desk's outbound referrals are those from its organisation: recount its referral
    figures after the organisation changed (the functional admin, rarely)."""
    figures.refresh(referrals=figures.referral_months(desks=[desk.pk]))


# --- visits ---------------------------------------------------------------------------------


def _sync_inbound_referral(visit, *, actor, is_new=False, warm=False, previous_desk=None):
    """Keep the one inbound referral of a visit in step with its 'referred by' field, its desk,
    its date, its question and whether the referrer handed the resident over in person (warm).
    `previous_desk`: where the visit was before a move (its inbound referral went there)."""
    desk = visit.desk
    inbound = None if is_new else inbound_referral(visit, desk=previous_desk)
    if inbound is not None:
        stored = (inbound.from_organisation_id, inbound.to_organisation_id, inbound.date)
        wanted = (visit.referred_by_id, desk.organisation_id, visit.date)
        if stored == wanted and inbound.question == visit.question:
            if inbound.warm_handover != warm:
                inbound.warm_handover = warm
                inbound.save(update_fields=["warm_handover"])
                record(actor=actor, action=Action.UPDATE, obj=inbound, fields=["warm_handover"])
            return
        visit.referrals.remove(inbound)
        record(actor=actor, action=Action.DELETE, obj=inbound)
        inbound.delete()
    if (
        visit.referred_by_id
        and desk.organisation_id
        and visit.referred_by_id != desk.organisation_id
    ):
        referral = referral_create(
            from_organisation=visit.referred_by,
            to_organisation=desk.organisation,
            municipality=desk.municipality,
            date=visit.date,
            question=visit.question,
            warm_handover=warm,
        )
        visit.referrals.add(referral)
        record_create(actor=actor, obj=referral)


@transaction.atomic
def visit_create(*, created_by, life_events=(), referred_by_warm=False, **fields) -> Visit:
    """Log an anonymous visit; a 'referred by' organisation becomes an inbound referral.

    `created_by` is the actor of the audit entry too.
    """
    visit = _save(Visit(created_by=created_by, **fields))
    if life_events:
        visit.life_events.add(*life_events)  # a new visit has none yet: no need to set()
    record_create(actor=created_by, obj=visit, many_to_many=["life_events"])
    _sync_inbound_referral(visit, actor=created_by, is_new=True, warm=referred_by_warm)
    figures.refresh([figures.month_of(visit)])
    _start_traject_if_chosen(visit, actor=created_by)
    return visit


def _start_traject_if_chosen(visit, *, actor):
    """Track B with the outcome "traject started": the traject starts with the visit, in one
    step, as the counsellor said."""
    wants_traject = visit.track == Track.SHORT_TRAJECT and visit.outcome == Outcome.TRAJECT_STARTED
    if wants_traject and not Traject.objects.filter(visit=visit).exists():
        traject_start(actor=actor, visit=visit)


@transaction.atomic
def visit_update(*, actor=None, visit, life_events=None, referred_by_warm=False, **fields) -> Visit:
    stored = Visit.objects.get(pk=visit.pk)
    before = snapshot(stored, many_to_many=["life_events"])
    # The desk-months of its referrals before and after: they move with the visit to another
    # desk, and the inbound one may be replaced (it counts as outbound when it comes from the
    # desk's own organisation, e.g. after a move).
    referral_months = figures.referral_months(visits=[visit.pk])
    for name, value in fields.items():
        setattr(visit, name, value)
    _save(visit)
    if life_events is not None:
        visit.life_events.set(life_events)
    record_change(actor=actor, obj=visit, before=before, many_to_many=["life_events"])
    if stored.desk_id != visit.desk_id:
        _move_outbound_referrals(visit, stored.desk, actor=actor)
    _sync_inbound_referral(visit, actor=actor, warm=referred_by_warm, previous_desk=stored.desk)
    referral_months |= {(visit.desk_id, month) for _desk, month in referral_months}
    referral_months |= figures.referral_months(visits=[visit.pk])
    figures.refresh([figures.month_of(stored), figures.month_of(visit)], referrals=referral_months)
    _start_traject_if_chosen(visit, actor=actor)
    return visit


def _move_outbound_referrals(visit, previous_desk, *, actor):
    """A visit moved to another desk (a correction): the referrals it made start from the new
    desk's organisation, in its municipality, as if entered there."""
    desk = visit.desk
    if not previous_desk.organisation_id or not desk.organisation_id:
        return
    for referral in visit.referrals.filter(from_organisation=previous_desk.organisation_id):
        if referral.to_organisation_id == desk.organisation_id:
            continue  # it would refer the desk to itself: left as it was
        referral.from_organisation_id = desk.organisation_id
        referral.municipality_id = desk.municipality_id
        referral.save(update_fields=["from_organisation", "municipality"])
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=referral,
            fields=["from_organisation", "municipality"],
        )


def _delete_with_own_referrals(owner, *, actor) -> set:
    """Delete a visit or traject; referrals that belonged only to it go too. Returns the
    desk-months of its referrals, whose figures the caller refreshes."""
    referrals = list(owner.referrals.all())
    months = figures.referral_months(referrals=referrals)
    record(actor=actor, action=Action.DELETE, obj=owner)
    owner.delete()
    for referral in referrals:
        if not referral.visits.exists() and not referral.trajects.exists():
            record(actor=actor, action=Action.DELETE, obj=referral)
            referral.delete()
    return months


@transaction.atomic
def visit_delete(*, actor=None, visit) -> None:
    month = figures.month_of(visit)
    referral_months = _delete_with_own_referrals(visit, actor=actor)
    figures.refresh([month], referrals=referral_months)


def referral_add(*, owner, to_organisation, warm_handover, date=None, session=None):
    """Record an outbound referral ('doorverwezen naar') from a visit or traject.

    The referral carries the date it happened, not the day it was typed in: a visit's date,
    or for a traject the date of the given session, else of its latest session, else the day
    it started. A letter for 2023 then counts the referrals of 2023 entered later.
    """
    desk = owner.desk
    if not desk.organisation_id:
        raise ValidationError(
            _("This desk has no organisation in the network; ask the functional admin to set it.")
        )
    if date is None:
        date = _referral_date(owner, session)
    with transaction.atomic():
        referral = referral_create(
            from_organisation=desk.organisation,
            to_organisation=to_organisation,
            municipality=desk.municipality,
            date=date,
            warm_handover=warm_handover,
            # A traject has no question of its own: it is the question of its visit.
            question=getattr(owner, "question", None)
            or getattr(getattr(owner, "visit", None), "question", "")
            or "",
        )
        owner.referrals.add(referral)
        figures.refresh(referrals=[(desk.pk, date.replace(day=1))])
    return referral


@transaction.atomic
def outbound_referral_create(
    *, actor=None, owner, to_organisation, warm_handover, date=None, session=None
):
    """`referral_add`, recorded in the audit trail as `actor`'s."""
    referral = referral_add(
        owner=owner,
        to_organisation=to_organisation,
        warm_handover=warm_handover,
        date=date,
        session=session,
    )
    record_create(actor=actor, obj=referral)
    return referral


def _referral_date(owner, session=None):
    if isinstance(owner, Visit):
        return owner.date
    if session is not None:
        if session.traject_id != owner.pk:
            raise ValidationError(_("This session belongs to another traject."))
        return session.date
    latest = owner.sessions.order_by("-date").values_list("date", flat=True).first()
    return latest or owner.started_on


# --- trajects and sessions ------------------------------------------------------------------


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
                _save(traject, exclude=["code"])
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
    before = snapshot(stored, many_to_many=["themes"])
    for name, value in fields.items():
        setattr(session, name, value)
    if session.date < session.traject.started_on:
        raise ValidationError({"date": _("A session cannot be before the traject started.")})
    _save(session)
    if themes is not None:
        session.themes.set(themes)
    record_change(actor=actor, obj=session, before=before, many_to_many=["themes"])
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
    _save(locked, exclude=["code"])
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
    before = snapshot(locked)
    started_in = figures.traject_month(locked)
    locked.started_on = started_on
    for name, value in closing.items():
        setattr(locked, name, value)
    _check_closed_after_last_session(locked)
    _save(locked, exclude=["code"])
    record_change(actor=actor, obj=locked, before=before)
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
    referral_months = _delete_with_own_referrals(traject, actor=actor)
    figures.refresh(trajects=[started_in], referrals=referral_months)


# --- activities -----------------------------------------------------------------------------


@transaction.atomic
def activity_save(*, actor=None, activity) -> Activity:
    """Create or change an activity (a form's unsaved instance)."""
    before = snapshot(Activity.objects.get(pk=activity.pk)) if activity.pk else None
    _save(activity)
    if before is None:
        record_create(actor=actor, obj=activity)
    else:
        record_change(actor=actor, obj=activity, before=before)
    return activity


@transaction.atomic
def activity_delete(*, actor=None, activity) -> None:
    record(actor=actor, action=Action.DELETE, obj=activity)
    activity.delete()


# --- feedback -------------------------------------------------------------------------------


@transaction.atomic
def feedback_invitation_create(*, actor=None, desk, visit=None) -> FeedbackInvitation:
    invitation = FeedbackInvitation(token=secrets.token_urlsafe(24), desk=desk, visit=visit)
    invitation.save()
    record_create(actor=actor, obj=invitation)
    return invitation


class InvitationUsed(Exception):
    """The one-time link was used already, or never existed."""


def feedback_submit(*, token, got_answer, rating, would_recommend, comment="") -> Feedback:
    """Store the anonymous answers; the link works once."""
    with transaction.atomic():
        invitation = FeedbackInvitation.objects.select_for_update().filter(token=token).first()
        if invitation is None or invitation.used_at is not None:
            raise InvitationUsed
        feedback = Feedback(
            invitation=invitation,
            desk_id=invitation.desk_id,
            got_answer=got_answer,
            rating=rating,
            would_recommend=would_recommend,
            comment=comment,
        )
        _save(feedback)
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        # By an anonymous visitor: no actor, and the names of the answers only.
        record_create(actor=None, obj=feedback)
        return feedback
