"""A resident on a phone (390 px) and on a desktop: the public pages in Dutch and English,
axe-clean, without a request to another host and without cookies."""

import pytest
from playwright.sync_api import expect

from relatieloket.testing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def requests_made(page, live_server):
    """Every request the page makes; one to another host is aborted and recorded."""
    made = []

    def route(route):
        made.append(route.request.url)
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", route)
    return made


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_resident_finds_help_in_dutch_and_english(
    page, live_server, requests_made, viewport, hia_desk, network
):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{live_server.url}/hulp/")
    expect(page.get_by_role("heading", name="Alle relatieloketten")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Relatieloket Hendrik-Ido-Ambacht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Relatieloket Hendrik-Ido-Ambacht")
    expect(page.get_by_text("Het is gratis. U hoeft uw naam niet te zeggen.")).to_be_visible()
    expect(page.get_by_test_id("walk-in-hours")).to_contain_text("Elke vrijdag, 10:00–12:00 uur")
    expect(page.get_by_test_id("next-walk-ins").locator("li")).to_have_count(4)
    expect(page.get_by_test_id("contact")).to_contain_text("078 770 80 10")
    expect(page.get_by_test_id("other-help")).to_contain_text("Praktijk Relatietherapie Test")
    assert_no_axe_violations(page)
    # Nothing is wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("It is free. You do not have to give your name.")).to_be_visible()
    expect(page.get_by_test_id("walk-in-hours")).to_contain_text("Every Friday, 10:00–12:00 hrs")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Help in Hendrik-Ido-Ambacht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Where can I find help?")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Nederlands").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Waar kan ik terecht?")

    assert page.context.cookies() == []
    others = [url for url in requests_made if not url.startswith(live_server.url)]
    assert others == [] and requests_made


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_nijkerk_page_never_lists_a_commercial_party(
    page, live_server, requests_made, viewport, nijkerk_desk, network
):
    page.set_viewport_size(VIEWPORTS[viewport])
    for path in ("/hulp/nijkerk/", "/hulp/nijkerk/relatiepunt-nijkerk/"):
        for lang in ("", "?lang=en"):
            page.goto(f"{live_server.url}{path}{lang}")
            help_list = page.get_by_test_id("other-help")
            expect(help_list).to_contain_text("Sociaal team Test")
            expect(page.locator("body")).not_to_contain_text("Praktijk Relatietherapie Test")
            assert_no_axe_violations(page)
    assert page.context.cookies() == []
    assert [url for url in requests_made if not url.startswith(live_server.url)] == []
