"""Reads of the intake app, always scoped to the desks of the user."""

import datetime
from typing import NamedTuple

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from .constants import IntervalWeeks, TrajectStatus
from .models import Activity, Desk, Location, Session, Traject, Visit, WeeklyHour


def desks_for_user(*, user):
    """The desks a counsellor or coordinator works at; nothing for anyone else."""
    if not user.is_authenticated:
        return Desk.objects.none()
    return Desk.objects.filter(staff=user)


def desks_with_schedule(*, user, include_inactive=False):
    """The user's desks with their locations and weekly hours, in a fixed number of queries.

    A deactivated location holds no walk-in hours, so only the coordinator's management
    page asks for it (`include_inactive`).
    """
    locations = Location.objects.order_by("name")
    if not include_inactive:
        locations = locations.filter(is_active=True)
    return (
        desks_for_user(user=user)
        .select_related("municipality")
        .prefetch_related(
            "organisations",
            Prefetch("locations", queryset=locations),
            Prefetch(
                "locations__weekly_hours",
                queryset=WeeklyHour.objects.order_by("weekday", "start"),
            ),
        )
    )


def desk_get_for_user(*, user, pk):
    """One of the user's desks; 404 whether it does not exist or is another desk."""
    return get_object_or_404(desks_for_user(user=user), pk=pk)


def location_get_for_user(*, user, pk):
    """A location of the user's desks; 404 whether it does not exist or is another desk's."""
    return get_object_or_404(
        Location.objects.filter(desk__in=desks_for_user(user=user)).select_related("desk"), pk=pk
    )


def weekly_hour_get_for_user(*, user, pk):
    """A walk-in hour at a location of the user's desks; 404 otherwise."""
    return get_object_or_404(
        WeeklyHour.objects.filter(location__desk__in=desks_for_user(user=user)).select_related(
            "location__desk"
        ),
        pk=pk,
    )


def desks_open_for_entry(*, user, today):
    """The user's desks that take new visits: not closed before today.

    A closed desk keeps its figures (seed 002: Zwartewaterland stopped after half a year)
    but drops out of the visit form.
    """
    return desks_for_user(user=user).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=today))


def desk_for_entry(*, user, desk_id=None, today):
    """The desk a new entry goes to: the chosen one, else one with a walk-in hour today.

    Only open desks: a closed one cannot be chosen (404, as for another desk).
    """
    desks = desks_open_for_entry(user=user, today=today).select_related(
        "municipality", "organisation"
    )
    if desk_id:
        if not str(desk_id).isdigit():  # ?loket=zzz: not one of the user's desks
            raise Http404
        return get_object_or_404(desks, pk=desk_id)
    with_hour_today = desks.filter(locations__weekly_hours__weekday=today.isoweekday()).first()
    return with_hour_today or desks.first()


def location_for_today(*, desk, today):
    """The active location of the desk holding its walk-in hour today, else its only one."""
    locations = Location.objects.filter(desk=desk, is_active=True)
    today_location = locations.filter(weekly_hours__weekday=today.isoweekday()).first()
    if today_location:
        return today_location
    return locations.first() if locations.count() == 1 else None


def visits_for_user(*, user, start=None, end=None, location=None):
    qs = Visit.objects.filter(desk__in=desks_for_user(user=user)).select_related(
        "desk", "location", "referred_by"
    )
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    if location:
        qs = qs.filter(location=location)
    return qs.order_by("-date", "-pk")


def visit_get_for_user(*, user, pk):
    """A visit of the user's desks; 404 whether it does not exist or belongs to another desk."""
    return get_object_or_404(
        Visit.objects.filter(desk__in=desks_for_user(user=user)).select_related(
            "desk__organisation", "desk__municipality", "location", "referred_by", "municipality"
        ),
        pk=pk,
    )


def trajects_for_user(*, user, start=None, end=None, location=None):
    qs = Traject.objects.filter(desk__in=desks_for_user(user=user)).select_related("desk")
    if start:
        qs = qs.filter(started_on__gte=start)
    if end:
        qs = qs.filter(started_on__lte=end)
    if location:
        qs = qs.filter(visit__location=location)
    return qs.order_by("-started_on", "-pk")


def running_trajects_for_user(*, user):
    """Running trajects of the user's desks with their number of sessions, newest first."""
    return (
        trajects_for_user(user=user)
        .filter(status=TrajectStatus.RUNNING)
        .annotate(session_count=Count("sessions"))
    )


