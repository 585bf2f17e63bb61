"""The admin of the intake app. Its writes go through the services, so the rules hold here too:
traject codes are drawn, inbound referrals follow 'referred by', a traject has at most five
sessions numbered 1..n, walk-in hours do not overlap. Everything is audited."""

from contextlib import suppress

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedAdmin
from audit.services import record_create
from referrals import services as referral_services
from referrals.admin import ServiceAdmin
from referrals.models import Referral

from . import figures, services
from .constants import MAX_SESSIONS, TrajectStatus
from .forms import VisitForm
from .measures import ADVICE_FIELDS
from .models import (
    Activity,
    Desk,
    Feedback,
    FeedbackInvitation,
    LifeEvent,
    Location,
    Session,
    SessionTheme,
    Traject,
    Visit,
    WeeklyHour,
)
from .selectors import inbound_referral


def _field_values(form, names):
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


def _save_inline(formset, *, create, update, delete=None):
    """Save an inline formset through services, one form at a time.

    Sets what `formset.save()` would have (new, changed and deleted objects), from which the
    admin writes its change message.
    """
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form in formset.deleted_forms:
        if form.instance.pk and delete is not None:
            delete(form.instance)
            formset.deleted_objects.append(form.instance)
    for form in formset.forms:
        if form in formset.deleted_forms or not form.has_changed():
            continue
        if form.instance.pk:
            update(form)
            formset.changed_objects.append((form.instance, form.changed_data))
        else:
            formset.new_objects.append(create(form))


class WeeklyHourInline(admin.TabularInline):
    model = WeeklyHour
    extra = 0


class LocationInline(admin.StackedInline):
    model = Location
    extra = 0
    show_change_link = True
    can_delete = False  # a location is deactivated, never deleted: past visits point to it


LOCATION_FIELDS = ["name", "address", "is_active"]


def _save_locations(request, formset):
    def values(form):
        return _field_values(form, LOCATION_FIELDS)

    _save_inline(
        formset,
        create=lambda form: services.location_create(
            actor=request.user, desk=formset.instance, **values(form)
        ),
        update=lambda form: services.location_update(
            actor=request.user, location=form.instance, **values(form)
        ),
    )


