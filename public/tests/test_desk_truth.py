"""A desk's public page says only what is true for it, and follows its cancelled walk-ins."""

import datetime
import re

import pytest
from django.utils import timezone
from icalendar import Calendar

from intake import services
from intake.constants import Weekday
from intake.models import Location, WalkInException
from intake.tests.factories import DeskFactory
from public.flyer import flyer_html
from relatieloket.roles import Role

pytestmark = pytest.mark.django_db

HIA_URL = "/hulp/hendrik-ido-ambacht/"
DESK_URL = HIA_URL + "relatieloket-hendrik-ido-ambacht/"


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def _next_friday(today):
    return today + datetime.timedelta(days=(Weekday.FRIDAY - today.isoweekday()) % 7 or 7)


def _exdates(event):
    exdates = event["EXDATE"]
    exdates = exdates if isinstance(exdates, list) else [exdates]
    return sorted(day.dt.date() for exdate in exdates for day in exdate.dts)


@pytest.fixture
def appointment_desk(hia):
    desk = DeskFactory(name="Adviespunt Afspraak", municipality=hia)
    Location.objects.create(desk=desk, name="Stadskantoor", address="Markt 1")
    return desk


def test_an_appointment_only_desk_does_not_invite_to_walk_in(client, appointment_desk):
    page = _text(client.get(HIA_URL + "adviespunt-afspraak/"))
    assert "Dit loket heeft geen inloopspreekuur: u komt op afspraak." in page
    assert "Loop gewoon binnen" not in page
    assert "agenda.ics" not in page and "Zet de inloopspreekuren in uw agenda" not in page
    assert "Het is gratis" in page  # it is open, and free


def test_a_closed_desk_says_it_is_closed_and_offers_no_flyer_or_calendar(client, hia_desk):
    hia_desk.closed_on = timezone.localdate() - datetime.timedelta(days=10)
    hia_desk.save()
    page = _text(client.get(DESK_URL))
    assert "Dit loket is gesloten sinds" in page or "Dit loket is gesloten op" in page
    assert "Het is gratis" not in page and "Loop gewoon binnen" not in page
    assert "flyer.pdf" not in page and "flyer.png" not in page and "agenda.ics" not in page
    assert client.get(DESK_URL + "flyer.pdf").status_code == 404
    assert client.get(DESK_URL + "flyer.png").status_code == 404
    municipality = _text(client.get(HIA_URL))
    assert "is gesloten" in municipality
    assert "Het is gratis" not in municipality and "kunt u met iemand praten" not in municipality


def test_a_municipality_without_a_desk_does_not_promise_one(client, nijkerk, network):
    page = _text(client.get("/hulp/nijkerk/"))
    assert "heeft nog geen relatieloket" in page
    assert "Het is gratis" not in page and "kunt u met iemand praten" not in page
    assert "Sociaal team Test" in page


def test_a_cancelled_walk_in_leaves_the_next_list_the_flyer_and_the_feed(client, hia_desk):
    today = timezone.localdate()
    friday = _next_friday(today)
    services.walk_in_exception_create(desk=hia_desk, first_day=friday, reason="Eerste Kerstdag")
    page = _text(client.get(DESK_URL))
    nexts = re.search(r'data-testid="next-walk-ins">(.*?)</ul>', page).group(1)
    assert friday.isoformat() not in nexts
    assert (friday + datetime.timedelta(days=7)).isoformat() in nexts
    cancelled = re.search(r'data-testid="cancelled-walk-ins">(.*?)</ul>', page).group(1)
    assert friday.isoformat() in cancelled and "Eerste Kerstdag" in cancelled
    assert "Geen inloopspreekuur op" in page
    # The same on the municipality's page and the flyer.
    assert "Eerste Kerstdag" in _text(client.get(HIA_URL))
    desk = (
        type(hia_desk)
        .objects.prefetch_related("locations__weekly_hours", "walk_in_exceptions")
        .get(pk=hia_desk.pk)
    )
    assert "Eerste Kerstdag" in flyer_html(desk=desk, page_url="https://example.nl/")
    # The feed leaves the day out of the Friday series (EXDATE) and keeps the Tuesdays.
    calendar = Calendar.from_ical(client.get(DESK_URL + "agenda.ics").content)
    by_day = {event.decoded("DTSTART").isoweekday(): event for event in calendar.walk("VEVENT")}
    assert _exdates(by_day[5]) == [friday]
    assert "EXDATE" not in by_day[2]


