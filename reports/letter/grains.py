"""The grains of a table over time: months, quarters, half-years or years, and which of them
stay readable for a period."""

import datetime

from relatieloket.months import month_end, month_starts

from ..coarsening import MONTH_ABBREVIATIONS, coarsen_months, month_label

GRAINS = ("maand", "kwartaal", "halfjaar", "jaar")
# The grain of a publication plan's own periods (four months from October): after GRAINS.
PLAN_GRAIN = len(GRAINS)
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


def grain_word(grain, months=None):
    """The grain in "per …": "kwartaal", or "periode van 4 maanden" for a plan's periods."""
    if grain == PLAN_GRAIN:
        return f"periode van {months} maanden"
    return GRAINS[grain]


def _span_label(months):
    """The label of a row of whole months: "jan. 2024", "feb.–mei 2024", "okt. 2023–jan. 2024"."""
    first, last = months[0], months[-1]
    if first == last:
        return month_label(first)
    if first.year == last.year:
        return (
            f"{MONTH_ABBREVIATIONS[first.month - 1]}–{MONTH_ABBREVIATIONS[last.month - 1]}"
            f" {first.year}"
        )
    return f"{month_label(first)}–{month_label(last)}"


def plan_rows(plan, monthly, start, end):
    """The table of visits over time per period of a publication plan (plan.Plan), each cut to
    start..end, as rows of coarsen_months; `monthly` is [(first day of a month, count)]."""
    counts = dict(monthly)
    rows = []
    first = plan.period_start(start)
    while first <= end:
        last = month_end(first, plan.months)
        row_start, row_end = max(start, first), min(end, last)
        months = list(month_starts(row_start, row_end))
        rows.append(
            {
                "label": _span_label(months),
                "count": sum(counts.get(month, 0) for month in months),
                "start": row_start,
                "end": row_end,
                "months": months,
            }
        )
        first = last + datetime.timedelta(days=1)
    return rows


def time_options(monthly, start, end, plan=None):
    """The readable grains of a table of visits over time, finest first: [(grain, rows)] with
    the grain an index of GRAINS, or PLAN_GRAIN for the periods of a plan whose periods are
    none of the calendar grains' (a period of its own) and that stay readable."""
    grains = time_grains(monthly, start, end)
    options = [(i, grains[i]) for i in readable_grains(start, end)]
    if plan is None:
        return options
    own = plan_rows(plan, monthly, start, end)
    spans = [(row["start"], row["end"]) for row in own]
    if len(own) > MAX_TIME_ROWS or any(
        spans == [(row["start"], row["end"]) for row in rows] for rows in grains
    ):
        return options
    # Between the calendar grains by the months of a row: four months after quarters.
    sizes = (1, 3, 6, 12)
    at = sum(1 for grain, _rows in options if sizes[grain] < plan.months)
    return [*options[:at], (PLAN_GRAIN, own), *options[at:]]
