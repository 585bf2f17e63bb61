"""Rounding as people expect (2.5 -> 3), the one rounding of every figure the portal states;
in the project package, so that every app rounds the same way (Python's round(12.5) is 12)."""

from decimal import ROUND_HALF_UP, Decimal


def round_half_up(value, places: int = 0) -> Decimal:
    """`value` rounded half up to `places` decimals, exactly (through its decimal text)."""
    quantum = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
