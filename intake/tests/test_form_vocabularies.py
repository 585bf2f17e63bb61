"""The desk forms' choice lists and empty markup are built once per process and data version:
a second load reads no list, a change to a list shows on the next load, and one partner is
one choice that sets the count (no script needed)."""

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake import services
from intake.models import LifeEvent, SessionTheme, Visit
from referrals.models import Organisation
from relatieloket.roles import Role

from .factories import DeskFactory, LocationFactory, VisitFactory

pytestmark = pytest.mark.django_db

LIST_TABLES = ("intake_lifeevent", "intake_sessiontheme", "referrals_organisation")


@pytest.fixture
def desk(dordrecht):
    sko = Organisation.objects.get(name="Adviespunt Scheiden, Kind en Ouderschap")
    desk = DeskFactory(name="Adviespunt SKO Dordrecht", municipality=dordrecht, organisation=sko)
    desk.organisations.add(sko)
    return desk


@pytest.fixture
def counsellor(client, make_user, desk):
    client.force_login(make_user(Role.COUNSELLOR, desks=[desk]))
    return client


def _visit(**extra):
    return {
        "date": timezone.localdate().isoformat(),
        "channel": "inloop",
        "women": "0",
        "men": "0",
        "other_gender": "0",
        "age_band": "onbekend",
        "question": "twijfels",
        "track": "A",
        "outcome": "op_weg_geholpen",
        **extra,
    }


def _checked(html, name):
    return re.findall(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"[^>]*checked', html)


def _visit_form(html):
    start = html.index('<form method="post" novalidate>')
    form = html[start : html.index("</form>", start)]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", form)


def _labels(html, name):
    return [
        re.sub(r"\s+", " ", label).strip()
        for label in re.findall(
            rf'name="{name}"[^>]*value="[^"]*"[^>]*>\s*<label[^>]*>(.*?)</label>', html, re.S
        )
    ]


def test_one_partner_is_one_choice_that_sets_the_count_without_a_script(counsellor, desk):
    url = reverse("intake:visit_create")
    html = counsellor.get(url).content.decode()
    assert _labels(html, "who_came")[:3] == [
        "één partner (vrouw)",
        "één partner (man)",
        "één partner (anders of onbekend)",
    ]
    assert 'value="een_partner"' not in html  # the plain value is no choice of its own
    response = counsellor.post(url, _visit(who_came="een_partner:men"))
    assert response.status_code == 302, response.context["form"].errors
    visit = Visit.objects.get()
    assert (visit.who_came, visit.women, visit.men, visit.other_gender) == ("een_partner", 0, 1, 0)
    # Changing the visit shows the same choice.
    edit = counsellor.get(reverse("intake:visit_edit", args=[visit.pk])).content.decode()
    assert _checked(edit, "who_came") == ["een_partner:men"]
    # Counts that say another person: one Dutch error, nothing saved.
    response = counsellor.post(url, _visit(who_came="een_partner:women", men="1"))
    form = response.context["form"]
    assert list(form.errors) == ["who_came"] and len(form.errors["who_came"]) == 1
    assert "“één partner (vrouw)” is één persoon" in response.content.decode()
    assert Visit.objects.count() == 1
    # The plain value with the counts typed is still taken (as before).
    response = counsellor.post(url, _visit(who_came="een_partner", other_gender="1"))
    assert response.status_code == 302
    assert Visit.objects.filter(other_gender=1, who_came="een_partner").count() == 1


def test_a_second_load_reads_no_list_and_a_change_shows_on_the_next(counsellor, desk):
    url = reverse("intake:visit_create")
    first = counsellor.get(url).content.decode()
    assert "Geboorte van een kind" in first or _labels(first, "life_events")
    with CaptureQueriesContext(connection) as queries:
        again = counsellor.get(url).content.decode()
    read = [
        q["sql"]
        for q in queries.captured_queries
        if any(f'FROM "{table}"' in q["sql"] for table in LIST_TABLES)
    ]
    assert read == [], read
    assert _visit_form(again) == _visit_form(first)  # the same form, its markup kept
    # A life event, a location and an organisation added elsewhere show at once.
    LifeEvent.objects.create(name="Emigratie", desk=desk)
    LocationFactory(desk=desk, name="Wijkcentrum Sterrenburg")
    partner = Organisation.objects.create(name="Huisartsenpraktijk Sterrenburg", kind="huisarts")
    partner.municipalities.add(desk.municipality)
    html = counsellor.get(url).content.decode()
    assert "Emigratie" in _labels(html, "life_events")
    assert "Wijkcentrum Sterrenburg" in _labels(html, "location")
    assert re.search(r'<option value="\d+">Huisartsenpraktijk Sterrenburg</option>', html)
    # ... and so does one taken away.
    LifeEvent.objects.filter(name="Emigratie").get().delete()
    assert "Emigratie" not in _labels(counsellor.get(url).content.decode(), "life_events")


def test_the_empty_form_follows_the_language_and_the_days_location(counsellor, desk):
    url = reverse("intake:visit_create")
    dutch = counsellor.get(url).content.decode()
    counsellor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = counsellor.get(url).content.decode()
    assert "één partner (vrouw)" in dutch and "one partner (woman)" in english
    # The day's location is chosen in the form shown: another location today, another form.
    LocationFactory(desk=desk, name="Brouwersdijk")
    assert _checked(counsellor.get(url).content.decode(), "location") != []


# Measured on a second load: session, user, second factor, roles, the traject, its sessions,
# its referrals, its evaluation (3) and one read of the vocabulary version: its three forms
# (session, closing, referral) read no list.
TRAJECT_PAGE_QUERIES = 11


def test_a_new_session_theme_shows_on_the_traject_page_at_once(
    counsellor, desk, django_assert_max_num_queries
):
    visit = VisitFactory(desk=desk, date=datetime.date(2025, 3, 1))
    traject = services.traject_start(visit=visit)
    url = reverse("intake:traject_detail", args=[traject.pk])
    counsellor.get(url)
    with django_assert_max_num_queries(TRAJECT_PAGE_QUERIES):
        counsellor.get(url)
    SessionTheme.objects.create(name="Geldzorgen", desk=desk)
    html = counsellor.get(url).content.decode()
    assert "Geldzorgen" in _labels(html, "themes")
    SessionTheme.objects.create(name="Andermans thema", desk=DeskFactory())
    assert "Andermans thema" not in counsellor.get(url).content.decode()
