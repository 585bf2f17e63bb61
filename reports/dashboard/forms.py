import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from referrals.validators import SensibleDateField

from ..periods import period_errors


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
        for field, error in period_errors(
            data.get("start"), data.get("end"), before_data=False
        ).items():
            self.add_error(field, error)
        municipality, desk = data.get("municipality"), data.get("desk")
        if municipality and desk and desk.municipality_id != municipality.pk:
            self.add_error(
                "desk",
                _(
                    "%(desk)s is not a desk of %(municipality)s: choose one of its desks or "
                    "“All desks”."
                )
                % {"desk": desk.name, "municipality": municipality.name},
            )
        return data
