"""How a protected count reads: the threshold, "< T", "x" and "–"."""

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
