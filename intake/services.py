"""Writes of the intake app: locations and walk-in hours, visits, trajects and their sessions,
activities, feedback.

Every function validates (full_clean) and saves inside a transaction; views, admin, commands
and tests all call these, so the rules exist once.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from referrals.services import referral_create

from .constants import MAX_SESSIONS, Outcome, Track, TrajectStatus
from .models import (
    Activity,
    Feedback,
    FeedbackInvitation,
    Location,
    Session,
    Traject,
    Visit,
    WeeklyHour,
)
from .selectors import inbound_referral

# No 0/O, 1/I/L: the code is copied by hand onto a card.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _save(instance, *, exclude=None):
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


# --- locations and walk-in hours -------------------------------------------------------------


def _duplicate_location_name():
    return ValidationError(
        {"name": _("This desk already has a location with this name.")}, code="unique"
    )


def _location_save(location) -> Location:
    """Validate and save; a name the desk already uses (in any case) is a field error.

    The database's UNIQUE (desk, name) is the last word; the check here gives the coordinator
    a clear message instead of the generic one, and also catches a different capitalisation.
    """
    taken = Location.objects.filter(desk=location.desk, name__iexact=location.name)
    if location.pk:
        taken = taken.exclude(pk=location.pk)
    if taken.exists():
        raise _duplicate_location_name()
    try:
        with transaction.atomic():
            return _save(location)
    except IntegrityError:
        raise _duplicate_location_name() from None


@transaction.atomic
def location_create(*, desk, name, address="", is_active=True) -> Location:
    """Add a location of a desk, e.g. Brouwersdijk for the Dordrecht desk."""
    return _location_save(Location(desk=desk, name=name, address=address, is_active=is_active))


@transaction.atomic
def location_update(*, location, name, address, is_active) -> Location:
    location.name = name
    location.address = address
    location.is_active = is_active
    return _location_save(location)


@transaction.atomic
def location_deactivate(*, location) -> Location:
    """Stop offering a location. It is never deleted: past visits keep pointing to it."""
    location.is_active = False
    return _save(location)


@transaction.atomic
def weekly_hour_create(*, location, weekday, start, end) -> WeeklyHour:
    """Add a weekly walk-in hour, e.g. Friday 10:00–12:00 at the Brouwersdijk."""
    # full_clean() checks the model's CHECK (start < end) and names the error in Dutch.
    hour = WeeklyHour(location=location, weekday=weekday, start=start, end=end)
    hour.full_clean()
    # Two hours on one day at one location may touch (10–12, 12–14) but not overlap.
    if WeeklyHour.objects.filter(
        location=location, weekday=weekday, start__lt=end, end__gt=start
    ).exists():
        raise ValidationError(
            _("This location already has a walk-in hour on that day that overlaps this one.")
        )
    hour.save()
    return hour


@transaction.atomic
def weekly_hour_delete(*, weekly_hour) -> None:
    weekly_hour.delete()


# --- visits ---------------------------------------------------------------------------------


def _sync_inbound_referral(visit, *, is_new=False, warm=False):
    """Keep the one inbound referral of a visit in step with its 'referred by' field, its date,
    its question and whether the referrer handed the resident over in person (warm)."""
    desk = visit.desk
    inbound = None if is_new else inbound_referral(visit)
    if inbound is not None:
        if (inbound.from_organisation_id, inbound.date, inbound.question) == (
            visit.referred_by_id,
            visit.date,
            visit.question,
        ):
            if inbound.warm_handover != warm:
                inbound.warm_handover = warm
                inbound.save(update_fields=["warm_handover"])
            return
        visit.referrals.remove(inbound)
        inbound.delete()
    if (
        visit.referred_by_id
        and desk.organisation_id
        and visit.referred_by_id != desk.organisation_id
    ):
        visit.referrals.add(
            referral_create(
                from_organisation=visit.referred_by,
                to_organisation=desk.organisation,
                municipality=desk.municipality,
                date=visit.date,
                question=visit.question,
                warm_handover=warm,
            )
        )


@transaction.atomic
def visit_create(*, created_by, life_events=(), referred_by_warm=False, **fields) -> Visit:
    """Log an anonymous visit; a 'referred by' organisation becomes an inbound referral."""
    visit = _save(Visit(created_by=created_by, **fields))
    if life_events:
        visit.life_events.add(*life_events)  # a new visit has none yet: no need to set()
    _sync_inbound_referral(visit, is_new=True, warm=referred_by_warm)
    return visit


@transaction.atomic
def visit_update(*, visit, life_events=None, referred_by_warm=False, **fields) -> Visit:
    for name, value in fields.items():
        setattr(visit, name, value)
    _save(visit)
    if life_events is not None:
        visit.life_events.set(life_events)
    _sync_inbound_referral(visit, warm=referred_by_warm)
    return visit


def _delete_with_own_referrals(owner) -> None:
    """Delete a visit or traject; referrals that belonged only to it go too."""
    referrals = list(owner.referrals.all())
    owner.delete()
    for referral in referrals:
        if not referral.visits.exists() and not referral.trajects.exists():
            referral.delete()


@transaction.atomic
def visit_delete(*, visit) -> None:
    _delete_with_own_referrals(visit)


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


def traject_start(*, visit, started_on=None) -> Traject:
    """Start a short traject (track B) from a visit, with a fresh random code."""
    if Traject.objects.filter(visit=visit).exists():
        raise ValidationError(_("A traject was already started from this visit."))
    for _attempt in range(10):
        try:
            with transaction.atomic():
                traject = Traject(
                    code=traject_code_generate(),
                    desk=visit.desk,
                    visit=visit,
                    started_on=started_on or visit.date,
                )
                _save(traject, exclude=["code"])
                Visit.objects.filter(pk=visit.pk).update(
                    track=Track.SHORT_TRAJECT, outcome=Outcome.TRAJECT_STARTED
                )
                return traject
        except IntegrityError:
            if Traject.objects.filter(visit=visit).exists():
                raise ValidationError(_("A traject was already started from this visit.")) from None
            continue  # a code collision: draw again
    raise RuntimeError("could not draw a unique traject code")


def _too_many_sessions():
    return ValidationError(
        _("This traject already has %(max)s sessions; a traject has at most %(max)s sessions.")
        % {"max": MAX_SESSIONS},
        code="max_sessions",
    )


def session_create(*, traject, date, minutes=90, attendance=None, themes=(), notes="") -> Session:
    """Log the next session of a running traject; a sixth one is refused.

    The traject row is locked so two counsellors saving at once get numbers in turn; the
    database CHECK (1..5) and UNIQUE (traject, number) stop anything that slips past.
    """
    try:
        with transaction.atomic():
            locked = Traject.objects.select_for_update().get(pk=traject.pk)
            if locked.status != TrajectStatus.RUNNING:
                raise ValidationError(_("This traject is closed; no sessions can be added."))
            count = Session.objects.filter(traject=locked).count()
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
            return session
    except IntegrityError:
        raise _too_many_sessions() from None


@transaction.atomic
def session_update(*, session, themes=None, **fields) -> Session:
    for name, value in fields.items():
        setattr(session, name, value)
    _save(session)
    if themes is not None:
        session.themes.set(themes)
    return session


@transaction.atomic
def session_delete(*, session) -> None:
    """Delete a session; the later ones move up so the numbers stay 1, 2, 3 … without gaps."""
    traject = Traject.objects.select_for_update().get(pk=session.traject_id)
    number = session.number
    session.delete()
    for later in Session.objects.filter(traject=traject, number__gt=number).order_by("number"):
        Session.objects.filter(pk=later.pk).update(number=later.number - 1)


@transaction.atomic
def traject_close(*, traject, status, closing_outcome, closed_on=None) -> Traject:
    """Close a running traject with its status and outcome."""
    locked = Traject.objects.select_for_update().get(pk=traject.pk)
    if locked.status != TrajectStatus.RUNNING:
        raise ValidationError(_("This traject is already closed."))
    if status == TrajectStatus.RUNNING:
        raise ValidationError({"status": _("Choose how the traject ended.")})
    if not closing_outcome:
        raise ValidationError({"closing_outcome": _("Choose the outcome of the traject.")})
    locked.status = status
    locked.closing_outcome = closing_outcome
    locked.closed_on = closed_on or timezone.localdate()
    return _save(locked, exclude=["code"])


@transaction.atomic
def traject_update(
    *, traject, started_on, status=None, closing_outcome=None, closed_on=None
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
    first_session = locked.sessions.order_by("date").values_list("date", flat=True).first()
    if first_session and started_on > first_session:
        raise ValidationError({"started_on": _("A traject cannot start after its first session.")})
    locked.started_on = started_on
    for name, value in closing.items():
        setattr(locked, name, value)
    return _save(locked, exclude=["code"])


@transaction.atomic
def traject_delete(*, traject) -> None:
    """Delete a traject with its sessions; referrals that belonged only to it go too."""
    _delete_with_own_referrals(traject)


# --- activities -----------------------------------------------------------------------------


@transaction.atomic
def activity_save(*, activity) -> Activity:
    return _save(activity)


@transaction.atomic
def activity_delete(*, activity) -> None:
    activity.delete()


# --- feedback -------------------------------------------------------------------------------


@transaction.atomic
def feedback_invitation_create(*, desk, visit=None) -> FeedbackInvitation:
    invitation = FeedbackInvitation(token=secrets.token_urlsafe(24), desk=desk, visit=visit)
    invitation.save()
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
        return feedback
