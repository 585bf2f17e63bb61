"""Calendar months, the one place for month arithmetic: the first of the next or the previous
month, the months of a period, the last day of a run of months, a day some months on. In the
project package, so that every app (intake's month figures, reports, evaluation) uses it."""

import calendar
import datetime


def next_month(day):
    """The first day of the month after `day`'s."""
    return add_months(day.replace(day=1), 1)


def previous_month(day):
    """The first day of the month before `day`'s."""
    return add_months(day.replace(day=1), -1)


def month_starts(start, end):
    """The first day of every month from `start`'s month up to and including `end`'s."""
    cursor = datetime.date(start.year, start.month, 1)
    while cursor <= end:
        yield cursor
        cursor = next_month(cursor)


def month_end(first, months=1):
    """The last day of the run of `months` calendar months that starts with `first`'s month."""
    return add_months(first.replace(day=1), months) - datetime.timedelta(days=1)


def add_months(day, months):
    """The same day `months` later (or earlier), the month's last day where it has fewer."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def first_of_month(value):
    """The first day of the month of a date, a datetime or an ISO string (TruncMonth gives a
    date on PostgreSQL, a datetime or a string on SQLite)."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    return value.replace(day=1)
