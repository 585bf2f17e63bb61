"""Calendar months, the one place for month arithmetic: the first of the next or the previous
month, the months of a period, the last day of a run of months."""

import datetime


def next_month(day):
    """The first day of the month after `day`'s."""
    return datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def previous_month(day):
    """The first day of the month before `day`'s."""
    return datetime.date(day.year - (day.month == 1), (day.month - 2) % 12 + 1, 1)


def month_starts(start, end):
    """The first day of every month from `start`'s month up to and including `end`'s."""
    cursor = datetime.date(start.year, start.month, 1)
    while cursor <= end:
        yield cursor
        cursor = next_month(cursor)


def month_end(first, months=1):
    """The last day of the run of `months` calendar months that starts with `first`'s month."""
    month = first.month - 1 + months
    following = datetime.date(first.year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)
