"""Reads for the public pages: only what a desk publishes anyway, never a visit.

Desks, locations, walk-in hours and the sociale kaart under the municipality's policy;
figures only from published council letters (see `public.opendata`).
"""

import datetime

from django.db.models import Min, Prefetch, Q
from django.http import Http404
from django.utils.text import slugify

from intake.models import Desk, Location, WeeklyHour
from intake.selectors import cancelled_walk_ins, next_walk_ins, walk_in_recurrence
from referrals.constants import OrganisationKind
from referrals.models import Municipality, Organisation
from referrals.selectors import referral_organisations

# Seed 000: "relatietherapie … vanaf circa € 800 … niet vergoed uit de basisverzekering".
DEFAULT_THERAPY_FROM = 800


def slug_of(name):
    return slugify(name)


def municipality_by_slug(slug):
    """The municipality whose name slugifies to `slug` (e.g. hendrik-ido-ambacht); else 404.

    Names are unique and few (at most the 342 municipalities), so one query of names does.
    """
    for municipality in Municipality.objects.all():
        if slug_of(municipality.name) == slug:
            return municipality
    raise Http404


def public_desks(*, municipality=None):
    """Desks with municipality, runners, active locations and walk-in hours, in five queries."""
    desks = Desk.objects.select_related("municipality", "organisation").prefetch_related(
        "organisations",
        Prefetch("locations", queryset=Location.objects.filter(is_active=True).order_by("name")),
        Prefetch(
            "locations__weekly_hours",
            queryset=WeeklyHour.objects.order_by("weekday", "start"),
        ),
        "walk_in_exceptions",
    )
    if municipality is not None:
        desks = desks.filter(municipality=municipality)
    return desks.order_by("municipality__name", "name")


def desk_by_slugs(municipality_slug, desk_slug):
    municipality = municipality_by_slug(municipality_slug)
    for desk in public_desks(municipality=municipality):
        if slug_of(desk.name) == desk_slug:
            return desk
    raise Http404


def desk_is_closed(desk, *, today):
    return desk.closed_on is not None and desk.closed_on < today


def desk_contact(desk):
    """The public contact details of the desk: its network node first, then its runners."""
    candidates = [desk.organisation, *desk.organisations.all()]
    contact = {"email": "", "phone": "", "website": ""}
    for organisation in candidates:
        if organisation is None:
            continue
        contact["email"] = contact["email"] or organisation.public_email
        contact["phone"] = contact["phone"] or organisation.public_phone
        contact["website"] = contact["website"] or organisation.website
    return contact


# What a desk offers today, so its page says only what is true for it.
WALK_IN = "walk_in"  # at least one walk-in hour at an active location
APPOINTMENT = "appointment"  # open, but only by appointment
CLOSED = "closed"
NOT_YET_OPEN = "not_yet_open"


def desk_status(desk, *, today):
    if desk_is_closed(desk, today=today):
        return CLOSED
    if desk.opened_on is not None and desk.opened_on > today:
        return NOT_YET_OPEN
    if any(location.weekly_hours.all() for location in desk.locations.all()):
        return WALK_IN
    return APPOINTMENT


# How far ahead the pages name the cancelled walk-ins (a holiday, a week of illness).
CANCELLED_AHEAD = datetime.timedelta(weeks=6)


def desk_schedule(desk, *, today, count=3):
    """Per active location its walk-in hours with how often, the desk's next walk-ins, and
    the walk-ins it cancelled in the coming weeks (with their public reason)."""
    closed = desk_is_closed(desk, today=today)
    return {
        "status": desk_status(desk, today=today),
        "locations": [
            {
                "location": location,
                "hours": [
                    {"hour": hour, "recurrence": walk_in_recurrence(hour)}
                    for hour in location.weekly_hours.all()
                ],
            }
            for location in desk.locations.all()
        ],
        "next": [] if closed else next_walk_ins(desk, today=today, count=count),
        "cancelled": []
        if closed
        else cancelled_walk_ins(desk, today=today, until=today + CANCELLED_AHEAD),
    }


def other_help(*, municipality, exclude_desks=()):
    """The sociale kaart residents of `municipality` may be pointed to, under its policy.

    The same rule as the desks' referral choices: where the council does not refer to
    commercial parties (Nijkerk) none is listed. The desks and who runs them are left out.
    """
    exclude = {desk.organisation_id for desk in exclude_desks if desk.organisation_id}
    exclude |= {
        organisation.pk for desk in exclude_desks for organisation in desk.organisations.all()
    }
    qs = referral_organisations(municipality=municipality).exclude(pk__in=exclude)
    return list(
        qs.exclude(kind__in=[OrganisationKind.RELATIELOKET, OrganisationKind.ADVIESPUNT_SKO])
    )


def therapy_from():
    """The lowest own cost of private relationship therapy on the sociale kaart (about € 800)."""
    lowest = Organisation.objects.filter(
        Q(kind=OrganisationKind.RELATIONSHIP_THERAPY), minimum_cost__isnull=False
    ).aggregate(lowest=Min("minimum_cost"))["lowest"]
    return int(lowest) if lowest is not None else DEFAULT_THERAPY_FROM


def municipalities_with_desks():
    return Municipality.objects.filter(desks__isnull=False).distinct().order_by("name")
