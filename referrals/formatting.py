"""Small number formatting of the referrals screens (referrals does not import reports)."""

from decimal import Decimal

from relatieloket.numbers import round_half_up


def whole_percentage(part, whole):
    """`part` of `whole` as a whole percentage, halves up (1 of 8 -> 13); None if whole=0."""
    if not whole:
        return None
    return int(round_half_up(Decimal(100) * part / whole))
