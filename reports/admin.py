from django.contrib import admin

from .models import Budget, CouncilReport, Indicator


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["municipality", "year", "amount", "planned_trajects"]
    list_filter = ["municipality", "year"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "value", "unit", "source", "year"]
    list_filter = ["municipality", "source", "year"]
    search_fields = ["name", "source"]


@admin.register(CouncilReport)
class CouncilReportAdmin(admin.ModelAdmin):
    """Functional admins can look at council reports; a published version is read-only."""

    list_display = ["title", "municipality", "version", "status", "published_at"]
    list_filter = ["municipality", "status"]
    search_fields = ["title", "answer_title"]
    readonly_fields = [
        "series",
        "version",
        "replaces",
        "status",
        "snapshot",
        "sha256",
        "published_at",
        "published_by",
        "created_at",
        "updated_at",
    ]
    exclude = ["html", "pdf"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)
