"""Writes of a desk's schedule: its locations, weekly walk-in hours and cancelled days."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import audited, record, record_create

from .. import figures
from ..models import (
    Location,
    WalkInException,
    WeeklyHour,
)
from .common import KEEP, validated_save

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
    with audited(location, actor=actor):
        try:
            with transaction.atomic():
                validated_save(location)
        except IntegrityError:
            raise _duplicate_location_name() from None
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
    validated_save(location)
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
    *, actor=None, weekly_hour, weekday, start, end, interval_weeks=KEEP, first_date=KEEP
) -> WeeklyHour:
    """Move a walk-in hour to another day, time or rhythm; the same rules as a new one.

    The rhythm stays as it was unless given.
    """
    with audited(weekly_hour, actor=actor):
        weekly_hour.weekday, weekly_hour.start, weekly_hour.end = weekday, start, end
        if interval_weeks is not KEEP:
            weekly_hour.interval_weeks = interval_weeks
        if first_date is not KEEP:
            weekly_hour.first_date = first_date
        _weekly_hour_save(weekly_hour)
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
