from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedAdmin

from . import services
from .models import Municipality, Organisation, PartnerReturn


class ServiceAdmin(AuditedAdmin):
    """An audited admin whose writes go through services.

    The forms check what they can, so a mistake comes back on the form. A rule only a service
    can check at the moment of saving (a colleague saving the fifth session or an overlapping
    return at the same moment) rolls the whole save back and comes back as a Dutch message,
    never as a server error.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(Municipality)
class MunicipalityAdmin(AuditedAdmin):
    list_display = ["name", "cbs_code", "refers_to_commercial", "small_count_threshold"]
    list_filter = ["refers_to_commercial"]
    search_fields = ["name", "cbs_code"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "is_commercial", "cost_to_resident", "is_active"]
    list_filter = ["kind", "is_commercial", "is_active", "municipalities"]
    search_fields = ["name", "description", "public_email", "website"]
    filter_horizontal = ["municipalities"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "municipalities", "description", "is_active"]}),
        (_("Cost"), {"fields": ["is_commercial", "cost_to_resident", "minimum_cost"]}),
        (
            _("Public contact details"),
            {
                "fields": ["public_email", "public_phone", "website", "address"],
                "description": _(
                    "The organisation's own public details, as on its website or flyer; never "
                    "a resident's. Council letters may quote them."
                ),
            },
        ),
    ]


# Referral's admin is in intake/admin.py: a change there recounts the desks' figures per month,
# which the intake app keeps (it builds on this app, not the other way round).


class PartnerReturnAdminForm(forms.ModelForm):
    """The admin applies the same overlap rule as the service (the admin view is atomic)."""

    class Meta:
        model = PartnerReturn
        fields = [
            "organisation",
            "municipality",
            "period_start",
            "period_end",
            "persons",
            "helped",
            "referred_on",
            "referred_to_kind",
        ]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and cleaned.get("period_start") and cleaned.get("period_end"):
            services.check_no_overlap(
                PartnerReturn(
                    pk=self.instance.pk,
                    organisation=cleaned["organisation"],
                    period_start=cleaned["period_start"],
                    period_end=cleaned["period_end"],
                )
            )
        return cleaned


@admin.register(PartnerReturn)
class PartnerReturnAdmin(ServiceAdmin):
    list_display = [
        "organisation",
        "municipality",
        "period_start",
        "period_end",
        "persons",
        "helped",
        "referred_on",
    ]
    list_filter = ["municipality", "organisation"]
    list_select_related = ["organisation", "municipality"]
    form = PartnerReturnAdminForm

    def save_model(self, request, obj, form, change):
        services.partner_return_save(actor=request.user, partner_return=obj)

    def delete_model(self, request, obj):
        services.partner_return_delete(actor=request.user, partner_return=obj)
