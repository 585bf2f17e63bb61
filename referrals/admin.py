from django.contrib import admin

from .models import Municipality, Organisation


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "refers_to_commercial", "small_count_threshold"]
    list_filter = ["refers_to_commercial"]
    search_fields = ["name", "cbs_code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_commercial", "cost_to_resident", "is_active"]
    list_filter = ["kind", "is_commercial", "is_active", "municipalities"]
    search_fields = ["name", "description"]
    filter_horizontal = ["municipalities"]
