from django.contrib import admin

from .models import Budget, Indicator


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["municipality", "year", "amount", "planned_trajects"]
    list_filter = ["municipality", "year"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "value", "unit", "source", "year"]
    list_filter = ["municipality", "source", "year"]
    search_fields = ["name", "source"]
