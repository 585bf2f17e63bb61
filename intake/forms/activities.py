"""The form of a group activity or presentation."""

from crispy_forms.helper import FormHelper
from django import forms

from referrals.validators import sensible_date_formfield

from ..models import (
    Activity,
)


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        formfield_callback = sensible_date_formfield
        fields = ["date", "kind", "audience", "attendees", "title"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "kind": forms.RadioSelect,
            "audience": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "audience"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]
        self.helper = FormHelper()
        self.helper.form_tag = False
