"""The functional admin manages the instruments (items, scale, cut-off, reliable change).
Scores and follow-up answers are read-only here: they are written through the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedAdmin

from .models import Instrument, Item, Measurement, TrajectEvaluation


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    fields = [
        "position",
        "text_nl",
        "text_en",
        "scale_min",
        "scale_max",
        "anchor_min_nl",
        "anchor_max_nl",
        "anchor_min_en",
        "anchor_max_en",
    ]


@admin.register(Instrument)
class InstrumentAdmin(AuditedAdmin):
    list_display = [
        "name",
        "is_default",
        "is_active",
        "licence_required",
        "higher_is_better",
        "cutoff",
        "reliable_change_threshold",
        "item_count",
    ]
    list_filter = ["is_active", "is_default", "licence_required"]
    search_fields = ["name"]
    inlines = [ItemInline]
    fieldsets = [
        (None, {"fields": ["name", "is_default", "is_active"]}),
        (_("Source and licence"), {"fields": ["source", "licence", "licence_required"]}),
        (
            _("Scoring"),
            {
                "fields": [
                    "scoring",
                    "higher_is_better",
                    "cutoff",
                    "reliable_change_threshold",
                    "reliability",
                    "standard_deviation",
                ]
            },
        ),
    ]

    @admin.display(description=_("items"))
    def item_count(self, obj):
        return obj.items.count()


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0
    fields = readonly_fields = ["moment", "respondent", "instrument", "date", "total"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TrajectEvaluation)
class TrajectEvaluationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "desk", "started_on", "closed_on", "goal", "unlinked_at"]
    list_filter = ["goal", "desk__municipality", "desk"]
    date_hierarchy = "started_on"
    list_select_related = ["traject", "desk"]
    fields = readonly_fields = [
        "traject",
        "desk",
        "started_on",
        "closed_on",
        "goal",
        "created_at",
        "unlinked_at",
    ]
    inlines = [MeasurementInline]
