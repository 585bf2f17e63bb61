from django.shortcuts import render
from django.utils import timezone

from relatieloket.roles import DESK_ROLES, allow

from . import selectors


@allow(*DESK_ROLES)
def start(request):
    """Start page of counsellors and coordinators: their desks and this week's walk-in hours."""
    return render(
        request,
        "intake/start.html",
        {
            "desks": selectors.desks_with_schedule(user=request.user),
            "today_weekday": timezone.localdate().isoweekday(),
        },
    )
