"""The coordinator's pages of a desk's schedule: locations, weekly walk-in hours, cancelled days."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relatieloket.roles import Role, allow
from relatieloket.views import confirm_delete, form_service_call

from .. import selectors, services
from ..forms import (
    LocationForm,
    WalkInExceptionForm,
    WeeklyHourForm,
)
from ..models import WalkInException, WeeklyHour
from .common import posted


@allow(Role.COORDINATOR)
def location_list(request):
    """The coordinator's own desks with all their locations, active or not, and weekly hours."""
    return render(
        request,
        "intake/location_list.html",
        {"desks": selectors.desks_with_schedule(user=request.user, include_inactive=True)},
    )


@allow(Role.COORDINATOR)
def location_create(request):
    desk_id = request.GET.get("loket", "")
    if desk_id:
        if not desk_id.isdigit():
            raise Http404
        desk = selectors.desk_get_for_user(user=request.user, pk=desk_id)
    else:
        desk = selectors.desks_for_user(user=request.user).first()
    if desk is None:
        messages.warning(request, _("You are not linked to a desk yet."))
        return redirect("intake:start")
    form = LocationForm(posted(request), initial={"is_active": True})
    if response := form_service_call(
        request,
        form,
        lambda data: services.location_create(actor=request.user, desk=desk, **data),
        message=lambda location: _("Location %(name)s added.") % {"name": location.name},
        success="intake:location_list",
    ):
        return response
    return render(request, "intake/location_form.html", {"form": form, "desk": desk})


@allow(Role.COORDINATOR)
def location_edit(request, pk):
    location = selectors.location_get_for_user(user=request.user, pk=pk)
    form = LocationForm(posted(request), instance=location)
    if response := form_service_call(
        request,
        form,
        lambda data: services.location_update(actor=request.user, location=location, **data),
        message=lambda location: _("Location %(name)s saved.") % {"name": location.name},
        success="intake:location_list",
    ):
        return response
    return render(
        request,
        "intake/location_form.html",
        {"form": form, "desk": location.desk, "location": location},
    )


@allow(Role.COORDINATOR)
@require_POST
def location_deactivate(request, pk):
    location = selectors.location_get_for_user(user=request.user, pk=pk)
    services.location_deactivate(actor=request.user, location=location)
    messages.success(
        request,
        _("Location %(name)s deactivated; it is no longer offered for new visits.")
        % {"name": location.name},
    )
    return redirect("intake:location_list")


@allow(Role.COORDINATOR)
def weekly_hour_create(request, pk):
    location = selectors.location_get_for_user(user=request.user, pk=pk)
    form = WeeklyHourForm(posted(request), instance=WeeklyHour(location=location))
    if response := form_service_call(
        request,
        form,
        lambda data: services.weekly_hour_create(actor=request.user, location=location, **data),
        message=lambda hour: (
            _("Walk-in hour %(hour)s at %(location)s added.")
            % {"hour": hour, "location": location.name}
        ),
        success="intake:location_list",
    ):
        return response
    return render(request, "intake/weekly_hour_form.html", {"form": form, "location": location})


@allow(Role.COORDINATOR)
def weekly_hour_edit(request, pk):
    hour = selectors.weekly_hour_get_for_user(user=request.user, pk=pk)
    location = hour.location
    form = WeeklyHourForm(posted(request), instance=hour)
    if response := form_service_call(
        request,
        form,
        lambda data: services.weekly_hour_update(actor=request.user, weekly_hour=hour, **data),
        message=lambda hour: (
            _("Walk-in hour %(hour)s at %(location)s saved.")
            % {"hour": hour, "location": location.name}
        ),
        success="intake:location_list",
    ):
        return response
    return render(
        request,
        "intake/weekly_hour_form.html",
        {"form": form, "location": location, "hour": hour},
    )


@allow(Role.COORDINATOR)
def weekly_hour_delete(request, pk):
    hour = selectors.weekly_hour_get_for_user(user=request.user, pk=pk)
    label = f"{hour.location.name}, {hour}"
    return confirm_delete(
        request,
        obj=label,
        delete=lambda: services.weekly_hour_delete(actor=request.user, weekly_hour=hour),
        message=_("Walk-in hour %(hour)s deleted.") % {"hour": label},
        success_url=reverse("intake:location_list"),
        cancel_url=reverse("intake:location_list"),
    )


# --- walk-in exceptions (coordinator) -------------------------------------------------------

# How far ahead the holidays on which a walk-in would fall are proposed.
HOLIDAYS_AHEAD_DAYS = 366


@allow(Role.COORDINATOR)
def walk_in_exceptions(request, pk):
    """Cancel the desk's walk-in hours on a day or a range; the Dutch public holidays proposed."""
    desk = selectors.desk_get_for_user(user=request.user, pk=pk)
    desk = selectors.desks_with_schedule(user=request.user).get(pk=desk.pk)
    today = timezone.localdate()
    form = WalkInExceptionForm(posted(request))
    if response := form_service_call(
        request,
        form,
        lambda data: services.walk_in_exception_create(actor=request.user, desk=desk, **data),
        message=lambda exception: (
            _("No walk-in hour on %(days)s.") % {"days": _days_label(exception)}
        ),
        success=reverse("intake:walk_in_exceptions", args=[desk.pk]),
    ):
        return response
    return render(
        request,
        "intake/walk_in_exceptions.html",
        {
            "desk": desk,
            "form": form,
            "exceptions": selectors.walk_in_exceptions_for_desk(desk, today=today),
            "holidays": selectors.proposed_holidays(
                desk, today=today, until=today + datetime.timedelta(days=HOLIDAYS_AHEAD_DAYS)
            ),
        },
    )


def _days_label(exception):
    first = date_format(exception.first_day, "l j F Y")
    if exception.first_day == exception.last_day:
        return first
    return f"{first} – {date_format(exception.last_day, 'l j F Y')}"


@allow(Role.COORDINATOR)
@require_POST
def walk_in_exception_delete(request, pk):
    exception = get_object_or_404(
        WalkInException.objects.filter(desk__in=selectors.desks_for_user(user=request.user)),
        pk=pk,
    )
    desk_pk = exception.desk_id
    label = _days_label(exception)
    services.walk_in_exception_delete(actor=request.user, exception=exception)
    messages.success(request, _("The walk-in hour is held again on %(days)s.") % {"days": label})
    return redirect("intake:walk_in_exceptions", pk=desk_pk)
