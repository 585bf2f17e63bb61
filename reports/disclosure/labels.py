"""How a protected count reads: the threshold, "< T", "x", "–" and a band "40 à 45"."""

import re

from ..formatting import format_number

DEFAULT_THRESHOLD = 5
HIDDEN = "x"

# A one-way table whose total is published elsewhere and whose labels alone would give its
# cells away is withheld: every row reads this, meaning "not published" (any value).
WITHHELD = "–"


def is_small(n, threshold=DEFAULT_THRESHOLD):
    return n is not None and 0 < n < threshold


def protect_count(n, threshold=DEFAULT_THRESHOLD):
    """A single published count: "< 5" for 1–4, the number otherwise."""
    return f"< {threshold}" if is_small(n, threshold) else n


def small_label(threshold):
    """How a primary-suppressed cell reads: "< T", or "x" when T = 2 ("< 2" would say 1)."""
    return f"< {threshold}" if threshold > 2 else HIDDEN


class Band(str):
    """A count published as a band, "40 à 45", "1.200 à 1.250" (in Dutch notation, as every
    count the letter prints): the reader knows low <= count <= high."""

    def __new__(cls, low, high):
        if not 0 <= low < high:
            raise ValueError(f"Not a band: {low!r}, {high!r}.")
        band = super().__new__(cls, f"{format_number(low)} à {format_number(high)}")
        band.low, band.high = low, high
        return band

    def __reduce__(self):
        return (Band, (self.low, self.high))


# A bound as printed: "1.200", or without separators as letters before them printed it.
_BOUND = r"(\d{1,3}(?:\.\d{3})+|\d+)"
BAND_TEXT = rf"{_BOUND} à {_BOUND}"


def parse_band(text):
    """A band as printed ("40 à 45", "1.200 à 1.250", "1200 à 1250"), or None."""
    match = re.fullmatch(BAND_TEXT, text.strip())
    if match is None:
        return None
    low, high = (int(bound.replace(".", "")) for bound in match.groups())
    return Band(low, high) if low < high else None


def band_around(value, width):
    """The band of `width` aligned to multiples of it that holds `value` (43, 5: 40 à 45); a
    value on a boundary lies in the band above it (45, 5: 45 à 50)."""
    low = (value // width) * width
    return Band(low, low + width)
