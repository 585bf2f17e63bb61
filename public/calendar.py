"""The walk-in hours of a desk as an iCalendar feed: one repeating event per hour.

An hour every two weeks repeats with RRULE INTERVAL=2 from its first date; a desk that closes
ends its series on its closing day; a day the desk cancelled is an EXDATE.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from intake.selectors import cancelled_dates, next_walk_ins


def _first_date(hour, desk):
    """The series' first day: the hour's first date, else its first day since the desk opened
    (or since today, for a desk without an opening date)."""
    since = desk.opened_on or timezone.localdate()
    walk_ins = next_walk_ins(hour, today=since, count=1, with_exceptions=False)
    return walk_ins[0].date if walk_ins else None


def desk_calendar(*, desk, page_url) -> bytes:
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Relatieloket portal//walk-in hours//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", desk.name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    for location in desk.locations.all():
        for hour in location.weekly_hours.all():
            hour.location = location
            first = _first_date(hour, desk)
            if first is None:
                continue
            event = Event()
            event.add("uid", f"walk-in-{hour.pk}@relatieloket")
            # Fixed, so the same schedule gives the same feed byte for byte.
            event.add("dtstamp", stamp)
            event.add("summary", f"Inloopspreekuur {desk.name}")
            event.add("location", ", ".join(filter(None, [location.name, location.address])))
            event.add("description", f"Gratis en anoniem, zonder afspraak. {page_url}")
            event.add("url", page_url)
            event.add("dtstart", datetime.datetime.combine(first, hour.start, tzinfo=zone))
            event.add("dtend", datetime.datetime.combine(first, hour.end, tzinfo=zone))
            rule = {"freq": "weekly", "interval": hour.interval_weeks}
            if desk.closed_on is not None:
                rule["until"] = datetime.datetime.combine(
                    desk.closed_on, datetime.time(23, 59, 59), tzinfo=zone
                ).astimezone(datetime.UTC)
            event.add("rrule", vRecur(rule))
            # A cancelled walk-in (holiday, illness) is left out of the series.
            cancelled = cancelled_dates(hour, desk)
            if cancelled:
                event.add(
                    "exdate",
                    [datetime.datetime.combine(day, hour.start, tzinfo=zone) for day in cancelled],
                )
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
