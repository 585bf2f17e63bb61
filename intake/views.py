"""Views of the intake app: thin wrappers around forms, selectors and services."""

import datetime
from contextlib import suppress

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from relatieloket.forms import add_service_errors
from relatieloket.roles import DESK_ROLES, Role, allow, public
from relatieloket.views import confirm_delete, form_service_call

from . import selectors, services
from .constants import MAX_SESSIONS, TrajectStatus
from .forms import (
    ActivityForm,
    FeedbackForm,
    LocationForm,
    ReferralForm,
    SessionForm,
    TrajectCloseForm,
    TrajectForm,
    TrajectLookupForm,
    VisitFilterForm,
    VisitForm,
    WalkInExceptionForm,
    WeeklyHourForm,
)
from .models import Activity, FeedbackInvitation, Session, WalkInException, WeeklyHour

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


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


# --- locations and walk-in hours (coordinator) ----------------------------------------------


def _posted(request):
    """The POST data, also when empty: `request.POST or None` would leave an empty form unbound."""
    return request.POST if request.method == "POST" else None


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
    form = LocationForm(_posted(request), initial={"is_active": True})
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
    form = LocationForm(_posted(request), instance=location)
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
    form = WeeklyHourForm(_posted(request), instance=WeeklyHour(location=location))
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
    form = WeeklyHourForm(_posted(request), instance=hour)
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
    form = WalkInExceptionForm(_posted(request))
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
        request, "intake/visit_list.html", {"filters": filters, "page": _page(request, visits)}
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


def _referral_add(request, owner, redirect_to):
    form = ReferralForm(request.POST, desk=owner.desk)
    if form.is_valid():
        try:
            services.outbound_referral_create(
                actor=request.user,
                owner=owner,
                to_organisation=form.cleaned_data["to_organisation"],
                warm_handover=form.cleaned_data["warm_handover"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Referral recorded."))
    else:
        messages.error(request, _("Choose the organisation the resident was referred to."))
    return redirect(redirect_to)


@allow(*DESK_ROLES)
@require_POST
def visit_referral_add(request, pk):
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    return _referral_add(request, visit, reverse("intake:visit_detail", args=[pk]))


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
        {"lookup": lookup, "filters": filters, "page": _page(request, trajects)},
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
    return _referral_add(request, traject, reverse("intake:traject_detail", args=[pk]))


# --- activities -----------------------------------------------------------------------------


@allow(*DESK_ROLES)
def activity_list(request):
    activities = selectors.activities_for_user(user=request.user)
    return render(request, "intake/activity_list.html", {"page": _page(request, activities)})


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


# --- feedback -------------------------------------------------------------------------------


@allow(*DESK_ROLES)
@require_POST
def feedback_invite(request, pk):
    visit = selectors.visit_get_for_user(user=request.user, pk=pk)
    invitation = services.feedback_invitation_create(
        actor=request.user, desk=visit.desk, visit=visit
    )
    return redirect("intake:feedback_invitation", pk=invitation.pk)


@allow(*DESK_ROLES)
def feedback_invitation(request, pk):
    invitation = get_object_or_404(
        FeedbackInvitation.objects.filter(desk__in=selectors.desks_for_user(user=request.user)),
        pk=pk,
    )
    url = request.build_absolute_uri(reverse("intake:feedback_form", args=[invitation.token]))
    qr_svg = segno.make(url, error="m").svg_inline(
        scale=5, title=_("QR code of the questionnaire link")
    )
    return render(
        request,
        "intake/feedback_invitation.html",
        {"invitation": invitation, "url": url, "qr_svg": qr_svg},
    )


@public
def feedback_form(request, token):
    """The anonymous questionnaire: no login, the link works once."""
    invitation = FeedbackInvitation.objects.filter(token=token, used_at__isnull=True).first()
    if invitation is None:
        return render(request, "intake/feedback_closed.html", status=404)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(token=token, **form.cleaned_data)
        except services.InvitationUsed:
            return render(request, "intake/feedback_closed.html", status=404)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "intake/feedback_thanks.html")
    return render(request, "intake/feedback_form.html", {"form": form})
