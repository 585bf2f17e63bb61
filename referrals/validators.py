"""Validators every app shares: sensible dates, bounded free text, public phone numbers.

They live here because `referrals` is the app every other one depends on.
"""

import datetime
import re

import phonenumbers
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# The portal records work from 2020 on (Adviespunt SKO); 2000 leaves room for older partner
# returns and indicators. Dates are never later than the end of next year (a planned activity
# or a budget year), so a typo like 20255 or 0001 is a clear error, never a crash.
EARLIEST_DATE = datetime.date(2000, 1, 1)


def latest_date():
    """The end of next year."""
    return datetime.date(timezone.localdate().year + 1, 12, 31)


def validate_sensible_date(value):
    """Refuse dates before 2000 or after the end of next year, in Dutch."""
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not EARLIEST_DATE <= value <= latest_date():
        raise ValidationError(
            _("Choose a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={
                "earliest": EARLIEST_DATE.strftime("%d-%m-%Y"),
                "latest": latest_date().strftime("%d-%m-%Y"),
            },
        )


def latest_entry_date():
    """The last day work can be dated on: today, or a few days on (FUTURE_DATE_TOLERANCE_DAYS)."""
    return timezone.localdate() + datetime.timedelta(days=settings.FUTURE_DATE_TOLERANCE_DAYS)


def validate_not_in_future(value):
    """Refuse a date after today (plus the tolerance): work is logged once it happened.

    A visit on 1 June 2027 would head "nieuwste eerst" and count in a year yet to come.
    """
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        value = value.date()
    if value > latest_entry_date():
        raise ValidationError(
            _("This date is in the future; choose %(latest)s or earlier."),
            code="date_in_future",
            params={"latest": latest_entry_date().strftime("%d-%m-%Y")},
        )


# C0 and C1 control characters other than tab, line feed and carriage return: they never
# belong in a note or a name, and they garble exports and screen readers.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def validate_no_control_characters(value):
    """Refuse invisible control characters in text (in linear time: one character class)."""
    if value and _CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("This text contains invisible control characters; type it again or remove them."),
            code="control_characters",
        )


class SensibleDateField(forms.DateField):
    """A date form field within the sensible range, with a date picker limited to it.

    Input the date parser cannot read (junk, year 0, 31 February) is an ordinary form error.
    """

    default_validators = [validate_sensible_date]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update(min=EARLIEST_DATE.isoformat(), max=latest_date().isoformat())
        return attrs

    def __deepcopy__(self, memo):
        """Every form gets a copy of its fields: the date picker's end moves with the year."""
        field = super().__deepcopy__(memo)
        field.widget.attrs["max"] = latest_date().isoformat()
        return field

    def to_python(self, value):
        try:
            return super().to_python(value)
        except (OverflowError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class EntryDateField(SensibleDateField):
    """The date of work done (a visit, a session): the date picker ends today (+ tolerance).

    The model field's `validate_not_in_future` says why a later date is refused.
    """

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["max"] = latest_entry_date().isoformat()
        return attrs

    def __deepcopy__(self, memo):
        field = super().__deepcopy__(memo)
        field.widget.attrs["max"] = latest_entry_date().isoformat()
        return field


def sensible_date_formfield(model_field, **kwargs):
    """`formfield_callback` of model forms: every DateField becomes a SensibleDateField, and
    one that cannot lie in the future an EntryDateField."""
    if isinstance(model_field, models.DateField) and not isinstance(
        model_field, models.DateTimeField
    ):
        form_class = (
            EntryDateField
            if validate_not_in_future in model_field.validators
            else SensibleDateField
        )
        return model_field.formfield(form_class=form_class, **kwargs)
    return model_field.formfield(**kwargs)


class DatabaseOnlyCheck(models.CheckConstraint):
    """A CHECK the database enforces, for a rule the model's validators or `clean()` state
    first with a precise Dutch message: asking the database again in `full_clean` would cost
    three queries per constraint per save."""

    def validate(self, model, instance, exclude=None, using=None):
        return


class MaxLengthCheck(models.CheckConstraint):
    """A CHECK on the length of a text, enforced by the database only.

    The field's MaxLengthValidator has said it already, with the exact length, by the time
    `full_clean` validates constraints: asking the database again would cost a query per
    field per save.
    """

    def validate(self, model, instance, exclude=None, using=None):
        return


def max_length_check(field, max_length, *, model):
    """A CHECK that the database refuses text longer than `max_length` characters.

    SQLite does not enforce varchar(n) and neither database bounds a TextField: the CHECK
    makes the bound hold on both. Forms and models say so first, with the exact length.
    """
    return MaxLengthCheck(
        condition=LessThanOrEqual(Length(field), max_length),
        name=f"{model}_{field}_max_length",
        violation_error_message=_("This text is too long."),
    )


@deconstructible
class PublicPhoneValidator:
    """A phone number phonenumbers knows as valid (Dutch unless it starts with +)."""

    message = _("Enter a valid phone number, e.g. 078 770 80 10 or +31 78 770 80 10.")

    def __call__(self, value):
        try:
            number = phonenumbers.parse(value, "NL")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ValidationError(self.message, code="invalid_phone")

    def __eq__(self, other):
        return isinstance(other, PublicPhoneValidator)


_ORIGIN = re.compile(
    r"^https://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$"
)


def parse_origins(value):
    """The origins of a text with one per line (or separated by spaces), blanks left out."""
    return [origin.strip() for origin in (value or "").split() if origin.strip()]


def validate_origins(value):
    """Each line is an https origin (scheme and host, no path), e.g. https://www.dordrecht.nl.

    These become the Content-Security-Policy frame-ancestors of the municipality's public
    pages, so a wildcard, a path, a quote or a semicolon could widen or break the header.
    """
    wrong = [origin for origin in parse_origins(value) if not _ORIGIN.match(origin)]
    if wrong:
        raise ValidationError(
            _(
                "Not a web address the pages may be embedded in: %(origins)s. Give one origin "
                "per line, as https://www.example.nl (no path, no wildcard)."
            ),
            code="invalid_origin",
            params={"origins": ", ".join(wrong[:5])},
        )