def test_a_range_cancels_every_walk_in_inside_it(client, hia_desk):
    today = timezone.localdate()
    friday = _next_friday(today)
    services.walk_in_exception_create(
        desk=hia_desk,
        first_day=friday,
        last_day=friday + datetime.timedelta(days=13),
        reason="wegens ziekte",
    )
    calendar = Calendar.from_ical(client.get(DESK_URL + "agenda.ics").content)
    by_day = {event.decoded("DTSTART").isoweekday(): event for event in calendar.walk("VEVENT")}
    assert _exdates(by_day[5]) == [friday, friday + datetime.timedelta(days=7)]
    page = _text(client.get(DESK_URL))
    nexts = re.search(r'data-testid="next-walk-ins">(.*?)</ul>', page).group(1)
    dates = [datetime.date.fromisoformat(d) for d in re.findall(r'datetime="([\d-]+)"', nexts)]
    assert all(not friday <= day <= friday + datetime.timedelta(days=13) for day in dates)


def test_coordinator_cancels_a_day_and_sees_the_public_holidays_proposed(
    role_client, hia_desk, client
):
    coordinator = role_client(Role.COORDINATOR)
    hia_desk.staff.add(coordinator.user)
    url = f"/loket/loketten/{hia_desk.pk}/vervallen-spreekuren/"
    page = _text(coordinator.get(url))
    # Every year has a Friday or Tuesday walk-in on a holiday within a year (Good Friday).
    proposed = re.search(r'data-testid="proposed-holidays">(.*?)</ul>', page).group(1)
    assert "Goede Vrijdag" in proposed or "Eerste Kerstdag" in proposed
    friday = _next_friday(timezone.localdate())
    response = coordinator.post(url, {"first_day": friday.isoformat(), "reason": "Studiedag"})
    assert response.status_code == 302
    exception = WalkInException.objects.get(desk=hia_desk)
    assert (exception.first_day, exception.last_day, exception.reason) == (
        friday,
        friday,
        "Studiedag",
    )
    # Overlap and a last day before the first: a Dutch error on the field, nothing saved.
    again = _text(coordinator.post(url, {"first_day": friday.isoformat(), "reason": "Nogmaals"}))
    assert "overlappen" in again
    backwards = coordinator.post(
        url,
        {
            "first_day": friday.isoformat(),
            "last_day": (friday - datetime.timedelta(days=3)).isoformat(),
            "reason": "Terug",
        },
    )
    assert "kan niet voor de eerste dag" in _text(backwards)
    assert WalkInException.objects.count() == 1
    # Undo it: the walk-in is held again.
    coordinator.post(f"/loket/vervallen-spreekuren/{exception.pk}/verwijderen/")
    assert not WalkInException.objects.exists()


def test_another_desks_exceptions_are_out_of_reach(role_client, hia_desk):
    exception = services.walk_in_exception_create(
        desk=hia_desk, first_day=_next_friday(timezone.localdate()), reason="Studiedag"
    )
    coordinator = role_client(Role.COORDINATOR)
    assert (
        coordinator.get(f"/loket/loketten/{hia_desk.pk}/vervallen-spreekuren/").status_code == 404
    )
    response = coordinator.post(f"/loket/vervallen-spreekuren/{exception.pk}/verwijderen/")
    assert response.status_code == 404
    assert WalkInException.objects.filter(pk=exception.pk).exists()


def test_other_help_shows_phone_website_and_address_where_set(client, hia, network):
    from referrals.models import Organisation

    Organisation.objects.filter(name="Sociaal team Test").update(
        public_phone="0800-2000",
        website="https://veiligthuis.nl",
        address="Markt 3, Hendrik-Ido-Ambacht",
    )
    page = _text(client.get(HIA_URL))
    other = re.search(r'data-testid="other-help">(.*?)</ul>', page).group(1)
    assert 'href="tel:08002000"' in other and "0800-2000" in other
    assert "Website: https://veiligthuis.nl" in other  # as text: the page links to no other site
    assert "Adres: Markt 3, Hendrik-Ido-Ambacht" in other
    # The therapist has none of these: nothing empty is shown for it.
    therapist = other.split("Praktijk Relatietherapie Test")[1].split("</li>")[0]
    assert "Telefoon" not in therapist and "Website" not in therapist


def test_the_national_lines_carry_their_public_numbers(db):
    from referrals.models import Organisation

    veilig_thuis = Organisation.objects.get(name="Veilig Thuis")
    assert veilig_thuis.public_phone == "0800-2000"
    assert veilig_thuis.website == "https://veiligthuis.nl"


def test_the_open_data_link_leads_to_a_page_for_people(client, hia_desk):
    page = client.get("/hulp/")
    assert 'href="/open-data/cijfers/"' in page.content.decode()
    figures = client.get("/open-data/cijfers/")
    assert figures.status_code == 200 and figures["Content-Type"].startswith("text/html")
    text = _text(figures)
    assert "Gepubliceerde cijfers (open data)" in text
    assert 'href="/open-data/"' in text  # the catalogue, for data portals
    assert not figures.cookies
