"""Forms of a traject: start and edit, sessions, closing, looking one up by code."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from referrals.validators import SensibleDateField, sensible_date_formfield

from .. import vocabularies
from ..constants import (
    CLOSING_OUTCOMES,
    TrajectStatus,
)
from ..models import (
    Session,
    SessionTheme,
    Traject,
)
from .common import ShownOnce, _choices_once, _desk_q


class SessionForm(ShownOnce, forms.ModelForm):
    class Meta:
        model = Session
        formfield_callback = sensible_date_formfield
        fields = ["date", "minutes", "attendance", "themes", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "attendance": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, desk, **kwargs):
        super().__init__(*args, **kwargs)
        choices = self.desk_choices = vocabularies.desk_choices(desk)
        self.fields["themes"].queryset = SessionTheme.objects.filter(_desk_q(desk), is_active=True)
        self.fields["themes"].choices = lambda: choices["themes"]
        self.helper = FormHelper()
        self.helper.form_tag = False


_choices_once(SessionForm, attendance=None)


class TrajectCloseForm(ShownOnce, forms.Form):
    status = forms.ChoiceField(
        label=_("How did the traject end?"),
        choices=[c for c in TrajectStatus.choices if c[0] != TrajectStatus.RUNNING],
        widget=forms.RadioSelect,
    )
    closing_outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(o.value, o.label) for o in CLOSING_OUTCOMES],
        widget=forms.RadioSelect,
    )
    closed_on = SensibleDateField(label=_("Closed on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class TrajectForm(ShownOnce, forms.ModelForm):
    """Correct a traject: its start date, and how and when it ended once it is closed."""

    class Meta:
        model = Traject
        formfield_callback = sensible_date_formfield
        fields = ["started_on", "status", "closing_outcome", "closed_on"]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "status": forms.RadioSelect,
            "closing_outcome": forms.RadioSelect,
            "closed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status == TrajectStatus.RUNNING:
            for name in ("status", "closing_outcome", "closed_on"):
                del self.fields[name]
        else:
            for name in ("closing_outcome", "closed_on"):
                self.fields[name].required = True
        self.helper = FormHelper()
        self.helper.form_tag = False


_choices_once(
    TrajectForm,
    status=TrajectCloseForm.base_fields["status"].choices,
    closing_outcome=TrajectCloseForm.base_fields["closing_outcome"].choices,
)


class TrajectLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Traject code"),
        max_length=12,
        help_text=_("The code on the card, e.g. K7QM-R3TX."),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].upper().replace(" ", "").replace("-", "")
        return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code
