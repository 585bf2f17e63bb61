"""Coarser versions of a count table, so that a letter can say as much as is safe.

Before small counts are hidden, a table can often be published at a coarser grain instead:
months become quarters or half-years, small categories merge into "Overig". These functions
only build the candidates (finest first, each a list of rows {"label": str, "count": int});
`disclosure.choose_grain` protects each and picks the one that hides the fewest cells.

The rows of `coarsen_months` also carry the first and last day ("start", "end") of the part of
the period they count, so that a caller can key them, and "months" (the first days of the
months they add up).
"""

import datetime

from relatieloket.months import month_end, month_starts

MONTH_ABBREVIATIONS = [
    "jan.",
    "feb.",
    "mrt.",
    "apr.",
    "mei",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "okt.",
    "nov.",
    "dec.",
]


def month_label(first_day: datetime.date) -> str:
    """date(2024, 1, 1) -> "jan. 2024"."""
    return f"{MONTH_ABBREVIATIONS[first_day.month - 1]} {first_day.year}"


def _group(months, counts, start, end, *, size, name):
    """Rows of `size` calendar months (3: quarters, 6: half-years); a group that the period
    covers only in part is labelled by its months ("okt.–dec. 2023", "apr. 2025")."""
    groups = {}
    for first in months:
        groups.setdefault((first.year, (first.month - 1) // size), []).append(first)
    rows = []
    for (year, number), members in groups.items():
        group_start = datetime.date(year, number * size + 1, 1)
        group_end = month_end(group_start, size)
        if start <= group_start and group_end <= end:
            label = f"{number + 1}e {name} {year}"
        elif len(members) == 1:
            label = month_label(members[0])
        else:
            first, last = members[0], members[-1]
            label = (
                f"{MONTH_ABBREVIATIONS[first.month - 1]}–{MONTH_ABBREVIATIONS[last.month - 1]}"
                f" {year}"
            )
        rows.append(
            {
                "label": label,
                "count": sum(counts[m] for m in members),
                "start": max(start, group_start),
                "end": min(end, group_end),
                "months": members,
            }
        )
    return rows


def coarsen_months(monthly, start: datetime.date, end: datetime.date):
    """[months, quarters, half-years] of a monthly series over the period start..end.

    `monthly` is [(first day of a month, count)]; months of the period that it lacks count 0.
    A month outside the period, a day that is not the first of its month, or a month given
    twice is an error (ValueError): the series and the period must belong together.
    """
    if end < start:
        raise ValueError("The period ends before it starts.")
    months = list(month_starts(start, end))
    counts = dict.fromkeys(months, 0)
    seen = set()
    for first, count in monthly:
        if first.day != 1 or first not in counts:
            raise ValueError(f"{first} is not the first day of a month of the period.")
        if first in seen:
            raise ValueError(f"The month {first} is given twice.")
        seen.add(first)
        counts[first] = count
    month_rows = [
        {
            "label": month_label(first),
            "count": counts[first],
            "start": max(start, first),
            "end": min(end, month_end(first, 1)),
            "months": [first],
        }
        for first in months
    ]
    return [
        month_rows,
        _group(months, counts, start, end, size=3, name="kwartaal"),
        _group(months, counts, start, end, size=6, name="halfjaar"),
    ]


def merge_small(rows, threshold, rest_label="Overig"):
    """The rows as they are, then with every small category (1..T-1) merged into one rest row.

    The rest row comes last, reads `rest_label` and lists the labels it holds under "merged"; a
    row that already reads `rest_label` joins it. When that rest is itself still small and other
    rows are left, a third candidate also merges the smallest other rows into it until it is
    not: a rest of 3 says no more than three small categories, a rest of 7 can be shown.
    Without a small category there is nothing to merge: only the rows themselves are returned.
    """
    rows = list(rows)

    def small(row):
        return 0 < row["count"] < threshold

    def merged(into_rest):
        chosen = {id(row) for row in into_rest}
        kept = [row for row in rows if id(row) not in chosen]
        rest = {
            "label": rest_label,
            "count": sum(row["count"] for row in into_rest),
            "merged": [row["label"] for row in into_rest],
        }
        return [*kept, rest]

    into_rest = [row for row in rows if small(row) or row["label"] == rest_label]
    if not any(small(row) for row in rows):
        return [rows]
    candidates = [rows, merged(into_rest)]
    rest = sum(row["count"] for row in into_rest)
    chosen = {id(row) for row in into_rest}
    others = sorted(
        (row for row in rows if id(row) not in chosen and row["count"] > 0),
        key=lambda row: row["count"],
    )
    if 0 < rest < threshold and others:
        larger = list(into_rest)
        while rest < threshold and others:
            row = others.pop(0)
            larger.append(row)
            rest += row["count"]
        candidates.append(merged(larger))
    return candidates
