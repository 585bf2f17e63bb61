from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import (
    COUNSELLOR_MOMENTS,
    Goal,
    Moment,
    Respondent,
    SeparatedAsWished,
    StillTogether,
)

RADIO = forms.RadioSelect(attrs={"class": "form-check-input"})


def _item_field(item, *, required):
    return forms.IntegerField(
        label=item.text,
        min_value=item.scale_min,
        max_value=item.scale_max,
        required=required,
        help_text=f"{item.scale_min} = {item.anchor_min}, {item.scale_max} = {item.anchor_max}",
        widget=forms.NumberInput(
            attrs={"inputmode": "numeric", "class": "form-control score-input"}
        ),
    )


def item_field_name(respondent, item):
    return f"{respondent}_{item.position}"


class ScoresForm(forms.Form):
    """The goal and the scores of both partners at one moment, on one screen: the counsellor
    types 8 numbers and saves. A partner left empty is not recorded (e.g. one did not come)."""

    goal = forms.ChoiceField(
        label=_("Goal of the couple"),
        choices=[("", _("not stated"))] + list(Goal.choices),
        required=False,
        widget=RADIO,
    )
    moment = forms.ChoiceField(
        label=_("Moment"),
        choices=[(m.value, m.label) for m in COUNSELLOR_MOMENTS],
        widget=RADIO,
    )
    date = forms.DateField(
        label=_("Date of the session"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, instrument, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.items = items
        self.fields["date"].initial = timezone.localdate()
        self.partners = []
        for respondent in Respondent:
            names = []
            for item in items:
                name = item_field_name(respondent.value, item)
                self.fields[name] = _item_field(item, required=False)
                names.append(name)
            self.partners.append({"respondent": respondent, "names": names})

    def partner_rows(self):
        """Per item its question and the two partners' fields, for the table of the page."""
        return [
            {
                "item": item,
                "fields": [self[item_field_name(r.value, item)] for r in Respondent],
            }
            for item in self.items
        ]

    def clean(self):
        data = super().clean()
        self.scores = {}
        for partner in self.partners:
            values = [data.get(name) for name in partner["names"]]
            filled = [v for v in values if v is not None]
            if not filled:
                continue
            if len(filled) != len(values):
                raise forms.ValidationError(
                    _("Fill in all questions for %(respondent)s, or none."),
                    params={"respondent": partner["respondent"].label},
                    code="incomplete",
                )
            self.scores[partner["respondent"].value] = values
        if not self.scores and not data.get("goal"):
            raise forms.ValidationError(
                _("Fill in the goal or the scores of at least one partner."), code="empty"
            )
        return data


class FollowUpForm(forms.Form):
    """The follow-up page: the card's code, the instrument and three questions. One page, one
    submit: whether a code is right is never shown before all answers are in."""

    code = forms.CharField(
        label=_("The code on your card"),
        max_length=20,
        help_text=_("For example K7QM-R3TX."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    still_together = forms.ChoiceField(
        label=_("Are you still together?"),
        choices=StillTogether.choices,
        widget=RADIO,
    )
    separated_as_wished = forms.ChoiceField(
        label=_("If you separated: did it go the way you wanted?"),
        choices=SeparatedAsWished.choices,
        widget=RADIO,
    )
    would_recommend = forms.TypedChoiceField(
        label=_("Would you recommend the help to others?"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda value: value == "yes",
        widget=RADIO,
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.item_names = []
        for item in items:
            name = f"item_{item.position}"
            self.fields[name] = forms.TypedChoiceField(
                label=item.text,
                choices=[(str(v), str(v)) for v in range(item.scale_min, item.scale_max + 1)],
                coerce=int,
                widget=RADIO,
                help_text=f"{item.scale_min} = {item.anchor_min}, "
                f"{item.scale_max} = {item.anchor_max}",
            )
            self.item_names.append(name)

    def item_fields(self):
        return [self[name] for name in self.item_names]

    def scores(self):
        return [self.cleaned_data[name] for name in self.item_names]


__all__ = ["FollowUpForm", "Moment", "ScoresForm"]
