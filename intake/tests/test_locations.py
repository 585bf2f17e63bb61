"""The coordinator's screen for locations and weekly walk-in hours, through HTTP."""

import datetime

import pytest
from django.urls import reverse

from intake.models import Location, WeeklyHour
from public.selectors import slug_of
from relatieloket.roles import Role

from .factories import DeskFactory, LocationFactory, WeeklyHourFactory

pytestmark = pytest.mark.django_db

NAV_LABEL = "Locaties en spreekuren"


@pytest.fixture
def desk(db):
    return DeskFactory(name="Adviespunt SKO Dordrecht")


@pytest.fixture
def coordinator(client, make_user, desk):
    user = make_user(Role.COORDINATOR, desks=[desk])
    client.force_login(user)
    return user


def _text(response):
    return response.content.decode()


def test_coordinator_adds_a_location_and_an_hour_seen_on_the_list_and_start_page(
    client, coordinator, desk
):
    response = client.post(
        f"{reverse('intake:location_create')}?loket={desk.pk}",
        {"name": "Brouwersdijk", "address": "Brouwersdijk 100", "is_active": "on"},
        follow=True,
    )
    assert "Locatie Brouwersdijk toegevoegd." in _text(response)
    location = Location.objects.get()
    assert (location.desk, location.name, location.address, location.is_active) == (
        desk,
        "Brouwersdijk",
        "Brouwersdijk 100",
        True,
    )

    form_page = _text(client.get(reverse("intake:weekly_hour_create", args=[location.pk])))
    assert form_page.count('name="weekday"') == 7 and 'type="radio"' in form_page
    response = client.post(
        reverse("intake:weekly_hour_create", args=[location.pk]),
        {"weekday": "5", "start": "10:00", "end": "12:00"},
        follow=True,
    )
    page = _text(response)
    assert "Inloopspreekuur vrijdag 10:00–12:00 op locatie Brouwersdijk toegevoegd." in page
    hour = WeeklyHour.objects.get()
    assert (hour.location, hour.weekday, hour.start, hour.end) == (
        location,
        5,
        datetime.time(10),
        datetime.time(12),
    )
    assert "Brouwersdijk 100" in page and "vrijdag 10:00–12:00" in page

    start = _text(client.get(reverse("intake:start")))
    assert "Brouwersdijk (Brouwersdijk 100):" in start
    assert "vrijdag 10:00–12:00" in start


def test_an_hour_ending_before_it_starts_gets_a_dutch_error_and_nothing_is_saved(
    client, coordinator, desk
):
    location = LocationFactory(desk=desk, name="Brouwersdijk")
    response = client.post(
        reverse("intake:weekly_hour_create", args=[location.pk]),
        {"weekday": "5", "start": "12:00", "end": "10:00"},
    )
    assert response.status_code == 200
    # At the end time, where it is corrected (and linked from the error summary).
    assert response.context["form"].errors == {
        "end": ["Het inloopspreekuur moet eindigen na het begin."]
    }
    assert "Het inloopspreekuur moet eindigen na het begin." in _text(response)
    assert not WeeklyHour.objects.exists()

    response = client.post(reverse("intake:weekly_hour_create", args=[location.pk]), {})
    assert response.context["form"].errors["weekday"] == ["Dit veld is verplicht."]
    assert not WeeklyHour.objects.exists()


def test_an_overlapping_hour_on_the_same_day_is_refused_and_an_adjacent_one_allowed(
    client, coordinator, desk
):
    location = LocationFactory(desk=desk, name="Brouwersdijk")
    url = reverse("intake:weekly_hour_create", args=[location.pk])
    client.post(url, {"weekday": "5", "start": "10:00", "end": "12:00"})
    response = client.post(url, {"weekday": "5", "start": "11:00", "end": "13:00"})
    assert "overlapt" in _text(response)
    assert WeeklyHour.objects.count() == 1
    client.post(url, {"weekday": "5", "start": "12:00", "end": "14:00"})
    client.post(url, {"weekday": "3", "start": "11:00", "end": "13:00"})
    assert WeeklyHour.objects.count() == 3


