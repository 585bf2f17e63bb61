"""The pages of visits: quick entry, list, detail, correction, deletion."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relatieloket.roles import DESK_ROLES, allow
from relatieloket.views import confirm_delete, form_service_call

from .. import selectors, services
from ..forms import (
    ReferralForm,
    VisitFilterForm,
    VisitForm,
)
from .common import outbound_referral_post, page_of

# --- visits ---------------------------------------------------------------------------------


@allow(*DESK_ROLES)
def visit_create(request):
    """Quick entry of a walk-in visit: today, the user's desk and today's location pre-filled."""
    today = timezone.localdate()
    desk = selectors.desk_for_entry(
        user=request.user, desk_id=request.GET.get("loket") or request.POST.get("desk"), today=today
    )
    if desk is None:
        messages.warning(request, _("You are not linked to a desk yet."))
        return redirect("intake:start")
    if request.method == "POST":
        form = VisitForm(request.POST, desk=desk)
    else:
        initial = {
            "date": today,
            "location": selectors.location_for_today(desk=desk, today=today),
            "channel": selectors.usual_channel(desk=desk, today=today),
        }
        form = VisitForm(desk=desk, initial=initial)
    # Saved: the page says so itself, with what to do next (no second message).
    if response := form_service_call(
        request,
        form,
        lambda _data: services.visit_create(
            created_by=request.user, desk=desk, **form.service_kwargs()
        ),
        success=lambda visit: (
            f"{reverse('intake:visit_create')}?loket={desk.pk}&opgeslagen={visit.pk}"
        ),
    ):
        return response
    saved = None
    if request.GET.get("opgeslagen", "").isdigit():
        saved = (
            selectors.visits_for_user(user=request.user)
            .filter(pk=request.GET["opgeslagen"])
            .first()
        )
    return render(
        request,
        "intake/visit_form.html",
        {
            "form": form,
            "desk": desk,
            "desks": selectors.desks_open_for_entry(user=request.user, today=today),
            "saved": saved,
        },
    )


@allow(*DESK_ROLES)
def visit_list(request):
    desks = selectors.desks_for_user(user=request.user)
    filters = VisitFilterForm(request.GET or None, desks=desks)
    data = filters.cleaned_data if filters.is_valid() else {}
    visits = selectors.visits_for_user(
        user=request.user,
        start=data.get("start"),
        end=data.get("end"),
        location=data.get("location"),
    )
    return render(
        request, "intake/visit_list.html", {"filters": filters, "page": page_of(request, visits)}
    )


@allow(*DESK_ROLES)
def visit_detail(request, pk):
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "intake/visit_detail.html",
        {
            "visit": visit,
            "referrals": visit.referrals.select_related("from_organisation", "to_organisation"),
            "referral_form": ReferralForm(desk=visit.desk),
            "traject": getattr(visit, "traject", None) if hasattr(visit, "traject") else None,
        },
    )


@allow(*DESK_ROLES)
def visit_edit(request, pk):
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    form = VisitForm(request.POST or None, instance=visit, desk=visit.desk)
    if response := form_service_call(
        request,
        form,
        lambda _data: services.visit_update(
            actor=request.user, visit=visit, **form.service_kwargs()
        ),
        message=_("Visit changed."),
        success=reverse("intake:visit_detail", args=[visit.pk]),
    ):
        return response
    return render(
        request, "intake/visit_form.html", {"form": form, "desk": visit.desk, "visit": visit}
    )


@allow(*DESK_ROLES)
def visit_delete(request, pk):
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    return confirm_delete(
        request,
        # Described, not numbered: "#541" told the counsellor nothing.
        obj=_("the visit of %(date)s at %(desk)s (%(channel)s, %(who_came)s)")
        % {
            "date": date_format(visit.date, "j F Y"),
            "desk": visit.desk.name,
            "channel": visit.get_channel_display(),
            "who_came": visit.get_who_came_display(),
        },
        delete=lambda: services.visit_delete(actor=request.user, visit=visit),
        message=_("Visit deleted."),
        success_url=reverse("intake:visit_list"),
        cancel_url=reverse("intake:visit_detail", args=[pk]),
    )


@allow(*DESK_ROLES)
@require_POST
def visit_referral_add(request, pk):
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    return outbound_referral_post(request, visit, reverse("intake:visit_detail", args=[pk]))
