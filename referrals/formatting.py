"""Small number formatting of the referrals screens (referrals does not import reports)."""


def whole_percentage(part, whole):
    """`part` of `whole` as a whole percentage, halves rounded up (1 of 8 -> 13); None if whole=0.

    Integer arithmetic, so no float or banker's rounding surprises (Python's round(12.5) is 12).
    """
    if not whole:
        return None
    return (200 * part + whole) // (2 * whole)
