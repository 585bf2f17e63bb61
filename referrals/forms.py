from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import OrganisationKind
from .models import Municipality, Organisation, PartnerReturn
from .validators import SensibleDateField, sensible_date_formfield

DATE = {"type": "date"}


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices]
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        required=False,
        empty_label=_("All municipalities"),
    )


class ReturnFilterForm(forms.Form):
    """Filters of the partner return list: organisation and a year the period touches."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All organisations"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("name")


class PeriodFilterForm(forms.Form):
    """Period (inclusive) and municipality of the flow map; defaults to this year."""

    start = SensibleDateField(label=_("From"))
    end = SensibleDateField(label=_("Up to and including"))
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("All my municipalities"),
    )

    def __init__(self, data=None, *, municipalities):
        today = timezone.localdate()
        if not data or "start" not in data:
            data = {"start": today.replace(month=1, day=1), "end": today, **(data or {})}
        super().__init__(data)
        self.fields["municipality"].queryset = municipalities

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period must be on or after its start."))
        return data


class PartnerReturnForm(forms.ModelForm):
    class Meta:
        model = PartnerReturn
        formfield_callback = sensible_date_formfield
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
        widgets = {
            "period_start": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        }

    def __init__(self, *args, organisations, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["municipality"].queryset = municipalities
        self.helper = FormHelper()
        self.helper.form_tag = False
