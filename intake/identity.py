"""Refuse free text that identifies a resident: visitors stay anonymous (geen dossier).

Finds a BSN that passes the elfproef, an e-mail address, a phone number, an IBAN and a postcode
with house number. The message names the kind of data found, never the value.

The text is normalised first, so the usual ways round a check do not work: Unicode NFKC (full-
width digits and letters), every script's digits to ASCII (Arabic-Indic, Devanagari, …),
zero-width and other invisible characters removed, every kind of space and dash unified,
"(at)", "[at]", "[dot]", "(punt)" and the like read as "@" and ".". Numbers are then read as
groups of digit runs with separators between them (spaces, dots, dashes, commas, underscores,
slashes, brackets), so "06,12,34,56,78" is the phone number it is. Numbers written out in
words ("nul zes, een twee drie …", "zesentwintig") are read as their digits too.

The check runs in time linear in the length of the text, so no input can slow the server:
every regular expression here either has bounded quantifiers only (constant work at each
position), or starts its one unbounded run behind a look-behind that excludes that run's own
characters (so each run of the text is scanned from its start only, once). The digit groups
are walked with two pointers; each candidate number costs a bounded number of operations
(python-stdnum's elfproef and IBAN check, phonenumbers' number type). `manage.py
benchmark_identity` measures it.

Phone numbers are validated with phonenumbers' metadata (valid ranges and number types, for
the Netherlands and abroad) on the candidates the group walk finds. Its PhoneNumberMatcher
itself is not used on the text: it costs about 0.6 ms per number it finds and about a second
per 100 KB of "1 1 1 …", where the group walk stays linear with a small constant.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import PhoneNumberFormat, PhoneNumberType
from stdnum import iban as stdnum_iban
from stdnum import numdb
from stdnum.nl import bsn as stdnum_bsn

from referrals.validators import validate_no_control_characters

KINDS = {
    "email": _("an e-mail address"),
    "phone": _("a phone number"),
    "iban": _("a bank account number (IBAN)"),
    "bsn": _("a citizen service number (BSN)"),
    "address": _("a postcode with house number"),
}


@dataclass(frozen=True)
class Finding:
    kind: str
    value: str  # canonical form: compared with the allowed values, never shown
    hint: str  # the first characters as written: enough to find it in the text


# --- normalisation --------------------------------------------------------------------------


def _map_char(char):
    """One character of the normalised text: '' to drop it."""
    if char.isascii():
        if char in "\t\n\r\x0b\x0c":
            return " "
        return "" if ord(char) < 32 or ord(char) == 127 else char
    digit = unicodedata.digit(char, None)
    if digit is not None:
        return str(digit)
    category = unicodedata.category(char)
    if category in ("Zs", "Zl", "Zp") or char.isspace():
        return " "
    if category == "Pd" or char == "\u2212":  # every kind of dash, and the minus sign
        return "-"
    if category in ("Cf", "Cc", "Mn", "Me"):  # zero-width, soft hyphen, direction marks, …
        return ""
    return char


class _CharMap(dict):
    """A str.translate table filled on first use of each character."""

    def __missing__(self, codepoint):
        value = _map_char(chr(codepoint))
        self[codepoint] = value
        return value


_CHARS = _CharMap()
_SPACES = re.compile(r" {2,}")
_BRACKET_OPEN, _BRACKET_CLOSE = r"[\[({<]", r"[\])}>]"
_AT_FORM = re.compile(
    rf" ?{_BRACKET_OPEN} ?(?:at|apenstaartje|@) ?{_BRACKET_CLOSE} ?| ?@ ?", re.IGNORECASE
)
_DOT_FORM = re.compile(rf" ?{_BRACKET_OPEN} ?(?:dot|punt|\.) ?{_BRACKET_CLOSE} ?", re.IGNORECASE)


def normalise(text: str) -> str:
    """The text as the checks read it (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text).translate(_CHARS)
    text = _SPACES.sub(" ", text)
    text = _AT_FORM.sub("@", text)
    return _DOT_FORM.sub(".", text)


# --- e-mail addresses -----------------------------------------------------------------------

