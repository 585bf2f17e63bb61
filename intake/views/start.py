"""The start page of counsellors and coordinators."""

from django.shortcuts import render
from django.utils import timezone

from relatieloket.roles import DESK_ROLES, allow

from .. import selectors


@allow(*DESK_ROLES)
def start(request):
    """Start page of counsellors and coordinators: their desks, walk-in hours, the latest visits
    and the running trajects."""
    today = timezone.localdate()
    desks = list(selectors.desks_with_schedule(user=request.user))
    return render(
        request,
        "intake/start.html",
        {
            "desks": desks,
            "today_hours": selectors.hours_held_on(desks, day=today),
            "recent_visits": selectors.visits_for_user(user=request.user)[:5],
            "running_trajects": selectors.running_trajects_for_user(user=request.user)[:10],
        },
    )
