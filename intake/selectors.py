"""Reads of the intake app, always scoped to the desks of the user."""

from django.db.models import Prefetch

from .models import Desk, WeeklyHour


def desks_for_user(*, user):
    """The desks a counsellor or coordinator works at; nothing for anyone else."""
    if not user.is_authenticated:
        return Desk.objects.none()
    return Desk.objects.filter(staff=user)


def desks_with_schedule(*, user):
    """The user's desks with their locations and weekly hours, in a fixed number of queries."""
    return (
        desks_for_user(user=user)
        .select_related("municipality")
        .prefetch_related(
            "organisations",
            "locations",
            Prefetch(
                "locations__weekly_hours", queryset=WeeklyHour.objects.order_by("weekday", "start")
            ),
        )
    )
