"""End to end in Chromium: each role logs in and sees only its own pages; axe-core finds nothing."""

import time

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


def test_first_login_links_an_authenticator_app(page, live_server, make_user, dordrecht_desk):
    """Password, set up the app from the QR page's key, recovery codes, start page; then a
    second login asks for the code. Every page passes axe-core."""
    from base64 import b32decode

    from playwright.sync_api import expect

    from relatieloket.testing import DEMO_PASSWORD, totp_code

    make_user(Role.COUNSELLOR, username="hanna", desks=[dordrecht_desk])
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/inloggen/")
    assert_no_axe_violations(page)
    page.get_by_label("Gebruikersnaam").fill("hanna")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", name="Tweede factor instellen")).to_be_visible()
    expect(page.get_by_role("img", name="QR-code voor uw authenticator-app")).to_be_visible()
    assert_no_axe_violations(page)
    secret = page.get_by_test_id("totp-secret").get_attribute("data-secret")
    key = b32decode(secret).hex()
    page.get_by_label("Code uit uw authenticator-app").fill("000000")
    page.get_by_role("button", name="App koppelen").click()
    # Next to the field, and (as a link to it) in the form's error summary.
    expect(page.get_by_text("Deze code klopt niet")).to_have_count(2)
    expect(page.get_by_text("Deze code klopt niet").last).to_be_visible()
    page.get_by_label("Code uit uw authenticator-app").fill(totp_code(key))
    page.get_by_role("button", name="App koppelen").click()

    expect(page.get_by_role("heading", name="Herstelcodes")).to_be_visible()
    expect(page.get_by_test_id("recovery-codes").get_by_role("listitem")).to_have_count(10)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Verder").click()
    expect(page.get_by_role("heading", name="Adviespunt SKO Dordrecht")).to_be_visible()
    assert page.url.endswith("/loket/")

    page.get_by_role("link", name="Mijn account").click()
    expect(page.get_by_role("heading", name="Wachtwoord wijzigen")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Uitloggen").click()

    page.get_by_label("Gebruikersnaam").fill("hanna")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    code_field = page.get_by_label("Code uit uw authenticator-app")
    expect(code_field).to_be_visible()
    assert_no_axe_violations(page)
    # The next time step's code: the one just used for the setup cannot be used twice.
    code_field.fill(totp_code(key, at=time.time() + 30))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Adviespunt SKO Dordrecht")).to_be_visible()
    # Nothing on these pages was refused by the Content-Security-Policy.
    assert [e for e in console_errors if "Content Security Policy" in e] == []
