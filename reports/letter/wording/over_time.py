"""The words of the block of visits over time."""

from ..grains import grain_word
from .registry import wording


@wording("monthly.lead")
def lead(threshold, *, grain, chart, months=None):
    opening = "De grafiek en de tabel tonen" if chart else "De tabel toont"
    return f"{opening} het aantal bezoeken per {grain_word(grain, months)}."
