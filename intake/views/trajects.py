"""The pages of trajects and their sessions."""

from contextlib import suppress

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relatieloket.roles import DESK_ROLES, allow
from relatieloket.views import confirm_delete, form_service_call

from .. import selectors, services
from ..constants import MAX_SESSIONS, TrajectStatus
from ..forms import (
    ReferralForm,
    SessionForm,
    TrajectCloseForm,
    TrajectForm,
    TrajectLookupForm,
    VisitFilterForm,
)
from ..models import Session
from .common import outbound_referral_post, page_of

# --- trajects -------------------------------------------------------------------------------


@allow(*DESK_ROLES)
@require_POST
def traject_start(request, pk):
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    try:
        traject = services.traject_start(actor=request.user, visit=visit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("intake:visit_detail", pk=pk)
    messages.success(request, _("Traject started. Write the code on the card for the couple."))
    return redirect(f"{reverse('intake:traject_detail', args=[traject.pk])}?nieuw=1")


@allow(*DESK_ROLES)
def traject_list(request):
    lookup = TrajectLookupForm(request.GET if "code" in request.GET else None)
    if lookup.is_valid():
        traject = (
            selectors.trajects_for_user(user=request.user)
            .filter(code=lookup.cleaned_data["code"])
            .first()
        )
        if traject:
            return redirect("intake:traject_detail", pk=traject.pk)
        lookup.add_error("code", _("No traject of your desk has this code."))
    filters = VisitFilterForm(
        request.GET if "code" not in request.GET else None,
        desks=selectors.desks_for_user(user=request.user),
    )
    data = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    trajects = selectors.trajects_for_user(
        user=request.user,
        start=data.get("start"),
        end=data.get("end"),
        location=data.get("location"),
    )
    return render(
        request,
        "intake/traject_list.html",
        {"lookup": lookup, "filters": filters, "page": page_of(request, trajects)},
    )


def _traject_context(request, traject, **extra):
    # In the order they took place; the number says which of the five it is.
    sessions = list(
        Session.objects.filter(traject=traject)
        .order_by("date", "number")
        .prefetch_related("themes")
    )
    is_full = len(sessions) >= MAX_SESSIONS
    dates = [session.date for session in sessions]
    close_initial = {"closed_on": timezone.localdate()}
    if is_full:
        # All sessions held: most likely it was completed, on the day of the last one.
        close_initial = {"status": TrajectStatus.COMPLETED, "closed_on": max(dates)}
    context = {
        "traject": traject,
        "sessions": sessions,
        "max_sessions": MAX_SESSIONS,
        # A full traject offers no form whose sixth session would be refused after typing it.
        "is_full": is_full,
        # Two sessions on one day is most likely a typing error: said next to them.
        "same_day": {day for day in dates if dates.count(day) > 1},
        "session_form": SessionForm(
            desk=traject.desk, initial={"date": timezone.localdate(), "minutes": 90}
        ),
        "close_form": TrajectCloseForm(initial=close_initial),
        "referral_form": ReferralForm(desk=traject.desk),
        "referrals": traject.referrals.select_related("from_organisation", "to_organisation"),
        "is_new": request.GET.get("nieuw") == "1",
    }
    context.update(extra)
    return context


@allow(*DESK_ROLES)
def traject_detail(request, pk):
    traject = selectors.traject_get_for_user(user=request.user, pk=pk)
    return render(request, "intake/traject_detail.html", _traject_context(request, traject))


@allow(*DESK_ROLES)
@require_POST
def session_add(request, pk):
    traject = selectors.traject_get_for_user(user=request.user, pk=pk)
    form = SessionForm(request.POST, desk=traject.desk)
    if response := form_service_call(
        request,
        form,
        lambda data: services.session_create(
            actor=request.user,
            traject=traject,
            date=data["date"],
            minutes=data["minutes"],
            attendance=data["attendance"],
            themes=data["themes"],
            notes=data["notes"],
        ),
        message=_session_saved,
        then=lambda session: _warn_same_day(request, session),
        success=reverse("intake:traject_detail", args=[pk]),
    ):
        return response
    return render(
        request,
        "intake/traject_detail.html",
        _traject_context(request, traject, session_form=form),
        status=400,
    )


def _session_saved(session):
    return _("Session %(number)s saved.") % {"number": session.number}


def _warn_same_day(request, session):
    others = selectors.sessions_on_same_day(session)
    if others:
        messages.warning(
            request,
            _(
                "Session %(number)s is on the same day as session %(others)s "
                "(%(date)s). Check the date if that is not right."
            )
            % {
                "number": session.number,
                "others": ", ".join(str(number) for number in others),
                "date": date_format(session.date, "j F Y"),
            },
        )


@allow(*DESK_ROLES)
def session_edit(request, pk):
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    traject = session.traject
    form = SessionForm(request.POST or None, instance=session, desk=traject.desk)

    def save(data):
        data = dict(data)
        themes = data.pop("themes")
        return services.session_update(actor=request.user, session=session, themes=themes, **data)

    if response := form_service_call(
        request,
        form,
        save,
        message=_session_saved,
        then=lambda session: _warn_same_day(request, session),
        success=reverse("intake:traject_detail", args=[traject.pk]),
    ):
        return response
    return render(
        request, "intake/session_form.html", {"form": form, "session": session, "traject": traject}
    )


@allow(*DESK_ROLES)
def session_delete(request, pk):
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    traject_pk = session.traject_id

    def delete():
        # A colleague deleting it a moment ago is no error: it is gone, as asked.
        with suppress(services.SessionGone):
            services.session_delete(actor=request.user, session=session)

    return confirm_delete(
        request,
        obj=_("session %(number)s of %(date)s of traject %(code)s")
        % {
            "number": session.number,
            "date": date_format(session.date, "j F Y"),
            "code": session.traject.code,
        },
        delete=delete,
        message=_("Session deleted."),
        success_url=reverse("intake:traject_detail", args=[traject_pk]),
        cancel_url=reverse("intake:traject_detail", args=[traject_pk]),
    )


@allow(*DESK_ROLES)
@require_POST
def traject_close(request, pk):
    traject = selectors.traject_get_for_user(user=request.user, pk=pk)
    form = TrajectCloseForm(request.POST)
    if response := form_service_call(
        request,
        form,
        lambda data: services.traject_close(actor=request.user, traject=traject, **data),
        message=_("Traject closed."),
        success=reverse("intake:traject_detail", args=[pk]),
    ):
        return response
    return render(
        request,
        "intake/traject_detail.html",
        _traject_context(request, traject, close_form=form),
        status=400,
    )


@allow(*DESK_ROLES)
def traject_edit(request, pk):
    traject = selectors.traject_get_for_user(user=request.user, pk=pk)
    form = TrajectForm(request.POST or None, instance=traject)
    if response := form_service_call(
        request,
        form,
        lambda data: services.traject_update(actor=request.user, traject=traject, **data),
        message=_("Traject changed."),
        success=reverse("intake:traject_detail", args=[pk]),
    ):
        return response
    return render(request, "intake/traject_form.html", {"form": form, "traject": traject})


@allow(*DESK_ROLES)
def traject_delete(request, pk):
    traject = selectors.traject_get_for_user(user=request.user, pk=pk)
    return confirm_delete(
        request,
        obj=_("traject %(code)s (started on %(date)s)")
        % {"code": traject.code, "date": date_format(traject.started_on, "j F Y")},
        delete=lambda: services.traject_delete(actor=request.user, traject=traject),
        message=_("Traject deleted."),
        success_url=reverse("intake:traject_list"),
        cancel_url=reverse("intake:traject_detail", args=[pk]),
    )


@allow(*DESK_ROLES)
@require_POST
def traject_referral_add(request, pk):
    traject = selectors.traject_get_for_user(user=request.user, pk=pk)
    return outbound_referral_post(request, traject, reverse("intake:traject_detail", args=[pk]))
