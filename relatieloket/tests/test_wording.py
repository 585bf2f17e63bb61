"""Dutch wording: plural forms, "levensgebeurtenissen", described delete confirmations,
"U bent uitgelogd.", the right menu entry highlighted."""

import datetime
import re

import pytest
from django.urls import reverse

from intake.tests.factories import ActivityFactory, DeskFactory, SessionFactory, VisitFactory
from referrals.models import Municipality
from relatieloket.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(db):
    return DeskFactory(name="Adviespunt SKO Dordrecht")


@pytest.fixture
def counsellor(client, make_user, desk):
    client.force_login(make_user(Role.COUNSELLOR, desks=[desk]))
    return client


def test_counts_have_their_plural_form(counsellor, desk):
    one = VisitFactory(desk=desk, women=1)
    page = counsellor.get(reverse("intake:visit_detail", args=[one.pk])).content.decode()
    assert "1 vrouw, 0 mannen, 0 anders of onbekend" in page
    two = VisitFactory(desk=desk, women=1, men=1)
    page = counsellor.get(reverse("intake:visit_detail", args=[two.pk])).content.decode()
    assert "1 vrouw, 1 man, 0 anders of onbekend" in page and "1 vrouwen" not in page


def test_life_events_are_levensgebeurtenissen(counsellor):
    page = counsellor.get(reverse("intake:visit_create")).content.decode()
    assert "Levensgebeurtenissen" in page and "Life-event" not in page


def test_delete_confirmations_describe_the_object_not_its_number(counsellor, desk):
    visit = VisitFactory(desk=desk, date=datetime.date(2025, 3, 14))
    page = counsellor.get(reverse("intake:visit_delete", args=[visit.pk])).content.decode()
    assert (
        "het contact van 14 maart 2025 bij Adviespunt SKO Dordrecht (inloop, één partner)" in page
    )
    assert not re.search(rf"#{visit.pk}\b", page)
    session = SessionFactory(traject__desk=desk, traject__code="K7QM-R3TX", number=1)
    page = counsellor.get(reverse("intake:session_delete", args=[session.pk])).content.decode()
    assert "gesprek 1 van" in page and "van traject K7QM-R3TX" in page
    activity = ActivityFactory(desk=desk, date=datetime.date(2025, 3, 14), attendees=12)
    page = counsellor.get(reverse("intake:activity_delete", args=[activity.pk])).content.decode()
    assert "webinar van 14 maart 2025 (12 deelnemers)" in page


def test_after_logout_the_login_page_says_so(counsellor):
    response = counsellor.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "U bent uitgelogd." in response.content.decode()


def test_the_council_letter_pages_highlight_their_own_menu_entry(client, make_user):
    hia = Municipality.objects.get(cbs_code="GM0531")
    client.force_login(make_user(Role.POLICY, municipalities=[hia]))
    for url in (reverse("reports:council_create"), reverse("reports:council_list")):
        page = client.get(url).content.decode()
        active = re.findall(r'<a class="nav-link active"[^>]*>([^<]+)</a>', page)
        assert active == ["Raadsinformatiebrieven opstellen"], (url, active)
    page = client.get(reverse("reports:start")).content.decode()
    assert re.findall(r'<a class="nav-link active"[^>]*>([^<]+)</a>', page) == ["Dashboard"]