def traject_get_for_user(*, user, pk):
    return get_object_or_404(
        Traject.objects.filter(desk__in=desks_for_user(user=user)).select_related(
            "desk__organisation", "desk__municipality", "visit"
        ),
        pk=pk,
    )


def activities_for_user(*, user):
    return Activity.objects.filter(desk__in=desks_for_user(user=user)).select_related("desk")


def activity_get_for_user(*, user, pk):
    return get_object_or_404(activities_for_user(user=user), pk=pk)


def session_get_for_user(*, user, pk):
    """A session of a traject of the user's desks; 404 otherwise."""
    return get_object_or_404(
        Session.objects.filter(traject__desk__in=desks_for_user(user=user)).select_related(
            "traject__desk"
        ),
        pk=pk,
    )


def inbound_referral(visit, *, desk=None):
    """The referral 'verwezen door' of a visit: from the referrer to the visit's desk (or to
    `desk`, where the visit was before a move)."""
    desk = desk or visit.desk
    if not desk.organisation_id:
        return None
    return next(
        (r for r in visit.referrals.all() if r.to_organisation_id == desk.organisation_id), None
    )


# --- walk-in hours: how often and when next -------------------------------------------------


def walk_in_recurrence(hour):
    """How often a walk-in hour is held, in words: "elke vrijdag"."""
    weekday = hour.get_weekday_display()
    if hour.interval_weeks == IntervalWeeks.FORTNIGHTLY:
        return gettext("once every two weeks on %(weekday)s") % {"weekday": weekday}
    if hour.interval_weeks == IntervalWeeks.FOUR_WEEKLY:
        return gettext("once every four weeks on %(weekday)s") % {"weekday": weekday}
    return gettext("every %(weekday)s") % {"weekday": weekday}


class WalkIn(NamedTuple):
    """One coming walk-in: the day and the hour (with its location) held on it."""

    date: datetime.date
    hour: object  # WeeklyHour

    @property
    def start(self):
        return self.hour.start

    @property
    def end(self):
        return self.hour.end

    @property
    def location(self):
        return self.hour.location


def _hour_dates(hour, *, today, count, desk):
    """The next `count` days from `today` on, within the desk's opening and closing days."""
    if hour.interval_weeks != IntervalWeeks.WEEKLY and hour.first_date is None:
        return []  # the database refuses it; an unsaved hour says nothing rather than guess
    step = datetime.timedelta(weeks=hour.interval_weeks)
    anchor = hour.first_date or today
    # First day on the hour's weekday on or after the anchor, then whole steps up to today.
    day = anchor + datetime.timedelta(days=(hour.weekday - anchor.isoweekday()) % 7)
    if day < today:
        day += step * -(-(today - day).days // step.days)
    earliest = desk.opened_on
    latest = desk.closed_on
    dates = []
    while len(dates) < count:
        if latest is not None and day > latest:
            break
        if earliest is None or day >= earliest:
            dates.append(day)
        day += step
    return dates


def next_walk_ins(hour_or_desk, *, today, count=3):
    """The next walk-ins of one hour or of all active locations of a desk, soonest first.

    An hour every two or four weeks counts its weeks from its first date; nothing is
    offered before the desk opened or after it closed, nor at a deactivated location.
    Returns `WalkIn(date, hour)` tuples; for a desk, its hours' locations come prefetched
    from `desks_with_schedule` or are read in two queries.
    """
    if count <= 0:
        return []
    if isinstance(hour_or_desk, WeeklyHour):
        hour = hour_or_desk
        if not hour.location.is_active:
            return []
        dates = _hour_dates(hour, today=today, count=count, desk=hour.location.desk)
        return [WalkIn(day, hour) for day in dates]
    desk = hour_or_desk
    walk_ins = []
    for location in desk.locations.all():
        if not location.is_active:
            continue
        for hour in location.weekly_hours.all():
            hour.location = location
            dates = _hour_dates(hour, today=today, count=count, desk=desk)
            walk_ins += [WalkIn(day, hour) for day in dates]
    walk_ins.sort(key=lambda walk_in: (walk_in.date, walk_in.hour.start, walk_in.hour.pk or 0))
    return walk_ins[:count]


def hours_held_on(desks, *, day):
    """The pks of the desks' walk-in hours held on `day` (every week, or in one of its weeks)."""
    return {
        hour.pk
        for desk in desks
        for location in desk.locations.all()
        if location.is_active
        for hour in location.weekly_hours.all()
        if _hour_dates(hour, today=day, count=1, desk=desk) == [day]
    }
