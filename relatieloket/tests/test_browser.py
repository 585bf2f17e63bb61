"""End to end in Chromium: each role logs in and sees only its own pages; axe-core finds nothing."""

import pytest

from intake.models import Desk
from relatieloket.roles import Role
from relatieloket.testing import assert_no_axe_violations, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dordrecht_desk(dordrecht):
    return Desk.objects.create(name="Adviespunt SKO Dordrecht", municipality=dordrecht)


def test_counsellor_sees_desk_pages_only(page, live_server, make_user, dordrecht_desk):
    make_user(Role.COUNSELLOR, username="hanna", desks=[dordrecht_desk])
    browser_login(page, live_server, "hanna")
    assert page.url.endswith("/loket/")
    nav = page.get_by_role("navigation", name="Hoofdnavigatie")
    assert nav.get_by_role("link", name="Mijn loket").is_visible()
    assert nav.get_by_role("link", name="Raadsinformatiebrieven").count() == 0
    assert nav.get_by_role("link", name="Dashboard").count() == 0
    assert page.get_by_role("heading", name="Adviespunt SKO Dordrecht").is_visible()
    assert_no_axe_violations(page)

    response = page.goto(f"{live_server.url}/rapportages/raadsinformatiebrieven/")
    assert response.status == 403
    assert page.get_by_role("heading", name="Geen toegang").is_visible()
    assert_no_axe_violations(page)
    response = page.goto(f"{live_server.url}/bestaat-niet/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Pagina niet gevonden").is_visible()
    assert_no_axe_violations(page)


def test_council_member_sees_council_reports_only(page, live_server, make_user, dordrecht):
    make_user(Role.COUNCIL, username="rosa", municipalities=[dordrecht])
    page.goto(f"{live_server.url}/")
    assert "/inloggen/" in page.url
    assert_no_axe_violations(page)
    browser_login(page, live_server, "rosa")
    assert page.url.endswith("/rapportages/raadsinformatiebrieven/")
    assert page.get_by_role("heading", name="Raadsinformatiebrieven").is_visible()
    nav = page.get_by_role("navigation", name="Hoofdnavigatie")
    assert [link.inner_text() for link in nav.get_by_role("listitem").all()] == [
        "Raadsinformatiebrieven"
    ]
    assert_no_axe_violations(page)

    response = page.goto(f"{live_server.url}/loket/")
    assert response.status == 403

    page.goto(f"{live_server.url}/rapportages/raadsinformatiebrieven/")
    page.get_by_role("button", name="Uitloggen").click()
    assert "/inloggen/" in page.url