_LOCAL_CHARS = re.compile(r"[\w.+-]")
# A dot, also with a space on both sides ("example . nl"), never a full stop ending a sentence.
_DOMAIN_SEP = r"(?:\.| \. | (?:dot|punt) )"
# Starts at an "@" only; the labels are split by the dots, so the match is linear.
_EMAIL_DOMAIN = re.compile(rf"@((?:[\w-]+{_DOMAIN_SEP})+[^\W\d_]{{2,}})", re.IGNORECASE)
# "jan at example dot nl": written-out forms count with a common top-level domain only, so
# "hij at soep" never reads as an address.
_TLDS = "nl|com|org|net|eu|be|de|info|nu|online|email|mail|me|biz|io|uk|fr|live"
_EMAIL_SPELLED = re.compile(
    rf"(?<=[\w.+-]) (?:at|apenstaartje) ((?:[\w-]+{_DOMAIN_SEP})+(?:{_TLDS}))(?![\w-])",
    re.IGNORECASE,
)


def _local_part(text, end):
    """The local part before position `end` (at most 64 characters, as RFC 5321 allows)."""
    start = end
    while start > 0 and end - start < 64 and _LOCAL_CHARS.match(text[start - 1]):
        start -= 1
    return text[start:end]


def _emails(text):
    for pattern in (_EMAIL_DOMAIN, _EMAIL_SPELLED):
        for match in pattern.finditer(text):
            local = _local_part(text, match.start())
            if not local:
                continue
            domain = re.sub(r" ?(?:\.|dot|punt) ?", ".", match.group(1), flags=re.IGNORECASE)
            yield Finding("email", f"{local}@{domain}".lower(), local[:3])


# --- IBAN -----------------------------------------------------------------------------------

