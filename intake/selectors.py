"""Reads of the intake app, always scoped to the desks of the user."""

import datetime
from typing import NamedTuple

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404

from .constants import Channel, IntervalWeeks, TrajectStatus
from .models import (
    Activity,
    Desk,
    Location,
    Session,
    Traject,
    Visit,
    WalkInException,
    WeeklyHour,
)


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
            "walk_in_exceptions",
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


def usual_channel(*, desk, today):
    """The channel most of the desk's visits of the last three months came by; without any,
    a walk-in where the desk holds walk-in hours, else an appointment."""
    recent = (
        Visit.objects.filter(desk=desk, date__gte=today - datetime.timedelta(days=91))
        .values("channel")
        .annotate(n=Count("pk"))
        .order_by("-n", "channel")
        .first()
    )
    if recent:
        return recent["channel"]
    has_hours = WeeklyHour.objects.filter(location__desk=desk, location__is_active=True).exists()
    return Channel.WALK_IN if has_hours else Channel.APPOINTMENT


def municipalities_for_entry(*, desk):
    """Every municipality, the desk's own first, then the others its runners serve (its
    region), then the rest, each part by name."""
    from referrals.models import Municipality

    region = Municipality.objects.filter(
        Q(organisations__desks=desk) | Q(organisations__desk_nodes=desk)
    ).values("pk")
    return Municipality.objects.annotate(
        nearness=Case(
            When(pk=desk.municipality_id, then=Value(0)),
            When(pk__in=region, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("nearness", "name")


def municipality_by_name(name):
    """The municipality called `name` (any case, spaces trimmed), else None."""
    from referrals.models import Municipality

    return Municipality.objects.filter(name__iexact=" ".join(name.split())).first()


def location_for_today(*, desk, today):
    """The active location of the desk holding its walk-in hour today, else its only one."""
    walk_in = WeeklyHour.objects.filter(location=OuterRef("pk"), weekday=today.isoweekday())
    first_two = list(
        Location.objects.filter(desk=desk, is_active=True)
        .annotate(walk_in_today=Exists(walk_in))
        .order_by("-walk_in_today", "name")[:2]
    )
    if first_two and (first_two[0].walk_in_today or len(first_two) == 1):
        return first_two[0]
    return None


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
    """How often a walk-in hour is held, in words: "elke vrijdag" (the hour says it itself)."""
    return hour.recurrence_display()


class _HourOfTheDay:
    """The start, end and location of a walk-in's hour, read as the walk-in's own."""

    __slots__ = ()

    @property
    def start(self):
        return self.hour.start

    @property
    def end(self):
        return self.hour.end

    @property
    def location(self):
        return self.hour.location


class WalkIn(_HourOfTheDay, NamedTuple("WalkIn", [("date", datetime.date), ("hour", object)])):
    """One coming walk-in: the day and the hour (a WeeklyHour, with its location) held on it."""

    __slots__ = ()


def _hour_dates(hour, *, today, count, desk, skip=None):
    """The next `count` days from `today` on, within the desk's opening and closing days.

    `skip(day)` true leaves a day out (a cancelled walk-in); the next held days take its place.
    """
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
    # Exceptions are bounded ranges, so a few years of steps always finds the next held days.
    for _ in range(count + 260):
        if len(dates) >= count or (latest is not None and day > latest):
            break
        if (earliest is None or day >= earliest) and not (skip and skip(day)):
            dates.append(day)
        day += step
    return dates


def walk_in_exception_on(desk, day):
    """The desk's exception that cancels its walk-in hours on `day`, else None.

    Reads `desk.walk_in_exceptions.all()`, so a prefetch (see `public.selectors`) saves the query.
    """
    for exception in desk.walk_in_exceptions.all():
        if exception.first_day <= day <= exception.last_day:
            return exception
    return None


def cancelled_walk_ins(desk, *, today, until):
    """The desk's walk-ins from `today` to `until` that its exceptions cancel, with the reason.

    `CancelledWalkIn(date, hour, reason)` tuples, soonest first: the public pages say them.
    """
    exceptions = [e for e in desk.walk_in_exceptions.all() if e.last_day >= today]
    if not exceptions:
        return []
    cancelled = []
    for location in desk.locations.all():
        if not location.is_active:
            continue
        for hour in location.weekly_hours.all():
            hour.location = location
            for day in _hour_dates(hour, today=today, count=60, desk=desk):
                if day > until:
                    break
                exception = walk_in_exception_on(desk, day)
                if exception is not None:
                    cancelled.append(CancelledWalkIn(day, hour, exception.reason))
    cancelled.sort(key=lambda item: (item.date, item.hour.start, item.hour.pk or 0))
    return cancelled


def cancelled_dates(hour, desk):
    """Every day of the hour's series that one of the desk's exceptions cancels (for EXDATE)."""
    days = []
    for exception in desk.walk_in_exceptions.all():
        day = exception.first_day
        while day <= exception.last_day:
            held = _hour_dates(hour, today=day, count=1, desk=desk)
            if not held or held[0] > exception.last_day:
                break
            days.append(held[0])
            day = held[0] + datetime.timedelta(days=1)
    return sorted(set(days))


class CancelledWalkIn(
    _HourOfTheDay,
    NamedTuple("CancelledWalkIn", [("date", datetime.date), ("hour", object), ("reason", str)]),
):
    """A walk-in the desk cancelled: the day, the hour and the public reason."""

    __slots__ = ()


def next_walk_ins(hour_or_desk, *, today, count=3, with_exceptions=True):
    """The next walk-ins of one hour or of all active locations of a desk, soonest first.

    An hour every two or four weeks counts its weeks from its first date; nothing is
    offered before the desk opened or after it closed, nor at a deactivated location, nor on
    a day the desk cancelled (`WalkInException`; `with_exceptions=False` keeps those days).
    Returns `WalkIn(date, hour)` tuples; for a desk, its hours' locations come prefetched
    from `desks_with_schedule` or are read in two queries.
    """
    if count <= 0:
        return []
    if isinstance(hour_or_desk, WeeklyHour):
        hour = hour_or_desk
        if not hour.location.is_active:
            return []
        desk = hour.location.desk
        skip = (lambda day: walk_in_exception_on(desk, day)) if with_exceptions else None
        dates = _hour_dates(hour, today=today, count=count, desk=desk, skip=skip)
        return [WalkIn(day, hour) for day in dates]
    desk = hour_or_desk
    skip = (lambda day: walk_in_exception_on(desk, day)) if with_exceptions else None
    walk_ins = []
    for location in desk.locations.all():
        if not location.is_active:
            continue
        for hour in location.weekly_hours.all():
            hour.location = location
            dates = _hour_dates(hour, today=today, count=count, desk=desk, skip=skip)
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
        and walk_in_exception_on(desk, day) is None
    }


def walk_in_exceptions_for_desk(desk, *, today):
    """The desk's exceptions that still lie ahead (or run today), soonest first."""
    return WalkInException.objects.filter(desk=desk, last_day__gte=today).order_by("first_day")


def proposed_holidays(desk, *, today, until):
    """Dutch public holidays on which the desk would hold a walk-in, not yet cancelled.

    `(day, name)` pairs, soonest first; the names in Dutch from the `holidays` library.
    """
    import holidays

    public_holidays = holidays.country_holidays(
        "NL", years=range(today.year, until.year + 1), language="nl"
    )
    proposed = {}
    for location in desk.locations.all():
        if not location.is_active:
            continue
        for hour in location.weekly_hours.all():
            for day in _hour_dates(hour, today=today, count=60, desk=desk):
                if day > until:
                    break
                if day in public_holidays and walk_in_exception_on(desk, day) is None:
                    proposed[day] = public_holidays.get(day)
    return sorted(proposed.items())


def sessions_on_same_day(session):
    """The numbers of the traject's other sessions on the session's date."""
    return list(
        Session.objects.filter(traject_id=session.traject_id, date=session.date)
        .exclude(pk=session.pk)
        .order_by("number")
        .values_list("number", flat=True)
    )
