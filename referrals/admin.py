from django import forms
from django.contrib import admin

from .models import Municipality, Organisation, PartnerReturn, Referral


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


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["date", "from_organisation", "to_organisation", "municipality", "warm_handover"]
    list_filter = ["municipality", "warm_handover", "date"]
    list_select_related = ["from_organisation", "to_organisation", "municipality"]
    date_hierarchy = "date"
    raw_id_fields = ["from_organisation", "to_organisation"]


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
            from .services import check_no_overlap

            check_no_overlap(
                PartnerReturn(
                    pk=self.instance.pk,
                    organisation=cleaned["organisation"],
                    period_start=cleaned["period_start"],
                    period_end=cleaned["period_end"],
                )
            )
        return cleaned


@admin.register(PartnerReturn)
class PartnerReturnAdmin(admin.ModelAdmin):
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