_IBAN_SEP = r"[ .\-_,/]{0,3}"
# The country code and check digits as IBANs are written: together ("NL91", "nl91"), or with
# one dot, dash or underscore, or with a space after a country code in capitals ("NL 91"), so
# a word before a date ("om 21-04-2006") is no candidate. The rest may be split in any way.
# A zero-width look-ahead, so a candidate never swallows the start of the next one; it starts
# at the beginning of a word only and reads at most 34 letters and digits.
_IBAN_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z])(?=((?:[A-Z]{2} ?|[A-Za-z]{2})[.\-_]?[0-9]{2}"
    rf"(?:{_IBAN_SEP}[0-9A-Za-z]){{11,30}}))"
)
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
_IBAN_SEPARATORS = str.maketrans("", "", " .-_,/")


def _iban_lengths():
    """The IBAN length of every country python-stdnum knows (NL: 18)."""
    database, lengths = numdb.get("iban"), {}
    for first in range(ord("A"), ord("Z") + 1):
        for second in range(ord("A"), ord("Z") + 1):
            country = chr(first) + chr(second)
            bban = database.info(country)[0][1].get("bban")
            if bban:
                lengths[country] = 4 + sum(int(n) for n in re.findall(r"(\d+)!", bban))
    return lengths


_IBAN_LENGTHS = _iban_lengths()


_IBAN_LETTERS = {ord(c): str(ord(c) - 55) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def _is_iban(number):
    """python-stdnum's check, after the quick mod 97 that rules out 96 in 97 candidates."""
    if not number[2:4].isdigit():
        return False
    if int((number[4:] + number[:4]).translate(_IBAN_LETTERS)) % 97 != 1:
        return False
    return stdnum_iban.is_valid(number)


def _ibans(text):
    """Yield (finding, start, end): the span lets the number checks skip the IBAN's digits."""
    for match in _IBAN_CANDIDATE.finditer(text):
        written = match.group(1)
        compact = written.translate(_IBAN_SEPARATORS).upper()
        length = _IBAN_LENGTHS.get(compact[:2])
        if not length or len(compact) < length or not _is_iban(compact[:length]):
            continue
        # The end of the IBAN in the text: after its `length`-th letter or digit.
        alnum_ends = (i + 1 for i, char in enumerate(written) if char.isalnum())
        end = match.start() + next(e for n, e in enumerate(alnum_ends, 1) if n == length)
        yield Finding("iban", compact[:length], written[:3]), match.start(), end


# --- postcode with house number -------------------------------------------------------------

# Postcode letters in capitals (3311 AB, never SA/SD/SS), or in any case when they are not a
# short Dutch word: "3311 ab 12" is an address, "sinds 2019 en 3 kinderen" is not.
_SHORT_WORDS = (
    "aan|af|al|bv|ca|cm|de|di|dl|do|en|er|eu|ex|hh|ik|in|is|ja|je|kg|km|ma|me|ml|mm|na|nr|nu|"
    "of|ok|om|op|pm|pp|st|te|tm|to|tv|uw|vr|vs|we|wk|wo|za|ze|zo"
)
_POSTCODE = (
    rf"(?<![0-9A-Za-z])[1-9][0-9]{{3}}[ \-_.]{{0,2}}"
    rf"(?:(?!SA|SD|SS)[A-Z]{{2}}|(?!(?i:{_SHORT_WORDS})(?![A-Za-z]))[A-Za-z]{{2}})(?![A-Za-z])"
)
_HOUSE_NUMBER = r"[ ,\-_.:]{0,3}(?:(?i:huis)?(?i:nummer|nr|no)\.?[ :]{0,2})?[0-9]{1,5}(?![0-9])"
# 3311 AB 12 / 3311AB12a / 3311-AB-12 / postcode 3311AB huisnummer 45 / 3314 GA, nr 7 /
# Brouwersdijk 12, 3314 GA / Kerkstraat 5 3331 AA.
_ADDRESS = re.compile(
    rf"{_POSTCODE}{_HOUSE_NUMBER}"
    rf"|(?<![A-Za-z])[A-Za-z][a-z]{{1,40}} [0-9]{{1,5}}(?: ?[A-Za-z])?,? {_POSTCODE}"
)


def _addresses(text):
    for match in _ADDRESS.finditer(text):
        value = match.group(0)
        yield Finding("address", _NOT_ALNUM.sub("", value).upper(), value[:3])


# --- numbers: BSN and phone numbers ---------------------------------------------------------

# Ordinary figures that look like digits with separators: dates with a four-digit year
# (12-03-2024, 2024-11-05), year ranges (2019-2024), times (9.30, 9.30-11.00) and amounts
# (€ 1.250,50, 1200 euro). They
# are blanked before the number checks, so "01-03-2024 15 kinderen" is not read as a phone
# number. A figure glued to more digits by a separator ("06-2019-2020", "06-12-2012-34") is part
# of a longer number, perhaps a phone number, and is not blanked.
_GLUED_BEFORE = r"(?<![0-9][\-/._,])"
_GLUED_AFTER = r"(?![\-/._,][0-9])"
_TIME = r"(?:[01]?[0-9]|2[0-3])[.:][0-5][0-9]"
_ORDINARY_FIGURES = re.compile(
    rf"{_GLUED_BEFORE}\b[0-9]{{1,2}}[\-/.][0-9]{{1,2}}[\-/.](?:19|20)[0-9]{{2}}\b{_GLUED_AFTER}"
    rf"|{_GLUED_BEFORE}\b(?:19|20)[0-9]{{2}}[\-/.][0-9]{{1,2}}[\-/.][0-9]{{1,2}}\b{_GLUED_AFTER}"
    rf"|{_GLUED_BEFORE}\b(?:19|20)[0-9]{{2}} ?[\-/] ?(?:19|20)?[0-9]{{2}}\b{_GLUED_AFTER}"
    rf"|{_GLUED_BEFORE}\b{_TIME}(?: ?- ?{_TIME})?\b{_GLUED_AFTER}"
    r"|€ ?[0-9]+(?:[.,][0-9]+)*(?:,-)?"
    r"|(?<![0-9.,])[0-9]+(?:[.,][0-9]+)* ?(?i:euro|eur)\b"
)
_BRACKETS = str.maketrans("()[]{}", "      ")
# A group of digit runs joined by short separators. Each repetition starts with a separator,
# so the split is unambiguous and the match linear.
_NUMBER_GROUP = re.compile(r"(?<![0-9+])\+?[0-9]+(?:[ .,\-_/]{1,3}[0-9]+)*")
_RUN = re.compile(r"\+?[0-9]+")
# ", " and ". " end a list item or a sentence ("kinderen van 4, 7 en 12"): they join a phone
# number written in pairs ("06, 12, 34, 56, 78"), and a BSN only in groups of three digits or
# more ("111, 222, 333"), which no list of ages or counts has.
_LOOSE_SEPARATOR = re.compile(r"[,.] ")

# Business numbers (0800, 0900, 088 company numbers) are no resident's.
_BUSINESS_NUMBER_TYPES = {
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST,
    PhoneNumberType.UAN,
}


@lru_cache(maxsize=4096)
def _phone_e164(digits, international):
    """The E.164 form of a number a resident may have, or None."""
    if international and digits.startswith("31"):
        national = digits[2:]
        if len(national) == 10 and national.startswith("0"):  # +31 (0)78 …
            national = national[1:]
        if len(national) != 9:
            return None
        number = phonenumbers.PhoneNumber(country_code=31, national_number=int(national))
    elif international:
        try:
            number = phonenumbers.parse("+" + digits, None)
        except phonenumbers.NumberParseException:
            return None
        if not phonenumbers.is_valid_number(number):
            return None
    else:  # 0 and nine digits: a Dutch number
        number = phonenumbers.PhoneNumber(country_code=31, national_number=int(digits[1:]))
    if phonenumbers.number_type(number) in _BUSINESS_NUMBER_TYPES:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


@lru_cache(maxsize=4096)
def _is_bsn(digits):
    """The elfproef of python-stdnum, after a quick weighted sum that rules out 10 in 11."""
    padded = digits.zfill(9)
    if sum(int(d) * w for d, w in zip(padded, _BSN_WEIGHTS, strict=True)) % 11:
        return False
    return stdnum_bsn.is_valid(padded)


def _group_numbers(text, group_start, group):
    """Every number the group's runs spell from the start of one run to the end of another.

    The digits of all runs are joined once; a candidate of a given length from run i ends
    at a run's end or not at all (one dict look-up), so each run costs a bounded number of
    steps, whatever the length of the group.
    """
    runs = [(m.start(), m.group(0)) for m in _RUN.finditer(group)]
    offsets, loose, plus = [0], [0], [0]
    previous_end = 0
    lengths = [len(run) - (run[0] == "+") for _position, run in runs]
    for k, (position, run) in enumerate(runs):
        offsets.append(offsets[-1] + lengths[k])
        plus.append(plus[-1] + (run[0] == "+"))
        if previous_end:
            between = group[previous_end:position]
            loose.append(loose[-1] + (", " in between or ". " in between))
        previous_end = position + len(run)
    digits = "".join(runs_digits for _position, runs_digits in runs).replace("+", "")
    ends = {offset: k for k, offset in enumerate(offsets[1:])}

    def last_run(i, length):
        """The last run of a number of `length` digits from run i, or None."""
        j = ends.get(offsets[i] + length)
        if j is None or plus[j + 1] != plus[i + 1]:  # a "+" only starts a number
            return None
        return j

    def hint(i):
        position = group_start + runs[i][0]
        return text[position : position + 3]

    for i, (_position, run) in enumerate(runs):
        start = offsets[i]
        if run[0] == "+" or digits.startswith("00", start):
            skip = 0 if run[0] == "+" else 2
            for length in range(7, 16):
                if last_run(i, skip + length) is not None:
                    e164 = _phone_e164(digits[start + skip : start + skip + length], True)
                    if e164:
                        yield Finding("phone", e164, hint(i))
        elif digits.startswith("0", start) and last_run(i, 10) is not None:
            number = digits[start : start + 10]
            if number[1] != "0" and (e164 := _phone_e164(number, False)):
                yield Finding("phone", e164, hint(i))
        for length in (8, 9):
            j = last_run(i, length)
            if run[0] == "+" or j is None:
                continue
            if loose[j] != loose[i] and min(lengths[i : j + 1]) < 3:
                continue
            if _is_bsn(digits[start : start + length]):
                yield Finding("bsn", digits[start : start + length].zfill(9), hint(i))


def _numbers(text, skip=()):
    """BSNs and phone numbers in `text` (normalised), ignoring the spans in `skip` (IBANs)."""
    chars = list(_ORDINARY_FIGURES.sub(lambda m: "#" * len(m.group(0)), text))
    for start, end in skip:
        chars[start:end] = "#" * (end - start)
    blanked = "".join(chars).translate(_BRACKETS)
    for match in _NUMBER_GROUP.finditer(blanked):
        if match.end() - match.start() >= 7:  # the shortest number looked for has 7 digits
            yield from _group_numbers(blanked, match.start(), match.group(0))


# --- numbers written out in words -----------------------------------------------------------

# "nul zes, een twee drie vier vijf zes zeven acht" is the phone number 06 12345678: number
# words are read as their digits and the group walk above runs over them again. Whole words
# only, and only a run of them with separators in between spells a number long enough to count,
# so "een" as an article in a sentence is harmless.
_UNITS = {
    "nul": 0, "een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5,
    "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
    "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19,
}  # fmt: skip
_TENS = {
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70,
    "tachtig": 80, "negentig": 90,
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")
_COMPOUND = re.compile(
    r"(.+?)[eë]n(twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)"
)


@lru_cache(maxsize=1024)
def _word_value(word):
    """The digits a number word stands for ("zesentwintig": "26"), else None."""
    word = word.lower()
    value = _UNITS.get(word, _TEENS.get(word, _TENS.get(word)))
    if value is None and 8 <= len(word) <= 20 and (match := _COMPOUND.fullmatch(word)):
        unit = _UNITS.get(match.group(1))
        if unit:
            value = _TENS[match.group(2)] + unit
    return None if value is None else str(value)


def _digit_words(text):
    """`text` with its number words as digits, or None when it has none."""
    found = False

    def replace(match):
        nonlocal found
        value = _word_value(match.group(0)) if len(match.group(0)) <= 20 else None
        if value is None:
            return match.group(0)
        found = True
        return value

    converted = _WORD.sub(replace, text)
    return converted if found else None


# --- the check ------------------------------------------------------------------------------

ORDER = ("email", "iban", "phone", "bsn", "address")


def _findings(normalised):
    yield from _emails(normalised)
    iban_spans = []
    for finding, start, end in _ibans(normalised):
        iban_spans.append((start, end))
        yield finding
    yield from _numbers(normalised, skip=iban_spans)
    yield from _addresses(normalised)
    spelled = _digit_words(normalised)
    if spelled is not None:
        yield from _numbers(spelled)


@lru_cache(maxsize=64)
def _allowed_values(allowed):
    return frozenset(finding.value for text in allowed for finding in _findings(normalise(text)))


def _first_per_kind(text, allowed=()):
    """The first finding of each kind that is not an allowed value, in the order of ORDER."""
    if not text:
        return []
    exempt = _allowed_values(tuple(allowed))
    first = {}
    for finding in _findings(normalise(text)):
        if finding.kind not in first and finding.value not in exempt:
            first[finding.kind] = finding
    return [first[kind] for kind in ORDER if kind in first]


def find_identifying_data(text: str, *, allowed=()) -> list[str]:
    """The kinds of identifying data found in `text` (keys of KINDS), in a fixed order.

    `allowed` holds public contact details (of organisations in the sociale kaart) that may
    appear: what they contain, however written, is not counted.
    """
    return [finding.kind for finding in _first_per_kind(text, allowed)]


def validate_anonymous_text(text, *, allowed=()):
    """Django validator for free-text fields: refuse text that identifies a resident.

    `allowed`: public contact details that may appear (council letters quote a desk's own
    e-mail address or phone number); see `referrals.selectors.public_contact_details`.
    """
    validate_no_control_characters(text)
    findings = _first_per_kind(text, allowed)
    if findings:
        raise ValidationError(
            _(
                "This text contains what looks like %(kinds)s. Visitors stay anonymous: leave out "
                "names, addresses, phone numbers, e-mail addresses, BSNs and bank account numbers."
            ),
            code="identifying_data",
            params={
                "kinds": ", ".join(
                    f"{KINDS[finding.kind]} ({finding.hint.strip()}…)" for finding in findings
                )
            },
        )
