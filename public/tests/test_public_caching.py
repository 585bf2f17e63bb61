"""Public pages for a crowd: kept by browsers and proxies for a short time, answered 304 to a
current copy, served from the shared cache, and new at once when their data changes."""

import datetime
import re
import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from intake.constants import Weekday
from intake.models import WeeklyHour
from intake.tests.factories import DeskFactory
from relatieloket.middleware import LAST_ACTIVITY_KEY

pytestmark = pytest.mark.django_db

HIA_URL = "/hulp/hendrik-ido-ambacht/"
HIA_DESK_URL = "/hulp/hendrik-ido-ambacht/relatieloket-hendrik-ido-ambacht/"
PUBLIC_URLS = ("/hulp/", HIA_URL, HIA_DESK_URL)


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@override_settings(PUBLIC_PAGE_MAX_AGE=45)
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_may_be_kept_by_proxies_and_browsers(client, hia_desk, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=45"
    assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])
    assert "cookie" not in response.get("Vary", "").lower()
    assert not response.cookies
    # The copy from the shared cache is the same page with the same validator.
    again = client.get(url)
    assert again.content == response.content and again["ETag"] == response["ETag"]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_current_copy_is_answered_304_in_at_most_two_queries(
    client, hia_desk, url, django_assert_max_num_queries
):
    etag = client.get(url)["ETag"]
    with django_assert_max_num_queries(2):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag and response["Cache-Control"].startswith("public")
    assert client.get(url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_a_new_walk_in_hour_shows_at_once(client, hia_desk):
    before = client.get(HIA_DESK_URL)
    assert "maandag" not in _text(before).lower()
    WeeklyHour.objects.create(
        location=hia_desk.locations.get(),
        weekday=Weekday.MONDAY,
        start=datetime.time(13),
        end=datetime.time(15),
    )
    after = client.get(HIA_DESK_URL, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert "Elke maandag, 13:00–15:00 uur" in _text(after)
    # The municipality's page and the overview have a new version too.
    assert "Elke maandag, 13:00–15:00 uur" in _text(client.get(HIA_URL))


def test_a_renamed_runner_shows_at_once_on_the_municipality_page(client, hia_desk):
    client.get(HIA_URL)
    hia_desk.organisation.public_phone = "078 111 22 33"
    hia_desk.organisation.save()
    assert "078 111 22 33" in _text(client.get(HIA_URL))


def test_pages_from_the_shared_cache_take_two_queries_whatever_the_data(
    client, hia_desk, nijkerk_desk, network, django_assert_max_num_queries
):
    for url in PUBLIC_URLS:
        client.get(url)
        with django_assert_max_num_queries(2):  # the data version and the stored page
            assert client.get(url).status_code == 200


def test_private_pages_keep_no_store(client, make_user):
    response = client.get("/accounts/login/")
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    client.force_login(make_user("hulpverlener"))
    response = client.get("/")
    assert "no-store" in response["Cache-Control"]


def test_a_public_page_that_sets_a_cookie_is_not_kept(client, hia_desk, make_user):
    # A signed-in user's session is renewed on this request: the answer carries a cookie,
    # so no proxy may keep it.
    client.force_login(make_user("hulpverlener"))
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 120
    session.save()
    response = client.get(HIA_URL)
    assert response.status_code == 200 and response.cookies
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "ETag" not in response


@override_settings(PUBLIC_OVERVIEW_PAGE_SIZE=1)
def test_the_overview_is_paged_alphabetically_in_dutch(client, hia_desk, nijkerk_desk):
    first = _text(client.get("/hulp/"))
    assert "Pagina 1 van 2" in first
    assert "Relatieloket Hendrik-Ido-Ambacht" in first and "Relatiepunt Nijkerk" not in first
    assert 'href="?page=2"' in first and "Nijkerk – Nijkerk" in first
    second = _text(client.get("/hulp/?page=2"))
    assert "Pagina 2 van 2" in second and "Relatiepunt Nijkerk" in second
    assert "Relatieloket Hendrik-Ido-Ambacht" not in second
    # Nonsense asks for the first page, never an error.
    assert client.get("/hulp/?page=x").status_code == 200
    assert "Page 1 of 2" in _text(client.get("/hulp/?lang=en"))


def test_a_new_desk_shows_on_the_overview_at_once(client, hia_desk, nijkerk):
    client.get("/hulp/")
    DeskFactory(name="Relatiepunt Nijkerk-Oost", municipality=nijkerk)
    assert "Relatiepunt Nijkerk-Oost" in _text(client.get("/hulp/"))


def test_the_version_survives_a_cleared_cache(client, hia_desk):
    cache.clear()
    assert client.get(HIA_DESK_URL).status_code == 200
    assert client.get(HIA_DESK_URL).status_code == 200


@override_settings(PUBLIC_PAGE_CACHE=False)
def test_with_the_cache_off_public_pages_are_rendered_each_time_and_not_kept(client, hia_desk):
    response = client.get(HIA_DESK_URL)
    assert response.status_code == 200 and "ETag" not in response
    assert "no-store" in response["Cache-Control"]
