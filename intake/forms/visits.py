"""The visit form, the visit list's filter and the inbound referral on a visit."""

from crispy_forms.bootstrap import InlineCheckboxes, InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from referrals.selectors import referral_organisations
from referrals.validators import SensibleDateField, sensible_date_formfield

from .. import vocabularies
from ..constants import (
    AdviceDomain,
    FoundVia,
    WhoCame,
)
from ..measures import ADVICE_FIELDS
from ..models import (
    LifeEvent,
    Location,
    Visit,
)
from ..selectors import inbound_referral, municipality_by_name
from .common import GENDER_FIELDS, DatalistInput, ShownOnce, _choices_once, _desk_q

ONE_PARTNER_CHOICES = [
    (f"{WhoCame.ONE_PARTNER}:women", _("one partner (woman)")),
    (f"{WhoCame.ONE_PARTNER}:men", _("one partner (man)")),
    (f"{WhoCame.ONE_PARTNER}:other_gender", _("one partner (other or unknown)")),
]
WHO_CAME_SHOWN = [
    *ONE_PARTNER_CHOICES,
    *((value, label) for value, label in WhoCame.choices if value != WhoCame.ONE_PARTNER),
]


class VisitForm(ShownOnce, forms.ModelForm):
    """The quick-entry form: radio buttons and checkboxes, today's values pre-filled.

    Only "referred by" is a drop-down: the organisation directory is too long for radios.
    """

    advice_domains = forms.MultipleChoiceField(
        label=_("Advice domains"),
        choices=AdviceDomain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    referred_by_warm = forms.BooleanField(
        label=_("Handed over in person (warm handover)"),
        help_text=_("The referrer introduced the resident to us, not only gave our address."),
        required=False,
    )

    municipality_other = forms.CharField(
        label=_("Another municipality"),
        help_text=_("Type its name; it replaces the choice above."),
        max_length=100,
        required=False,
        widget=DatalistInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = Visit
        formfield_callback = sensible_date_formfield
        fields = [
            "date",
            "location",
            "channel",
            "who_came",
            "women",
            "men",
            "other_gender",
            "age_band",
            "municipality",
            "children",
            "question",
            "life_events",
            "track",
            "referred_by",
            "outcome",
            "found_via",
            "safety_concern",
            "duration_minutes",
            "notes",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "location": forms.RadioSelect,
            "municipality": forms.RadioSelect,
            "channel": forms.RadioSelect,
            "who_came": forms.RadioSelect,
            "age_band": forms.RadioSelect,
            "question": forms.RadioSelect,
            "track": forms.RadioSelect,
            "outcome": forms.RadioSelect,
            "found_via": forms.RadioSelect,
            "life_events": forms.CheckboxSelectMultiple,
            "women": forms.NumberInput(attrs={"min": 0, "max": 20}),
            "men": forms.NumberInput(attrs={"min": 0, "max": 20}),
            "other_gender": forms.NumberInput(attrs={"min": 0, "max": 20}),
            "children": forms.NumberInput(attrs={"min": 0, "max": 30}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, desk, **kwargs):
        super().__init__(*args, **kwargs)
        self.desk = desk
        if not self.instance.desk_id:
            # The model's rules (not before the desk opened, not after it closed) need it.
            self.instance.desk = desk
        # The querysets check a posted choice; the choices shown are the desk's lists, built
        # once per process (intake.vocabularies) and looked up only when the form is shown.
        choices = self.desk_choices = vocabularies.desk_choices(desk)
        fields = self.fields
        fields["location"].queryset = Location.objects.filter(desk=desk, is_active=True)
        fields["location"].choices = lambda: [("", _("no location")), *choices["locations"]]
        fields["life_events"].queryset = LifeEvent.objects.filter(_desk_q(desk), is_active=True)
        fields["life_events"].choices = lambda: choices["life_events"]
        fields["referred_by"].queryset = referral_organisations(
            municipality=desk.municipality, exclude=desk.organisation, inbound=True
        )
        fields["referred_by"].choices = lambda: [
            ("", _("— not referred / resident came themselves —")),
            *choices["referred_by"],
        ]
        # The desk's own municipality and region as choices; any other typed in
        # `municipality_other` (checked in clean). Never the 342 names as choices.
        fields["municipality"].widget.choices = lambda: [
            ("", _("unknown")),
            *choices["near_municipalities"],
        ]
        fields["municipality_other"].widget.names = lambda: choices["municipality_names"]
        if self.instance.pk and not self.is_bound:
            chosen = self.instance.municipality_id
            if chosen and chosen not in {pk for pk, _name in choices["near_municipalities"]}:
                self.initial["municipality_other"] = self.instance.municipality.name
            if self.instance.who_came == WhoCame.ONE_PARTNER:
                for field in GENDER_FIELDS:
                    if getattr(self.instance, field):
                        self.initial["who_came"] = f"{WhoCame.ONE_PARTNER}:{field}"
        if self.instance.pk:
            inbound = inbound_referral(self.instance)
            self.initial["referred_by_warm"] = bool(inbound and inbound.warm_handover)
            self.initial["advice_domains"] = [
                domain for domain, field in ADVICE_FIELDS.items() if getattr(self.instance, field)
            ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("When and where"),
                Row(Column("date", css_class="col-sm-4")),
                InlineRadios("location"),
                InlineRadios("channel"),
            ),
            Fieldset(
                _("Who came"),
                InlineRadios("who_came"),
                Row(*(Column(name, css_class="col-4 col-md-3") for name in GENDER_FIELDS)),
                InlineRadios("age_band"),
                InlineRadios("municipality"),
                Row(Column("municipality_other", css_class="col-sm-6")),
                Row(Column("children", css_class="col-sm-4")),
                InlineRadios("found_via"),
            ),
            Fieldset(
                _("Question"),
                "question",
                InlineCheckboxes("life_events"),
                InlineCheckboxes("advice_domains"),
            ),
            Fieldset(
                _("What happened next"),
                "track",
                "referred_by",
                "referred_by_warm",
                InlineRadios("outcome"),
                "safety_concern",
                Row(Column("duration_minutes", css_class="col-sm-4")),
                "notes",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        who_came, _sep, person = (cleaned.get("who_came") or "").partition(":")
        if person:
            cleaned["who_came"] = who_came
            counts = [cleaned.get(field) or 0 for field in GENDER_FIELDS]
            implied = [int(field == person) for field in GENDER_FIELDS]
            if not any(counts):
                cleaned.update(zip(GENDER_FIELDS, implied, strict=True))
            elif counts != implied:
                self.add_error(
                    "who_came",
                    _(
                        "“%(who_came)s” is one person: the counts of women, men and other or "
                        "unknown say otherwise. Choose again or correct the counts."
                    )
                    % {"who_came": dict(WHO_CAME_SHOWN)[f"{who_came}:{person}"]},
                )
        typed = (cleaned.get("municipality_other") or "").strip()
        if typed:
            found = municipality_by_name(typed)
            if found is None:
                self.add_error(
                    "municipality_other",
                    _("There is no municipality called “%(name)s”. Choose a name from the list.")
                    % {"name": typed},
                )
            else:
                cleaned["municipality"] = found
        return cleaned

    def service_kwargs(self):
        """The cleaned data in the shape of visit_create/visit_update."""
        data = dict(self.cleaned_data)
        data.pop("municipality_other", None)
        domains = set(data.pop("advice_domains", []))
        for domain, field in ADVICE_FIELDS.items():
            data[field] = domain in domains
        return data


_choices_once(
    VisitForm,
    found_via=[("", _("not asked or no answer")), *FoundVia.choices],
    # "one partner" is offered as three choices that set the counts; the plain value is
    # still accepted with the counts typed.
    who_came=[*WHO_CAME_SHOWN, (WhoCame.ONE_PARTNER, WhoCame.ONE_PARTNER.label)],
    **dict.fromkeys(("channel", "question", "outcome", "track", "age_band")),
)
VisitForm.base_fields["who_came"].widget.choices = WHO_CAME_SHOWN


class VisitFilterForm(forms.Form):
    start = SensibleDateField(label=_("From"), required=False)
    end = SensibleDateField(label=_("Up to and including"), required=False)
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.none(), required=False
    )

    def __init__(self, *args, desks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(desk__in=desks).select_related(
            "desk"
        )
        self.fields["location"].empty_label = _("All locations")


class ReferralForm(ShownOnce, forms.Form):
    """'Doorverwezen naar': an outbound referral from a visit or traject."""

    to_organisation = forms.ModelChoiceField(label=_("Referred to"), queryset=None)
    warm_handover = forms.BooleanField(
        label=_("Warm handover"),
        required=False,
        help_text=_("Handed over in person or by phone, not only advised."),
    )

    def __init__(self, *args, desk, **kwargs):
        super().__init__(*args, **kwargs)
        choices = self.desk_choices = vocabularies.desk_choices(desk)
        self.fields["to_organisation"].queryset = referral_organisations(
            municipality=desk.municipality, exclude=desk.organisation
        )
        self.fields["to_organisation"].choices = lambda: [
            ("", self.fields["to_organisation"].empty_label),
            *choices["referred_to"],
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
