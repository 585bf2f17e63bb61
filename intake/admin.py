import secrets

from django.contrib import admin

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
from .services import traject_code_generate


class WeeklyHourInline(admin.TabularInline):
    model = WeeklyHour
    extra = 0


class LocationInline(admin.StackedInline):
    model = Location
    extra = 0
    show_change_link = True


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]
    filter_horizontal = ["organisations", "staff"]
    inlines = [LocationInline]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "desk", "address", "is_active"]
    list_filter = ["desk", "is_active"]
    search_fields = ["name", "address"]
    inlines = [WeeklyHourInline]


@admin.register(LifeEvent, SessionTheme)
class ListEntryAdmin(admin.ModelAdmin):
    list_display = ["name", "desk", "is_active", "order"]
    list_filter = ["desk", "is_active"]
    search_fields = ["name"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    filter_horizontal = ["themes"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["date", "desk", "channel", "question", "track", "outcome"]
    list_filter = ["desk", "channel", "question", "track", "outcome", "safety_concern"]
    date_hierarchy = "date"
    readonly_fields = ["created_by", "created_at", "updated_at"]
    filter_horizontal = ["life_events", "referrals"]


@admin.register(Traject)
class TrajectAdmin(admin.ModelAdmin):
    list_display = ["code", "desk", "started_on", "status", "closed_on"]
    list_filter = ["desk", "status"]
    search_fields = ["code"]
    readonly_fields = ["code", "created_at"]
    inlines = [SessionInline]

    def save_model(self, request, obj, form, change):
        """A traject added here gets a random code like one started from a visit."""
        while not obj.code or Traject.objects.filter(code=obj.code).exists():
            obj.code = traject_code_generate()
        super().save_model(request, obj, form, change)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["date", "desk", "kind", "audience", "attendees"]
    list_filter = ["desk", "kind", "audience"]
    date_hierarchy = "date"


@admin.register(FeedbackInvitation)
class FeedbackInvitationAdmin(admin.ModelAdmin):
    list_display = ["desk", "created_at", "used_at"]
    list_filter = ["desk"]
    readonly_fields = ["token", "created_at", "used_at"]

    def save_model(self, request, obj, form, change):
        if not obj.token:
            obj.token = secrets.token_urlsafe(24)
        super().save_model(request, obj, form, change)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["desk", "submitted_at", "got_answer", "rating", "would_recommend"]
    list_filter = ["desk", "got_answer", "would_recommend"]
    readonly_fields = ["invitation", "submitted_at"]
