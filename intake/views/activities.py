"""The pages of a desk's activities."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from relatieloket.roles import DESK_ROLES, allow
from relatieloket.views import confirm_delete, form_service_call

from .. import selectors, services
from ..forms import (
    ActivityForm,
)
from ..models import Activity
from .common import page_of

# --- activities -----------------------------------------------------------------------------


@allow(*DESK_ROLES)
def activity_list(request):
    activities = selectors.activities_for_user(user=request.user)
    return render(request, "intake/activity_list.html", {"page": page_of(request, activities)})


@allow(*DESK_ROLES)
def activity_create(request):
    desk = selectors.desk_for_entry(
        user=request.user, desk_id=request.GET.get("loket"), today=timezone.localdate()
    )
    if desk is None:
        raise Http404
    form = ActivityForm(
        request.POST or None, instance=Activity(desk=desk), initial={"date": timezone.localdate()}
    )
    if response := form_service_call(
        request,
        form,
        lambda _data: services.activity_save(actor=request.user, activity=form.save(commit=False)),
        message=_("Activity saved."),
        success="intake:activity_list",
    ):
        return response
    return render(request, "intake/activity_form.html", {"form": form, "desk": desk})


@allow(*DESK_ROLES)
def activity_edit(request, pk):
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    form = ActivityForm(request.POST or None, instance=activity)
    if response := form_service_call(
        request,
        form,
        lambda _data: services.activity_save(actor=request.user, activity=form.save(commit=False)),
        message=_("Activity changed."),
        success="intake:activity_list",
    ):
        return response
    return render(
        request,
        "intake/activity_form.html",
        {"form": form, "desk": activity.desk, "activity": activity},
    )


@allow(*DESK_ROLES)
def activity_delete(request, pk):
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    return confirm_delete(
        request,
        obj=_("%(kind)s of %(date)s (%(attendees)s attendees)")
        % {
            "kind": activity.get_kind_display(),
            "date": date_format(activity.date, "j F Y"),
            "attendees": activity.attendees,
        },
        delete=lambda: services.activity_delete(actor=request.user, activity=activity),
        message=_("Activity deleted."),
        success_url=reverse("intake:activity_list"),
        cancel_url=reverse("intake:activity_list"),
    )
