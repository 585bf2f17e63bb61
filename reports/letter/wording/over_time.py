"""The words of the block of visits over time."""

from ..grains import GRAINS
from .registry import wording


@wording("monthly.lead")
def lead(threshold, *, grain, chart):
    opening = "De grafiek en de tabel tonen" if chart else "De tabel toont"
    return f"{opening} het aantal bezoeken per {GRAINS[grain]}."
