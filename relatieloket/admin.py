from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Scope"), {"fields": ("organisations", "municipalities")}),
    )
    filter_horizontal = ("groups", "user_permissions", "organisations", "municipalities")
    list_filter = ("groups", "is_active", "is_staff", "municipalities")
