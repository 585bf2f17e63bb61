"""Dutch notation for figures: "1.234", "75%", "€ 10.000", "€ 1.234,50", "1,5"."""

from decimal import Decimal

from relatieloket.numbers import round_half_up


def _group(integer_text: str) -> str:
    sign = "-" if integer_text.startswith("-") else ""
    digits = integer_text.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sign + ".".join(groups)


def format_number(value, places: int = 0) -> str:
    """1234 -> "1.234"; 1.5 with places=1 -> "1,5" (rounding half up, as people expect)."""
    if value is None:
        return "–"
    rounded = round_half_up(value, places)
    text = f"{rounded:.{places}f}"
    integer, _, fraction = text.partition(".")
    return _group(integer) + ("," + fraction if places else "")


def format_percent(part, whole=None, places: int = 0) -> str:
    """format_percent(3, 4) -> "75%"; format_percent(0.75) treats a fraction; "–" for 0/0."""
    if whole is not None:
        if not whole:
            return "–"
        fraction = Decimal(part) / Decimal(whole)
    else:
        if part is None:
            return "–"
        fraction = Decimal(str(part))
    return format_number(fraction * 100, places) + "%"


def format_euro(value, places: int | None = None) -> str:
    """10000 -> "€ 10.000"; 1234.5 -> "€ 1.234,50" (cents only when there are any)."""
    if value is None:
        return "–"
    amount = Decimal(str(value))
    if places is None:
        places = 0 if amount == amount.to_integral_value() else 2
    return "€ " + format_number(amount, places)


def format_signed_percent(fraction, places: int = 0) -> str:
    """0.19 -> "+19%"; -0.05 -> "-5%"; 0 -> "0%"; None -> "–"."""
    text = format_percent(fraction, places=places)
    return "+" + text if text[0].isdigit() and round_half_up(fraction * 100, places) != 0 else text


def share(part, whole):
    """part / whole as an exact Decimal (a fraction, an average, an amount per unit); None when
    whole is 0 or unknown. Selectors return these; the edges format them."""
    if whole is None or part is None or not whole:
        return None
    return Decimal(part) / Decimal(whole)


# How a letter's table marks a cell that has no value (an average of nothing, a share of 0):
# "–" is taken by small-count protection for "not published", so "no value" reads otherwise.
NO_VALUE = "n.v.t."


def format_cell(value, places: int = 0) -> str:
    """The one formatter of a letter's cells: a number in Dutch notation, a protection mark
    ("< 5", "x", "–") as it is, and None (no value) as NO_VALUE."""
    if value is None:
        return NO_VALUE
    if isinstance(value, str):
        return value
    return format_number(value, places)
