"""Refuse free text that identifies a resident: visitors stay anonymous (geen dossier).

Checks for a BSN that passes the elfproef, an e-mail address, a Dutch phone number, an IBAN
and a postcode with house number. The message names the kind of data found, never the value.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)

# Separators people type inside a number: spaces (also several or non-breaking), dots, slashes,
# brackets and every kind of dash: hyphen-minus, hyphen, non-breaking hyphen, figure, en and em
# dash, minus sign.
_DASHES = "\\-\u2010-\u2015\u2212"
_PHONE_SEP = rf"(?:\s*[{_DASHES}./()]\s*|\s+)?"
_DIGIT_SEP = rf"(?:\s*[{_DASHES}.]\s*|\s+)?"
# A number ends where no digit follows, nor a decimal or time part (0,5 / 14:30).
_NUMBER_END = r"(?!\d|[,.:]\d)"
# 06-12345678, 06 1234 5678, +31 6 12345678, 0031612345678, 010-1234567, (078) 123 45 67.
_PHONE = re.compile(
    rf"(?<![\w€.,])(?:(?:\+|00)31{_PHONE_SEP}(?:\(0\){_PHONE_SEP})?|\(?0)"
    rf"[1-9](?:{_PHONE_SEP}\d){{8}}{_NUMBER_END}"
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}\b", re.IGNORECASE)
_BSN_CANDIDATE = re.compile(rf"(?<![\d€.,{_DASHES}])\d(?:{_DIGIT_SEP}\d){{7,8}}{_NUMBER_END}")
# Postcode letters in capitals (3311 AB, never SA/SD/SS), or in any case when they are not a
# short Dutch word: "3311 ab 12" is an address, "sinds 2019 en 3 kinderen" is not.
_SHORT_WORDS = (
    "aan|af|al|bv|ca|cm|de|dl|en|er|eu|ex|hh|ik|in|is|ja|je|kg|km|me|ml|mm|na|nr|nu|of|ok|om|"
    "op|pm|pp|st|te|to|tv|uw|vs|we|wk|ze|zo"
)
_POSTCODE = (
    rf"[1-9]\d{{3}}\s{{0,3}}"
    rf"(?:(?!SA|SD|SS)[A-Z]{{2}}|(?!(?i:{_SHORT_WORDS})(?![A-Za-z]))[A-Za-z]{{2}})(?![A-Za-z])"
)
# 3311 AB 12 / 3311AB12a / Brouwersdijk 12, 3314 GA / Dordrecht 3311 AB, nr 12.
_POSTCODE_WITH_NUMBER = re.compile(
    rf"\b{_POSTCODE}[\s,]*(?:nr\.?\s*)?\d{{1,5}}\s?[a-zA-Z]?\b"
    rf"|\b[A-Za-z][a-z]+(?:straat|weg|laan|dijk|plein|kade|singel|gracht|hof|pad|dreef|markt)?"
    rf"\s\d{{1,5}}\s?[a-zA-Z]?,?\s+{_POSTCODE}"
)
# Ordinary figures that look like digits with separators: dates with a four-digit year
# (12-03-2024, 2024-11-05), year ranges (2019–2024) and amounts (€ 1.250,50). They are blanked
# before the number checks, so "01-03-2024 15 kinderen" is not read as a phone number.
# A figure glued to more digits by a separator ("06-2019-2020", "06-12-2012-34") is part of a
# longer number, perhaps a phone number, and is not blanked.
_GLUED_BEFORE = rf"(?<!\d[{_DASHES}/.])"
_GLUED_AFTER = rf"(?![{_DASHES}/.]\d)"
_ORDINARY_FIGURES = re.compile(
    rf"{_GLUED_BEFORE}\b\d{{1,2}}[{_DASHES}/.]\d{{1,2}}[{_DASHES}/.](?:19|20)\d\d\b{_GLUED_AFTER}"
    rf"|{_GLUED_BEFORE}\b(?:19|20)\d\d[{_DASHES}/.]\d{{1,2}}[{_DASHES}/.]\d{{1,2}}\b{_GLUED_AFTER}"
    rf"|{_GLUED_BEFORE}\b(?:19|20)\d\d\s*[{_DASHES}/]\s*(?:19|20)?\d\d\b{_GLUED_AFTER}"
    r"|€\s?\d+(?:[.,]\d+)*"
)

KINDS = {
    "email": _("an e-mail address"),
    "phone": _("a phone number"),
    "iban": _("a bank account number (IBAN)"),
    "bsn": _("a citizen service number (BSN)"),
    "address": _("a postcode with house number"),
}


def _iban_match(text):
    return next((m for m in _IBAN.finditer(text) if stdnum_iban.is_valid(m.group(0))), None)


def _bsn_match(text):
    for match in _BSN_CANDIDATE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if stdnum_bsn.is_valid(digits.zfill(9)):
            return match
    return None


def _matches(text):
    """(kind, matched text) for every kind of identifying data found, in a fixed order."""
    if not text:
        return []
    numbers = _ORDINARY_FIGURES.sub(lambda m: "#" * len(m.group(0)), text)
    found = [
        ("email", _EMAIL.search(text)),
        ("iban", _iban_match(text)),
        ("phone", _PHONE.search(numbers)),
        ("bsn", _bsn_match(numbers)),
        ("address", _POSTCODE_WITH_NUMBER.search(numbers)),
    ]
    return [(kind, match.group(0)) for kind, match in found if match]


def find_identifying_data(text: str) -> list[str]:
    """Return the kinds of identifying data found in `text` (keys of KINDS), in a fixed order."""
    return [kind for kind, _value in _matches(text)]


def _hint(value):
    """The first three characters and an ellipsis ("06-…"): enough to find it, never the value."""
    return value.strip()[:3] + "…"


def validate_anonymous_text(text):
    """Django validator for free-text fields: refuse text that identifies a resident."""
    matches = _matches(text)
    if matches:
        raise ValidationError(
            _(
                "This text contains what looks like %(kinds)s. Visitors stay anonymous: leave out "
                "names, addresses, phone numbers, e-mail addresses, BSNs and bank account numbers."
            ),
            code="identifying_data",
            params={
                "kinds": ", ".join(f"{KINDS[kind]} ({_hint(value)})" for kind, value in matches)
            },
        )
