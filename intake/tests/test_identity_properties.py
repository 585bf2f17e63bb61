"""Properties of the identity check: identifying numbers and addresses are refused however they
are split up inside Dutch prose; dates, amounts, times and small counts never are."""

import datetime

import phonenumbers
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

from intake.identity import find_identifying_data

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# What people type between the parts of a number, and what they type to get round a check.
SEPARATORS = [" ", ".", "-", "_", ",", "\u200b", " - ", "\u00a0", "\u2013", "/", "  ", ",\u200b"]
# ", " and ". " are how lists and sentences are written ("kinderen van 4, 7 en 12"): they join
# a phone number however split, and a BSN in groups of three digits.
LIST_SEPARATORS = [", ", ". ", " , "]
PHONE_SEPARATORS = SEPARATORS + LIST_SEPARATORS

BEFORE = st.sampled_from(
    [
        "",
        "Bezoeker gaf",
        "Genoteerd:",
        "De moeder noemde",
        "Na het gesprek werd",
        "Partner vroeg of",
        "(",
    ]
)
AFTER = st.sampled_from(
    ["", "door.", "en daarna niets meer.", "als contact.", "- graag terugbellen.", ")", "?"]
)


def _split(digits, cuts, separator):
    """`digits` with `separator` at the positions in `cuts`."""
    parts, last = [], 0
    for cut in sorted(set(cuts)):
        if 0 < cut < len(digits):
            parts.append(digits[last:cut])
            last = cut
    parts.append(digits[last:])
    return separator.join(parts)


@st.composite
def split_up(draw, digits, separators):
    cuts = draw(st.lists(st.integers(1, len(digits) - 1), max_size=len(digits)))
    return _split(digits, cuts, draw(st.sampled_from(separators)))


@st.composite
def bsns(draw):
    """A valid BSN: eight digits and the ninth that passes the elfproef."""
    first = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    check = sum(d * w for d, w in zip(first, range(9, 1, -1), strict=True)) % 11
    assume(check != 10)
    number = "".join(map(str, first)) + str(check)
    assume(stdnum_bsn.is_valid(number))  # not 000000000
    return number


@st.composite
def dutch_phone_numbers(draw):
    area = draw(st.sampled_from(["06", "010", "020", "030", "078", "0180", "0184", "0592"]))
    rest = draw(st.text("0123456789", min_size=10 - len(area), max_size=10 - len(area)))
    number = area + rest
    assume(phonenumbers.is_valid_number(phonenumbers.parse(number, "NL")))
    prefix = draw(st.sampled_from(["", "+", "00"]))
    digits = f"{prefix.strip('+')}31{number[1:]}" if prefix else number
    # The "+" stays with the first digit, as anyone writes it.
    return ("+" if prefix == "+" else "") + draw(split_up(digits, PHONE_SEPARATORS))


