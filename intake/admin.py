from django.contrib import admin

from .models import Desk, Location, WeeklyHour


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
