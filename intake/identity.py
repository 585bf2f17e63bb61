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
# 06-12345678, 06 1234 5678, +31 6 12345678, 0031612345678, 010-1234567, 078 123 45 67.
_PHONE = re.compile(
    r"(?<![\w€.,])(?:\+31|0031|0)[\s\-.]?(?:\(0\)[\s\-.]?)?[1-9](?:[\s\-.]?\d){8}(?![\d,])"
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}\b", re.IGNORECASE)
_BSN_CANDIDATE = re.compile(r"(?<![\d€.,])\d(?:[\s.]?\d){7,8}(?![\d,])")
# 3311 AB 12 / 3311AB12a / Brouwersdijk 12, 3314 GA / Dordrecht 3311 AB, nr 12.
_POSTCODE = r"[1-9]\d{3}(?:\s?(?!SA|SD|SS)[A-Z]{2}|[a-z]{2})(?![A-Za-z])"
_POSTCODE_WITH_NUMBER = re.compile(
    rf"\b{_POSTCODE}[\s,]*(?:nr\.?\s*)?\d{{1,5}}\s?[a-zA-Z]?\b"
    rf"|\b[A-Za-z][a-z]+(?:straat|weg|laan|dijk|plein|kade|singel|gracht|hof|pad|dreef|markt)?"
    rf"\s\d{{1,5}}\s?[a-zA-Z]?,?\s+{_POSTCODE}"
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
    found = [
        ("email", _EMAIL.search(text)),
        ("iban", _iban_match(text)),
        ("phone", _PHONE.search(text)),
        ("bsn", _bsn_match(text)),
        ("address", _POSTCODE_WITH_NUMBER.search(text)),
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
