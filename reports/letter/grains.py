"""The grains of a table over time: months, quarters, half-years or years, and which of them
stay readable for a period."""

import datetime

from relatieloket.months import month_starts

from ..coarsening import MONTH_ABBREVIATIONS, coarsen_months, month_label

GRAINS = ("maand", "kwartaal", "halfjaar", "jaar")
# A table of visits over time stays readable: at most this many rows when a grain allows it
# (ten years per half-year); the finest grain within it that hides the fewest cells wins.
MAX_TIME_ROWS = 24


def _by_year(rows):
    """The half-year rows of coarsen_months per calendar year, labelled like its rows."""
    years = {}
    for row in rows:
        years.setdefault(row["start"].year, []).append(row)
    grouped = []
    for year, members in years.items():
        first, last = members[0]["start"], members[-1]["end"]
        months = [month for m in members for month in m["months"]]
        if (first, last) == (datetime.date(year, 1, 1), datetime.date(year, 12, 31)):
            label = str(year)
        elif len(months) == 1:
            label = month_label(months[0])
        else:
            label = (
                f"{MONTH_ABBREVIATIONS[months[0].month - 1]}–"
                f"{MONTH_ABBREVIATIONS[months[-1].month - 1]} {year}"
            )
        count = sum(m["count"] for m in members)
        grouped.append(
            {"label": label, "count": count, "start": first, "end": last, "months": months}
        )
    return grouped


def time_grains(monthly, start, end):
    """The table of visits over time per month, quarter, half-year and year (rows of
    coarsen_months); `monthly` is [(first day of a month, count)]."""
    grains = coarsen_months(monthly, start, end)
    return [*grains, _by_year(grains[-1])]


def readable_grains(start, end):
    """The indices of the grains with at most MAX_TIME_ROWS rows (else the coarsest)."""
    months = list(month_starts(start, end))
    grains = time_grains([(m, 0) for m in months], start, end)
    return [i for i, rows in enumerate(grains) if len(rows) <= MAX_TIME_ROWS] or [len(grains) - 1]
