"""The public pages over HTTP: no login, no cookie, Dutch and English, policy and framing."""

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from referrals.models import Municipality
from reports.models import CouncilReport
from reports.tests.access_kwargs import make_council_report

pytestmark = pytest.mark.django_db

HIA_URL = "/hulp/hendrik-ido-ambacht/"
HIA_DESK_URL = "/hulp/hendrik-ido-ambacht/relatieloket-hendrik-ido-ambacht/"


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_urls_are_the_slugs_of_the_names(hia_desk):
    assert reverse("public:municipality", args=["hendrik-ido-ambacht"]) == HIA_URL
    desk_args = ["hendrik-ido-ambacht", "relatieloket-hendrik-ido-ambacht"]
    assert reverse("public:desk", args=desk_args) == HIA_DESK_URL


def test_desk_page_says_where_when_how_free_and_what_else(client, hia_desk, network):
    response = client.get(HIA_DESK_URL)
    assert response.status_code == 200
    page = _text(response)
    assert "Relatieloket Hendrik-Ido-Ambacht" in page
    assert "De Schakel" in page and "Dorpsstraat 1" in page
    assert "Elke vrijdag, 10:00–12:00 uur" in page
    assert "Één keer per twee weken op dinsdag, 19:00–20:30 uur" in page
    assert "Het is gratis. U hoeft uw naam niet te zeggen." in page
    assert "078 770 80 10" in page and "relatieloket@example.nl" in page
    assert "vanaf ongeveer € 800" in page and "basisverzekering" in page
    # Where the council refers to commercial parties, the private therapist is listed.
    assert "Praktijk Relatietherapie Test" in page
    assert "Sociaal team Test" in page


def test_next_dates_follow_the_weekly_and_fortnightly_hours(client, hia_desk):
    # Every Friday, and the Tuesdays 2 January 2024 + a multiple of 14 days.
    today = timezone.localdate()
    first_tuesday = datetime.date(2024, 1, 2)
    expected = [
        day.isoformat()
        for day in (today + datetime.timedelta(days=n) for n in range(60))
        if day.isoweekday() == 5 or (day.isoweekday() == 2 and (day - first_tuesday).days % 14 == 0)
    ][:4]
    page = _text(client.get(HIA_DESK_URL))
    nexts = re.search(r'data-testid="next-walk-ins">(.*?)</ul>', page).group(1)
    dates = re.findall(r'datetime="([\d-]+)"', nexts)
    assert dates == expected
    assert any(datetime.date.fromisoformat(d).isoweekday() == 2 for d in expected)


def test_nijkerk_lists_no_commercial_party(client, nijkerk_desk, network):
    response = client.get("/hulp/nijkerk/")
    page = _text(response)
    assert response.status_code == 200
    assert "Relatiepunt Nijkerk" in page and "Sociaal team Test" in page
    assert "Praktijk Relatietherapie Test" not in page
    desk_page = _text(client.get("/hulp/nijkerk/relatiepunt-nijkerk/"))
    assert "Praktijk Relatietherapie Test" not in desk_page
    # The cost of private therapy is still said (seed 000), without naming a party.
    assert "vanaf ongeveer € 800" in desk_page


def test_english_through_the_switch_without_a_cookie(client, hia_desk):
    dutch = client.get(HIA_DESK_URL)
    assert '<html lang="nl">' in dutch.content.decode()
    assert f'href="{HIA_DESK_URL}?lang=en"' in dutch.content.decode()
    english = client.get(HIA_DESK_URL + "?lang=en")
    page = _text(english)
    assert '<html lang="en">' in page
    assert "It is free. You do not have to give your name." in page
    assert "Every Friday, 10:00–12:00 hrs" in page
    # Links within the English page stay English.
    assert 'href="/hulp/hendrik-ido-ambacht/?lang=en"' in page
    assert not english.cookies and not dutch.cookies
    # An unknown language is Dutch, not an error.
    assert '<html lang="nl">' in client.get(HIA_DESK_URL + "?lang=xx").content.decode()


