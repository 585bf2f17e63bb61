import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from referrals.validators import SensibleDateField


class DashboardFilterForm(forms.Form):
    """Period (inclusive), municipality and desk of the dashboard; defaults to this year."""

    start = SensibleDateField(label=_("From"))
    end = SensibleDateField(label=_("Up to and including"))
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=None,
        required=False,
        empty_label=_("All my municipalities"),
    )
    desk = forms.ModelChoiceField(
        label=_("Desk"), queryset=None, required=False, empty_label=_("All desks")
    )

    def __init__(self, data, *, municipalities, desks):
        today = timezone.localdate()
        defaults = {"start": datetime.date(today.year, 1, 1).isoformat(), "end": today.isoformat()}
        data = {**defaults, **{k: v for k, v in (data or {}).items() if v}}
        super().__init__(data)
        self.fields["municipality"].queryset = municipalities
        self.fields["desk"].queryset = desks

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period must be on or after its start."))
        return data
