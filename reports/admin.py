from django.contrib import admin

from audit.admin import AuditedAdmin

from . import services
from .models import Budget, CouncilReport, Indicator


@admin.register(Budget)
class BudgetAdmin(AuditedAdmin):
    list_display = ["municipality", "year", "amount", "planned_trajects"]
    list_filter = ["municipality", "year"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["name", "municipality", "value", "unit", "source", "year"]
    list_filter = ["municipality", "source", "year"]
    search_fields = ["name", "source"]


@admin.register(CouncilReport)
class CouncilReportAdmin(admin.ModelAdmin):
    """Functional admins can look at council reports and delete a draft; letters are written
    and published in the portal, whose services check the text and protect the figures."""

    list_display = ["title", "municipality", "version", "status", "published_at"]
    list_filter = ["municipality", "status"]
    search_fields = ["title", "answer_title"]
    exclude = ["html", "pdf", "blocks"]

    def get_readonly_fields(self, request, obj=None):
        return [
            field.name for field in CouncilReport._meta.fields if field.name not in self.exclude
        ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        services.report_delete(actor=request.user, report=obj)

    def delete_queryset(self, request, queryset):
        for report in queryset:
            if not report.is_published:
                self.delete_model(request, report)
