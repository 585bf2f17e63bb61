"""Forms of the intake app; business rules stay in the models and services."""

from crispy_forms.bootstrap import InlineCheckboxes, InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from crispy_forms.utils import render_crispy_form
from django import forms
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from referrals.selectors import referral_organisations
from referrals.validators import SensibleDateField, sensible_date_formfield

from . import vocabularies
from .constants import (
    CLOSING_OUTCOMES,
    AdviceDomain,
    FoundVia,
    IntervalWeeks,
    TrajectStatus,
    WhoCame,
)
from .measures import ADVICE_FIELDS
from .models import (
    Activity,
    Feedback,
    LifeEvent,
    Location,
    Session,
    SessionTheme,
    Traject,
    Visit,
    WalkInException,
    WeeklyHour,
)
from .selectors import inbound_referral, municipality_by_name


def _desk_q(desk):
    return Q(desk__isnull=True) | Q(desk=desk)


GENDER_FIELDS = ("women", "men", "other_gender")


class ShownOnce:
    """A form whose markup, shown empty, is rendered once per process for the same choices,
    language and initial values (`intake.vocabularies.markup`); templates show `form.markup`.
    """

    desk_choices = None  # the desk's choice lists (vocabularies.DeskChoices), if it has them

    def markup(self):
        # The page's <form> carries the CSRF token (a stored markup must not hold one).
        self.helper.disable_csrf = True
        return vocabularies.markup(
            self, lambda: vocabularies.compact(render_crispy_form(self)), self.desk_choices
        )


def _choices_once(form_class, **choices):
    """Choices that are the same for every desk, set once per process on the class's fields
    (each form copies them) instead of in every form's __init__; `None` drops the empty one."""
    for name, fixed in choices.items():
        field = form_class.base_fields[name]
        field.choices = fixed if fixed is not None else [c for c in field.choices if c[0] != ""]


_datalists = {}  # per process: the names -> their <datalist> markup, escaped once


class DatalistInput(forms.TextInput):
    """A text field with suggestions (a `<datalist>`, no script needed); `names` (a callable,
    set by the form) gives them, and their markup is built once per process."""

    def names(self):
        return ()

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id', name)}-names"
        self.attrs["list"] = list_id
        names = self.names()
        html = _datalists.get((list_id, names))
        if html is None:
            options = "".join(f'<option value="{escape(n)}">' for n in names)
            html = f'<datalist id="{list_id}">{options}</datalist>'
            if len(_datalists) > 100:
                _datalists.clear()
            _datalists[(list_id, names)] = html
        return mark_safe(super().render(name, value, attrs, renderer) + html)


# One partner is one person: the choice says which count it is, so the counts need no
# typing (a walk-in of one partner in four actions, as a couple's).
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


class TrajectLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Traject code"),
        max_length=12,
        help_text=_("The code on the card, e.g. K7QM-R3TX."),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].upper().replace(" ", "").replace("-", "")
        return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


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


class FeedbackForm(forms.ModelForm):
    """The anonymous questionnaire a resident fills in after a conversation."""

    would_recommend = forms.TypedChoiceField(
        label=_("Would you recommend us to others?"),
        choices=[("True", _("yes")), ("False", _("no"))],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Feedback
        fields = ["got_answer", "rating", "would_recommend", "comment"]
        labels = {
            "got_answer": _("Did you get an answer to your question?"),
            "rating": _("What mark do you give the conversation (1–10)?"),
            "comment": _("Anything you want to tell us? (optional, do not write your name)"),
        }
        widgets = {
            "got_answer": forms.RadioSelect,
            "rating": forms.NumberInput(attrs={"min": 1, "max": 10}),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["got_answer"].choices = [
            c for c in self.fields["got_answer"].choices if c[0] != ""
        ]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Send")))


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