@admin.register(Desk)
class DeskAdmin(ServiceAdmin):
    list_display = ["name", "municipality", "opened_on", "closed_on"]
    list_filter = ["municipality"]
    search_fields = ["name"]
    filter_horizontal = ["organisations", "staff"]
    inlines = [LocationInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "organisations":
            # The two lists read "Beschikbare organisaties", not "Beschikbare uitgevoerd door".
            select = getattr(field.widget, "widget", field.widget)  # inside the "+" wrapper
            select.verbose_name = _("organisations")
        return field

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "organisation" in form.changed_data:
            services.desk_organisation_changed(desk=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is Location:
            _save_locations(request, formset)
        else:
            super().save_formset(request, form, formset, change)


@admin.register(Location)
class LocationAdmin(ServiceAdmin):
    list_display = ["name", "desk", "address", "is_active"]
    list_filter = ["desk", "is_active"]
    search_fields = ["name", "address"]
    inlines = [WeeklyHourInline]

    def save_model(self, request, obj, form, change):
        data = _field_values(form, LOCATION_FIELDS)
        if change:
            services.location_update(actor=request.user, location=obj, **data)
        else:
            saved = services.location_create(actor=request.user, desk=obj.desk, **data)
            obj.pk, obj._state.adding = saved.pk, False

    def save_formset(self, request, form, formset, change):
        def values(hour_form):
            return _field_values(
                hour_form, ["weekday", "start", "end", "interval_weeks", "first_date"]
            )

        _save_inline(
            formset,
            create=lambda hour_form: services.weekly_hour_create(
                actor=request.user, location=formset.instance, **values(hour_form)
            ),
            update=lambda hour_form: services.weekly_hour_update(
                actor=request.user, weekly_hour=hour_form.instance, **values(hour_form)
            ),
            delete=lambda hour: services.weekly_hour_delete(actor=request.user, weekly_hour=hour),
        )


@admin.register(LifeEvent, SessionTheme)
class ListEntryAdmin(AuditedAdmin):
    list_display = ["name", "desk", "is_active", "order"]
    list_filter = ["desk", "is_active"]
    search_fields = ["name"]


class SessionInlineFormSet(forms.BaseInlineFormSet):
    """At most five sessions, checked on the form; the service checks it again under a lock."""

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form not in self.deleted_forms and (form.instance.pk or form.has_changed())
        ]
        if len(kept) > MAX_SESSIONS:
            raise ValidationError(
                _("A traject has at most %(max)s sessions.") % {"max": MAX_SESSIONS},
                code="max_sessions",
            )


class SessionInline(admin.TabularInline):
    model = Session
    formset = SessionInlineFormSet
    extra = 0
    max_num = MAX_SESSIONS
    fields = ["number", "date", "minutes", "attendance", "themes", "notes"]
    readonly_fields = ["number"]  # numbered 1..n by the service
    filter_horizontal = ["themes"]


class VisitAdminForm(forms.ModelForm):
    """Every field of a visit but its referrals, which follow 'referred by' (the service)."""

    class Meta:
        model = Visit
        fields = ["desk", *VisitForm.Meta.fields, *ADVICE_FIELDS.values()]


@admin.register(Visit)
class VisitAdmin(ServiceAdmin):
    list_display = ["date", "desk", "channel", "question", "track", "outcome"]
    list_filter = ["desk", "channel", "question", "track", "outcome", "safety_concern"]
    date_hierarchy = "date"
    form = VisitAdminForm
    readonly_fields = ["created_by", "created_at", "updated_at", "referral_list"]
    filter_horizontal = ["life_events"]

    @admin.display(description=_("referrals"))
    def referral_list(self, obj):
        if obj.pk is None:
            return "–"
        return ", ".join(str(r) for r in obj.referrals.all()) or "–"

    def _fields(self, form):
        fields = dict(form.cleaned_data)
        fields.pop("life_events", None)
        return fields

    def save_model(self, request, obj, form, change):
        life_events = form.cleaned_data.get("life_events", [])
        if change:
            inbound = inbound_referral(obj)
            services.visit_update(
                actor=request.user,
                visit=obj,
                life_events=life_events,
                referred_by_warm=bool(inbound and inbound.warm_handover),
                **self._fields(form),
            )
        else:
            visit = services.visit_create(
                created_by=request.user, life_events=life_events, **self._fields(form)
            )
            obj.pk, obj._state.adding = visit.pk, False

    def save_related(self, request, form, formsets, change):
        """Life events were set by the service; the rest of the visit has no relations here."""
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        services.visit_delete(actor=request.user, visit=obj)


class TrajectAdminForm(forms.ModelForm):
    class Meta:
        model = Traject
        fields = ["desk", "visit", "started_on", "status", "closed_on", "closing_outcome"]

    def clean(self):
        cleaned = super().clean()
        visit, desk = cleaned.get("visit"), cleaned.get("desk")
        if self.instance.pk is None and visit and desk and visit.desk_id != desk.pk:
            self.add_error("visit", _("Choose a visit of the traject's desk."))
        closed = self.instance.pk and self.instance.status != TrajectStatus.RUNNING
        if closed and cleaned.get("status") == TrajectStatus.RUNNING:
            self.add_error("status", _("A closed traject cannot be reopened."))
        return cleaned


@admin.register(Traject)
class TrajectAdmin(ServiceAdmin):
    list_display = ["code", "desk", "started_on", "status", "closed_on"]
    list_filter = ["desk", "status"]
    search_fields = ["code"]
    form = TrajectAdminForm
    inlines = [SessionInline]

    def get_fields(self, request, obj=None):
        if obj is None:  # a new traject is running; it is closed once it has ended
            return ["desk", "visit", "started_on"]
        return ["code", "desk", "visit", "started_on", "status", "closed_on", "closing_outcome"]

    def get_readonly_fields(self, request, obj=None):
        return ["code", "desk", "visit", "created_at"] if obj else ["code", "created_at"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            traject = services.traject_create(
                actor=request.user,
                desk=data["desk"],
                visit=data.get("visit"),
                started_on=data["started_on"],
            )
            obj.pk, obj.code, obj._state.adding = traject.pk, traject.code, False
            return
        stored = Traject.objects.get(pk=obj.pk)
        if stored.status != TrajectStatus.RUNNING:
            services.traject_update(
                actor=request.user,
                traject=stored,
                started_on=data["started_on"],
                status=data["status"],
                closing_outcome=data.get("closing_outcome", ""),
                closed_on=data.get("closed_on"),
            )
            return
        services.traject_update(actor=request.user, traject=stored, started_on=data["started_on"])
        if data["status"] != TrajectStatus.RUNNING:
            services.traject_close(
                actor=request.user,
                traject=stored,
                status=data["status"],
                closing_outcome=data.get("closing_outcome", ""),
                closed_on=data.get("closed_on"),
            )

    def delete_model(self, request, obj):
        services.traject_delete(actor=request.user, traject=obj)

    def save_formset(self, request, form, formset, change):
        traject = Traject.objects.get(pk=form.instance.pk)

        def values(session_form):
            data = _field_values(session_form, ["date", "minutes", "attendance", "notes"])
            return {**data, "themes": session_form.cleaned_data.get("themes", [])}

        def delete(session):
            with suppress(services.SessionGone):
                services.session_delete(actor=request.user, session=session)

        _save_inline(
            formset,
            create=lambda session_form: services.session_create(
                actor=request.user, traject=traject, **values(session_form)
            ),
            update=lambda session_form: services.session_update(
                actor=request.user, session=session_form.instance, **values(session_form)
            ),
            delete=delete,
        )


@admin.register(Activity)
class ActivityAdmin(ServiceAdmin):
    list_display = ["date", "desk", "kind", "audience", "attendees"]
    list_filter = ["desk", "kind", "audience"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        services.activity_save(actor=request.user, activity=obj)

    def delete_model(self, request, obj):
        services.activity_delete(actor=request.user, activity=obj)


@admin.register(FeedbackInvitation)
class FeedbackInvitationAdmin(ServiceAdmin):
    list_display = ["desk", "created_at", "used_at"]
    list_filter = ["desk"]
    fields = ["desk", "visit", "token", "created_at", "used_at"]
    readonly_fields = ["token", "created_at", "used_at"]

    def get_readonly_fields(self, request, obj=None):
        # An invitation is a random link: once drawn, only deleting it makes sense.
        return [*self.readonly_fields, "desk", "visit"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            invitation = services.feedback_invitation_create(
                actor=request.user, desk=obj.desk, visit=obj.visit
            )
            obj.pk, obj.token, obj._state.adding = invitation.pk, invitation.token, False


@admin.register(Feedback)
class FeedbackAdmin(AuditedAdmin):
    """The anonymous answers of residents: to read, never to write."""

    list_display = ["desk", "submitted_at", "got_answer", "rating", "would_recommend"]
    list_filter = ["desk", "got_answer", "would_recommend"]
    readonly_fields = [
        "invitation",
        "desk",
        "got_answer",
        "rating",
        "would_recommend",
        "comment",
        "submitted_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Referral)
class ReferralAdmin(ServiceAdmin):
    list_display = ["date", "from_organisation", "to_organisation", "municipality", "warm_handover"]
    list_filter = ["municipality", "warm_handover", "date"]
    list_select_related = ["from_organisation", "to_organisation", "municipality"]
    date_hierarchy = "date"
    raw_id_fields = ["from_organisation", "to_organisation"]

    # The desks' figures per month count the referrals of their visits and trajects: a change
    # here recounts the desk-months it touches. So it is registered here, with the figures,
    # rather than in referrals (which the intake app builds on, not the other way round).
    def save_model(self, request, obj, form, change):
        if change:
            with transaction.atomic():
                before = figures.referral_months(referrals=[obj.pk])
                super().save_model(request, obj, form, change)
                figures.refresh(referrals=before | figures.referral_months(referrals=[obj.pk]))
            return
        referral = referral_services.referral_create(
            from_organisation=obj.from_organisation,
            to_organisation=obj.to_organisation,
            municipality=obj.municipality,
            date=obj.date,
            warm_handover=obj.warm_handover,
            question=obj.question,
        )
        obj.pk = referral.pk
        record_create(actor=request.user, obj=referral)

    def delete_model(self, request, obj):
        with transaction.atomic():
            months = figures.referral_months(referrals=[obj.pk])
            super().delete_model(request, obj)
            figures.refresh(referrals=months)
