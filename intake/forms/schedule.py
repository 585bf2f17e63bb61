"""Forms of a desk's schedule: locations, weekly walk-in hours and their exceptions."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from referrals.validators import SensibleDateField

from ..constants import (
    IntervalWeeks,
)
from ..models import (
    Location,
    WalkInException,
    WeeklyHour,
)


class LocationForm(forms.ModelForm):
    """A location of a desk; its rules (a unique name per desk) live in the service."""

    class Meta:
        model = Location
        fields = ["name", "address", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class WeeklyHourForm(forms.ModelForm):
    """A walk-in hour: day, time and how often; its rules live in the model and service."""

    class Meta:
        model = WeeklyHour
        fields = ["weekday", "start", "end", "interval_weeks", "first_date"]
        widgets = {
            "weekday": forms.RadioSelect,
            "start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "interval_weeks": forms.RadioSelect,
        }
        field_classes = {"first_date": SensibleDateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("weekday", "interval_weeks"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            InlineRadios("weekday"),
            Row(Column("start", css_class="col-sm-3"), Column("end", css_class="col-sm-3")),
            InlineRadios("interval_weeks"),
            Row(Column("first_date", css_class="col-sm-4")),
        )
        # Most hours are weekly: a form posted without the rhythm means every week.
        self.fields["interval_weeks"].required = False
        self.fields["interval_weeks"].initial = IntervalWeeks.WEEKLY

    def clean_interval_weeks(self):
        return self.cleaned_data.get("interval_weeks") or IntervalWeeks.WEEKLY


class WalkInExceptionForm(forms.ModelForm):
    """Cancel the walk-in hours on one day or a range (holiday, illness), with a public reason."""

    class Meta:
        model = WalkInException
        fields = ["first_day", "last_day", "reason"]
        field_classes = {"first_day": SensibleDateField, "last_day": SensibleDateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["last_day"].required = False
        self.fields["last_day"].help_text = _("Leave empty for a single day.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("first_day", css_class="col-sm-4"),
                Column("last_day", css_class="col-sm-4"),
            ),
            "reason",
        )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("The last day cannot be before the first day."))
        return cleaned

    def _post_clean(self):
        # The service checks the model (with the last day filled in) and the overlap.
        pass
