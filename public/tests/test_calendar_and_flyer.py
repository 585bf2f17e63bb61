"""The iCalendar feed and the flyer of a desk, regenerated from its data."""

import datetime
import io
import re

import pypdfium2
import pytest
import zxingcpp
from dateutil.rrule import rrulestr
from icalendar import Calendar
from PIL import Image
from pypdf import PdfReader

from intake.selectors import next_walk_ins

pytestmark = pytest.mark.django_db

DESK_URL = "/hulp/hendrik-ido-ambacht/relatieloket-hendrik-ido-ambacht/"


def test_calendar_parses_and_repeats_every_two_weeks_where_the_desk_does(client, hia_desk):
    response = client.get(DESK_URL + "agenda.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert not response.cookies
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Amsterdam"
    by_day = {event.decoded("DTSTART").isoweekday(): event for event in events}
    friday, tuesday = by_day[5], by_day[2]
    assert friday["RRULE"]["FREQ"] == ["WEEKLY"] and friday["RRULE"].get("INTERVAL", [1]) == [1]
    assert tuesday["RRULE"]["FREQ"] == ["WEEKLY"] and tuesday["RRULE"]["INTERVAL"] == [2]
    start = tuesday.decoded("DTSTART")
    assert (start.date(), start.time()) == (datetime.date(2024, 1, 2), datetime.time(19))
    assert tuesday.decoded("DTEND").time() == datetime.time(20, 30)
    assert str(start.tzinfo) == "Europe/Amsterdam"
    assert "Dorpsstraat 1" in str(tuesday["LOCATION"])
    # The feed's series give the same days as the page's next dates.
    today = datetime.date.today()
    expanded = sorted(
        day.date()
        for event in events
        for day in rrulestr(
            event["RRULE"].to_ical().decode(), dtstart=event.decoded("DTSTART")
        ).between(
            datetime.datetime.combine(today, datetime.time(), start.tzinfo),
            datetime.datetime.combine(
                today + datetime.timedelta(days=60), datetime.time(), start.tzinfo
            ),
        )
    )
    hia_desk.refresh_from_db()
    expected = [walk_in.date for walk_in in next_walk_ins(hia_desk, today=today, count=8)]
    assert expanded[:8] == expected
    tuesdays = [day for day in expanded if day.isoweekday() == 2]
    assert all((b - a).days == 14 for a, b in zip(tuesdays, tuesdays[1:], strict=False))
    # The same schedule gives the same feed, byte for byte.
    assert client.get(DESK_URL + "agenda.ics").content == response.content


def test_a_closing_desk_ends_its_series(client, hia_desk):
    hia_desk.closed_on = datetime.date(2026, 12, 31)
    hia_desk.save()
    calendar = Calendar.from_ical(client.get(DESK_URL + "agenda.ics").content)
    for event in calendar.walk("VEVENT"):
        until = event["RRULE"]["UNTIL"][0]
        assert until.date() in (datetime.date(2026, 12, 31), datetime.date(2027, 1, 1))


def _qr_urls(image):
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_flyer_pdf_has_the_hours_and_a_qr_code_to_the_page(client, hia_desk):
    response = client.get(DESK_URL + "flyer.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    # Lines broken at a hyphen (the long name in the heading) are joined again.
    text = re.sub(r"-\s+", "-", re.sub(r"\s+", " ", reader.pages[0].extract_text()))
    assert "Relatieloket Hendrik-Ido-Ambacht" in text
    assert "Elke vrijdag, 10:00–12:00 uur" in text
    assert "per twee weken op dinsdag, 19:00–20:30 uur" in text
    assert "De Schakel, Dorpsstraat 1" in text
    assert "078 770 80 10" in text and "relatieloket@example.nl" in text
    document = pypdfium2.PdfDocument(response.content)
    image = document[0].render(scale=2).to_pil()
    document.close()
    assert _qr_urls(image) == ["http://testserver" + DESK_URL]


def test_flyer_png_shows_the_qr_code_and_follows_the_data(client, hia_desk):
    response = client.get(DESK_URL + "flyer.png")
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.width < image.height  # one A4 page, portrait
    assert _qr_urls(image) == ["http://testserver" + DESK_URL]
    # Regenerated from the data: a new walk-in hour is on the next flyer.
    location = hia_desk.locations.get()
    location.weekly_hours.create(weekday=3, start=datetime.time(13), end=datetime.time(14))
    text = PdfReader(io.BytesIO(client.get(DESK_URL + "flyer.pdf").content)).pages[0].extract_text()
    assert "Elke woensdag, 13:00–14:00 uur" in re.sub(r"\s+", " ", text)


def test_english_flyer(client, hia_desk):
    text = (
        PdfReader(io.BytesIO(client.get(DESK_URL + "flyer.pdf?lang=en").content))
        .pages[0]
        .extract_text()
    )
    assert "Every Friday, 10:00–12:00 hrs" in re.sub(r"\s+", " ", text)


def test_a_flyer_is_rendered_once_per_version_of_its_data(client, hia_desk, monkeypatch):
    from public import flyer

    renders = []
    render = flyer._pdf
    monkeypatch.setattr(flyer, "_pdf", lambda html: renders.append(html) or render(html))
    first = client.get(DESK_URL + "flyer.pdf?lang=en").content
    assert client.get(DESK_URL + "flyer.pdf?lang=en").content == first
    assert len(renders) <= 1  # none if an earlier test rendered this very flyer
    hia_desk.locations.get().weekly_hours.create(
        weekday=4, start=datetime.time(9), end=datetime.time(10)
    )
    changed = client.get(DESK_URL + "flyer.pdf?lang=en").content
    assert changed != first and "Every Thursday" in renders[-1]
