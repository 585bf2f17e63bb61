"""Users in the admin: the functional admin gives accounts a role and a scope, nothing more.

No form here offers `is_superuser`, `is_staff` or raw permissions: what a user may do comes
from the role groups (kept by `role_groups_sync`), and `is_staff` follows the functional-admin
role. Superuser accounts are made on the server (`createsuperuser`) and are invisible here
to anyone but a superuser, so nobody can take one over by setting its password.

The audit trail is shown here too, read-only, to the functional admin: this module knows the
roles; the audit app, below every other, does not.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit.admin import AuditedAdmin
from audit.models import AuditEntry

from . import services
from .models import User
from .roles import Role, user_roles


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Role"), {"fields": ("is_active", "groups")}),
        (_("Scope"), {"fields": ("organisations", "municipalities")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ("groups", "organisations", "municipalities")
    list_display = ("username", "first_name", "last_name", "is_active", "is_staff")

    class RoleFilter(admin.SimpleListFilter):
        """The roles by their Dutch names, not the group slugs ("functioneel-beheerder")."""

        title = _("role")
        parameter_name = "rol"

        def lookups(self, request, model_admin):
            return Role.choices

        def queryset(self, request, queryset):
            if self.value() in Role.values:
                return queryset.filter(groups__name=self.value())
            return queryset

    list_filter = (RoleFilter, "is_active", "municipalities")
    actions = ["reset_second_factor", "unlock_login"]

    def get_queryset(self, request):
        users = super().get_queryset(request)
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = Group.objects.filter(name__in=Role.values).order_by("name")
            kwargs["help_text"] = _("The roles of this user; each role gives its own pages.")
            field = super().formfield_for_manytomany(db_field, request, **kwargs)
            # The role's name in the user's language, not the group's slug.
            field.label_from_instance = lambda group: Role(group.name).label
            field.label = _("roles")
            select = getattr(field.widget, "widget", field.widget)  # inside the "+" wrapper
            select.verbose_name = _("roles")  # the two lists' "Beschikbare rollen" …
            return field
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.user_staff_sync(user=form.instance)

    @admin.action(description=_("Reset second factor (the user links an app at next login)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            services.second_factor_reset(user=user, actor=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "Second factor reset for %(count)d user.",
                "Second factor reset for %(count)d users.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unlock login after too many failed attempts"))
    def unlock_login(self, request, queryset):
        for user in queryset:
            services.login_unlock(user=user, actor=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "Login unlocked for %(count)d user.", "Login unlocked for %(count)d users.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )


# --- the audit trail: read-only, for the functional admin --------------------------------------


def _may_read_the_trail(user):
    return user.is_active and (user.is_superuser or Role.ADMIN in user_roles(user))


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_username", "action", "content_type", "object_id"]
    list_filter = ["action", "content_type", "actor_username", "created_at"]
    date_hierarchy = "created_at"
    search_fields = ["=object_id", "actor_username"]
    list_select_related = ["content_type"]
    fields = readonly_fields = [
        "created_at",
        "actor_username",
        "actor",
        "action",
        "content_type",
        "object_id",
        "fields",
    ]

    def has_module_permission(self, request):
        return _may_read_the_trail(request.user)

    def has_view_permission(self, request, obj=None):
        return _may_read_the_trail(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