def test_a_duplicate_location_name_gets_a_dutch_error(client, coordinator, desk):
    LocationFactory(desk=desk, name="Brouwersdijk")
    other = LocationFactory(desk=desk, name="Wijkcentrum Crabbehof")
    # Another desk may use the same name.
    LocationFactory(desk=DeskFactory(), name="Stadskantoor")

    for name in ("Brouwersdijk", "brouwersdijk"):
        response = client.post(
            f"{reverse('intake:location_create')}?loket={desk.pk}",
            {"name": name, "is_active": "on"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["name"] == [
            "Dit loket heeft al een locatie met deze naam."
        ]
    response = client.post(
        reverse("intake:location_edit", args=[other.pk]), {"name": "Brouwersdijk"}
    )
    assert response.context["form"].errors["name"] == [
        "Dit loket heeft al een locatie met deze naam."
    ]
    assert Location.objects.filter(desk=desk).count() == 2
    other.refresh_from_db()
    assert other.name == "Wijkcentrum Crabbehof"

    response = client.post(
        f"{reverse('intake:location_create')}?loket={desk.pk}",
        {"name": "Stadskantoor", "is_active": "on"},
    )
    assert response.status_code == 302


def test_edit_and_deactivate_a_location(client, coordinator, desk):
    location = LocationFactory(desk=desk, name="Brouwersdijk")
    WeeklyHourFactory(location=location)
    response = client.post(
        reverse("intake:location_edit", args=[location.pk]),
        {"name": "Brouwersdijk 100", "address": "Brouwersdijk 100", "is_active": "on"},
        follow=True,
    )
    assert "Locatie Brouwersdijk 100 opgeslagen." in _text(response)
    location.refresh_from_db()
    assert (location.name, location.is_active) == ("Brouwersdijk 100", True)

    assert client.get(reverse("intake:location_deactivate", args=[location.pk])).status_code == 405
    response = client.post(reverse("intake:location_deactivate", args=[location.pk]), follow=True)
    assert "Locatie Brouwersdijk 100 gedeactiveerd" in _text(response)
    location.refresh_from_db()
    assert location.is_active is False
    # Still managed on the list, but no longer on the start page nor offered for visits.
    assert "niet actief" in _text(response)
    assert "Brouwersdijk 100" not in _text(client.get(reverse("intake:start")))
    form = client.get(reverse("intake:visit_create")).context["form"]
    assert location not in form.fields["location"].queryset


def test_an_hour_is_deleted_after_confirmation(client, coordinator, desk):
    hour = WeeklyHourFactory(location=LocationFactory(desk=desk, name="Brouwersdijk"))
    url = reverse("intake:weekly_hour_delete", args=[hour.pk])
    confirm = _text(client.get(url))
    assert "Brouwersdijk, vrijdag 10:00–12:00" in confirm and "Ja, verwijderen" in confirm
    assert WeeklyHour.objects.exists()
    response = client.post(url, follow=True)
    assert "Inloopspreekuur Brouwersdijk, vrijdag 10:00–12:00 verwijderd." in _text(response)
    assert not WeeklyHour.objects.exists()


def test_another_desks_location_and_hour_are_404_and_unchanged(client, coordinator):
    other_desk = DeskFactory(name="Loket Zwijndrecht")
    location = LocationFactory(desk=other_desk, name="Stadhuis")
    hour = WeeklyHourFactory(location=location)
    missing = Location.objects.order_by("-pk").first().pk + 100

    for name, pk in (
        ("intake:location_edit", location.pk),
        ("intake:location_edit", missing),
        ("intake:weekly_hour_create", location.pk),
        ("intake:weekly_hour_create", missing),
        ("intake:weekly_hour_delete", hour.pk),
        ("intake:weekly_hour_delete", missing),
    ):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    for name, pk, data in (
        ("intake:location_edit", location.pk, {"name": "Gekaapt", "is_active": ""}),
        ("intake:location_deactivate", location.pk, {}),
        ("intake:location_deactivate", missing, {}),
        ("intake:weekly_hour_create", location.pk, {"weekday": 1, "start": "9:00", "end": "10:00"}),
        ("intake:weekly_hour_delete", hour.pk, {}),
    ):
        assert client.post(reverse(name, args=[pk]), data).status_code == 404, name
    create = reverse("intake:location_create")
    assert client.get(f"{create}?loket={other_desk.pk}").status_code == 404
    assert client.post(f"{create}?loket={other_desk.pk}", {"name": "Nieuw"}).status_code == 404
    assert client.get(f"{create}?loket=abc").status_code == 404

    location.refresh_from_db()
    assert (location.name, location.is_active) == ("Stadhuis", True)
    assert list(WeeklyHour.objects.all()) == [hour]
    assert Location.objects.count() == 1
    assert "Stadhuis" not in _text(client.get(reverse("intake:location_list")))


def test_coordinator_sees_the_nav_entry_and_counsellor_is_refused(client, make_user, desk):
    url = reverse("intake:location_list")
    location = LocationFactory(desk=desk, name="Brouwersdijk")

    client.force_login(make_user(Role.COORDINATOR, desks=[desk]))
    start = _text(client.get(reverse("intake:start")))
    assert NAV_LABEL in start and f'href="{url}"' in start

    client.force_login(make_user(Role.COUNSELLOR, desks=[desk]))
    start = _text(client.get(reverse("intake:start")))
    assert NAV_LABEL not in start and f'href="{url}"' not in start
    assert client.get(url).status_code == 403
    response = client.post(reverse("intake:location_deactivate", args=[location.pk]))
    assert response.status_code == 403
    location.refresh_from_db()
    assert location.is_active is True


def test_the_list_costs_a_fixed_number_of_queries(client, coordinator, desk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for round_ in range(2):
        for i in range(3):
            WeeklyHourFactory(location=LocationFactory(desk=desk, name=f"Locatie {round_}-{i}"))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("intake:location_list")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_the_list_links_to_the_desks_public_page_flyer_and_calendar(client, coordinator, desk):
    """The coordinator reaches what residents see: the public page, the flyer and the feed,
    each of which opens without logging in."""
    WeeklyHourFactory(location=LocationFactory(desk=desk, name="Stadskantoor"))
    page = _text(client.get(reverse("intake:location_list")))
    assert "openbare pagina" in page
    client.logout()
    for name, content_type in (
        ("public:desk", "text/html"),
        ("public:desk_flyer_pdf", "application/pdf"),
        ("public:desk_calendar", "text/calendar"),
    ):
        url = reverse(name, args=[slug_of(desk.municipality.name), slug_of(desk.name)])
        assert f'href="{url}"' in page, name
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith(content_type), name