@pytest.mark.parametrize(
    "url", ["/hulp/", HIA_URL, HIA_DESK_URL, HIA_DESK_URL + "agenda.ics", "/open-data/"]
)
def test_no_cookie_no_login_and_only_own_files(client, hia_desk, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    body = response.content.decode()
    # No script, no external file: every src and stylesheet is the portal's own.
    assert "<script" not in body
    for attribute in re.findall(r'(?:src|href)="([^"]+)"', body):
        assert not attribute.startswith(("http:", "https:", "//")), attribute


def test_a_signed_in_user_gets_no_new_cookie_either(client, hia_desk, make_user):
    client.force_login(make_user("hulpverlener"))
    response = client.get(HIA_DESK_URL)
    assert response.status_code == 200 and not response.cookies


def test_unknown_municipality_or_desk_is_404(client, hia_desk):
    assert client.get("/hulp/atlantis/").status_code == 404
    assert client.get("/hulp/hendrik-ido-ambacht/geen-loket/").status_code == 404
    # A desk is found only under its own municipality.
    assert client.get("/hulp/nijkerk/relatieloket-hendrik-ido-ambacht/").status_code == 404


def test_only_get(client, hia_desk):
    assert client.post(HIA_DESK_URL).status_code in (403, 405)


def test_framing_only_by_the_municipalitys_own_sites(client, hia_desk, hia):
    response = client.get(HIA_DESK_URL)
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"

    hia.embed_origins = "https://www.hendrik-ido-ambacht.nl\nhttps://hulp.example.nl:8443"
    hia.full_clean()
    hia.save()
    for url in (HIA_URL, HIA_DESK_URL):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert (
            "frame-ancestors https://www.hendrik-ido-ambacht.nl https://hulp.example.nl:8443"
            in policy
        )
        assert "X-Frame-Options" not in response
        assert "default-src 'self'" in policy
    # The overview and other municipalities stay unframeable.
    assert "frame-ancestors 'none'" in client.get("/hulp/")["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in client.get("/hulp/nijkerk/")["Content-Security-Policy"]


@pytest.mark.parametrize(
    "value",
    [
        "https://*.example.nl",
        "http://www.example.nl",
        "https://www.example.nl/pagina",
        "https://www.example.nl; script-src *",
        "'self'",
        "*",
    ],
)
def test_frame_origins_are_validated(hia, value):
    hia.embed_origins = value
    with pytest.raises(ValidationError) as error:
        hia.full_clean()
    assert "embed_origins" in error.value.message_dict


def test_frame_origins_length_is_a_database_check(hia):
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.filter(pk=hia.pk).update(embed_origins="https://a.nl\n" * 100)


def test_overview_lists_every_desk_with_opening_date_and_published_visitors(
    client, hia_desk, nijkerk_desk, hia
):
    make_council_report(hia, published=True)
    later = make_council_report(
        hia, period_start=datetime.date(2024, 7, 1), period_end=datetime.date(2024, 12, 31)
    )
    # As publishing freezes it (the database refuses changes once published).
    CouncilReport.objects.filter(pk=later.pk).update(
        status=CouncilReport.Status.PUBLISHED,
        snapshot={"figures": {"visits": "20", "persons": "35"}, "sections": []},
        sha256="0" * 64,
        pdf=b"%PDF-1.7 stand-in",
        published_at=timezone.now(),
    )
    response = client.get("/hulp/")
    page = _text(response)
    rows = re.findall(r"<tr>(.*?)</tr>", page)
    hia_row = next(row for row in rows if "Relatieloket Hendrik-Ido-Ambacht" in row)
    assert "Hendrik-Ido-Ambacht" in hia_row and "oktober 2023" in hia_row
    assert "35" in hia_row and "1 juli 2024 tot en met 31 december 2024" in hia_row
    nijkerk_row = next(row for row in rows if "Relatiepunt Nijkerk" in row)
    assert "Nijkerk" in nijkerk_row and "–" in nijkerk_row
    # A draft's figures are never shown.
    draft = make_council_report(
        hia, period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 6, 30)
    )
    CouncilReport.objects.filter(pk=draft.pk).update(snapshot={"figures": {"persons": "99"}})
    assert "99" not in _text(client.get("/hulp/"))


def test_query_count_is_bounded(
    client, hia_desk, nijkerk_desk, network, django_assert_max_num_queries
):
    # Measured: the desk page 8 (municipalities, desk, runners, locations, hours, cancelled
    # walk-ins, sociale kaart, therapy cost), the overview 6 (desks with their prefetches,
    # published letters), whatever the number of desks, locations, hours and exceptions;
    # plus 7 to read the data version and to store the page in the shared cache (its first
    # request only: then 2, see test_public_caching).
    with django_assert_max_num_queries(8 + 7):
        assert client.get(HIA_DESK_URL).status_code == 200
    with django_assert_max_num_queries(8 + 7):
        assert client.get(HIA_URL).status_code == 200
    with django_assert_max_num_queries(6 + 1 + 7):  # a count for the pages
        assert client.get("/hulp/").status_code == 200


def test_the_functional_admin_sets_the_origins_and_a_wrong_one_is_a_dutch_error(
    client, make_user, hia
):
    client.force_login(make_user("functioneel-beheerder"))
    url = reverse("admin:referrals_municipality_change", args=[hia.pk])
    data = {
        "name": hia.name,
        "cbs_code": hia.cbs_code,
        "refers_to_commercial": "on",
        "small_count_threshold": "5",
        "embed_origins": "https://www.hendrik-ido-ambacht.nl/hulp",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Geen webadres waarin de pagina's getoond mogen worden" in page
    hia.refresh_from_db()
    assert hia.embed_origins == ""
    response = client.post(url, {**data, "embed_origins": "https://www.hendrik-ido-ambacht.nl"})
    assert response.status_code == 302
    hia.refresh_from_db()
    assert hia.frame_ancestors == ["https://www.hendrik-ido-ambacht.nl"]