@st.composite
def ibans(draw):
    bank = draw(st.sampled_from(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB"]))
    account = draw(st.text("0123456789", min_size=10, max_size=10))
    number = f"NL{stdnum_iban.calc_check_digits(f'NL00{bank}{account}')}{bank}{account}"
    assert stdnum_iban.is_valid(number)
    if draw(st.booleans()):
        number = number.lower()
    # Split anywhere after the country code and check digits, which are written together.
    return number[:4] + draw(st.sampled_from(SEPARATORS)) + draw(split_up(number[4:], SEPARATORS))


@st.composite
def emails(draw):
    word = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)
    local = draw(word) + draw(st.sampled_from(["", ".", "_", "-", "+"])) + draw(word)
    domain = draw(word) + draw(st.sampled_from(["", "-", "\u200b"])) + draw(word)
    at = draw(st.sampled_from(["@", " @ ", "[at]", " [at] ", "(at)", " (at) ", " at ", "\uff20"]))
    dot = draw(st.sampled_from([".", " . ", "[dot]", " [dot] ", "(punt)", " dot ", "\uff0e"]))
    tld = draw(st.sampled_from(["nl", "com", "org", "eu", "be", "info"]))
    return f"{local}{at}{domain}{dot}{tld}"


def _in_prose(draw, value):
    return " ".join(part for part in (draw(BEFORE), value, draw(AFTER)) if part)


@SETTINGS
@given(st.data(), bsns())
def test_a_valid_bsn_however_separated_is_refused(data, bsn):
    text = _in_prose(data.draw, data.draw(split_up(bsn, SEPARATORS)))
    assert "bsn" in find_identifying_data(text), text


@SETTINGS
@given(st.data(), bsns(), st.sampled_from(LIST_SEPARATORS))
def test_a_bsn_in_groups_of_three_is_refused_with_list_separators_too(data, bsn, separator):
    text = _in_prose(data.draw, separator.join([bsn[:3], bsn[3:6], bsn[6:]]))
    assert "bsn" in find_identifying_data(text), text


@SETTINGS
@given(st.data(), dutch_phone_numbers())
def test_a_dutch_phone_number_however_separated_is_refused(data, phone):
    text = _in_prose(data.draw, phone)
    assert "phone" in find_identifying_data(text), text


@SETTINGS
@given(st.data(), ibans())
def test_an_iban_however_separated_is_refused(data, iban):
    text = _in_prose(data.draw, iban)
    assert "iban" in find_identifying_data(text), text


@SETTINGS
@given(st.data(), emails())
def test_an_email_address_however_written_is_refused(data, email):
    text = _in_prose(data.draw, email)
    assert "email" in find_identifying_data(text), text


# --- what must pass -------------------------------------------------------------------------

# Dates from 2000 on, drawn as real dates (a mapped year could make 29 February of 2001).
DATES = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2029, 12, 31))
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"]


@st.composite
def dates(draw):
    date = draw(DATES)
    return draw(
        st.sampled_from(
            [
                f"{date:%d-%m-%Y}",
                f"{date.day}-{date.month}-{date.year}",
                f"{date:%d/%m/%Y}",
                f"{date:%Y-%m-%d}",
                f"{date.day} {MONTHS[date.month % 8]} {date.year}",
                f"{date:%d.%m.%Y}",
            ]
        )
    )


@st.composite
def amounts(draw):
    euros = draw(st.integers(0, 99_999))
    cents = draw(st.integers(0, 99))
    thousands = f"{euros:,}".replace(",", ".")
    return draw(
        st.sampled_from(
            [
                f"€ {euros}",
                f"€{thousands},{cents:02d}",
                f"€ {thousands},-",
                f"{euros} euro",
                f"{thousands},{cents:02d} euro",
            ]
        )
    )


@st.composite
def times(draw):
    start = draw(st.integers(7, 20))
    minutes = draw(st.sampled_from(["00", "15", "30", "45"]))
    end = start + draw(st.integers(1, 3))
    return draw(
        st.sampled_from(
            [
                f"{start}.{minutes} uur",
                f"{start:02d}:{minutes}",
                f"{start}.{minutes}-{end}.00 uur",
                f"{start:02d}.{minutes}-{end:02d}.{minutes}",
                f"{start}.{minutes} tot {end}.30 uur",
                f"van {start:02d}:{minutes} tot {end:02d}:00",
            ]
        )
    )


COUNTED = ["kinderen", "gesprekken", "keer", "jaar", "bezoekers", "minuten", "weken"]


@st.composite
def counts(draw):
    count = draw(st.integers(0, 30))
    return draw(
        st.sampled_from(
            [
                f"{count} {draw(st.sampled_from(COUNTED))}",
                f"gesprek {count} van 5",
                f"{count}x",
                f"kinderen van {count}, {count + 2} en {count + 5} jaar",
            ]
        )
    )


JOINERS = [" en ", ", ", ". Daarna ", " op ", " om ", " - ", "; ", " "]


@SETTINGS
@given(
    st.lists(st.one_of(dates(), amounts(), times(), counts()), min_size=1, max_size=6),
    st.lists(st.sampled_from(JOINERS), min_size=6, max_size=6),
)
def test_dates_amounts_times_and_small_counts_in_prose_pass(figures, joiners):
    text = "Gesprek " + "".join(
        figure + joiner for figure, joiner in zip(figures, joiners, strict=False)
    )
    assert find_identifying_data(text) == [], text
