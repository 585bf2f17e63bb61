"""In Chromium: a visit form that says what is wrong (summary focused, every radio group's
message visible), fixed by keyboard; the menu folds at 390 px; Dutch whatever the browser
asks."""

import pytest
from playwright.sync_api import expect

from intake.models import Visit
from referrals.models import Organisation
from relatieloket.roles import Role
from relatieloket.testing import assert_no_axe_violations, browser_login

from .factories import DeskFactory, LocationFactory, VisitFactory, WeeklyHourFactory
from .test_browser import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Radio groups without a default: the ones a counsellor must answer (the channel defaults to
# the desk's usual one).
REQUIRED_GROUPS = {
    "who_came": "Wie kwam",
    "question": "Hulpvraag",
    "outcome": "Uitkomst",
}


@pytest.fixture
def desk(dordrecht):
    sko, _ = Organisation.objects.get_or_create(
        name="Adviespunt Scheiden, Kind en Ouderschap", defaults={"kind": "adviespunt_sko"}
    )
    desk = DeskFactory(name="Adviespunt SKO Dordrecht", municipality=dordrecht, organisation=sko)
    # A walk-in hour: the channel defaults to a walk-in.
    WeeklyHourFactory(location=LocationFactory(desk=desk, name="Brouwersdijk"))
    return desk


def test_an_empty_visit_form_says_what_is_wrong_and_is_fixed_by_keyboard(
    page, live_server, make_user, desk
):
    make_user(Role.COUNSELLOR, username="hanna", desks=[desk])
    browser_login(page, live_server, "hanna")
    page.goto(f"{live_server.url}/loket/contacten/nieuw/")
    with page.expect_navigation():
        page.get_by_role("button", name="Contact opslaan").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    for name, label in REQUIRED_GROUPS.items():
        link = summary.locator(f'a[href="#id_{name}"]')
        expect(link).to_contain_text(f"{label}: Dit veld is verplicht.")
        # Next to the group, visible (not only a red border), and tied to it.
        message = page.locator(f"#id_{name}_error")
        expect(message).to_be_visible()
        expect(message).to_have_text("Dit veld is verplicht.")
        expect(page.locator(f"fieldset#id_{name}")).to_have_attribute(
            "aria-describedby", f"id_{name}_error"
        )
    assert_no_axe_violations(page)

    # From the summary to the first group by keyboard: the link puts the focus on its choice.
    page.keyboard.press("Tab")
    expect(summary.locator("a").first).to_be_focused()
    who_came_link = summary.locator('a[href="#id_who_came"]')
    who_came_link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_who_came_0")).to_be_focused()
    page.keyboard.press("Space")
    tab_to(page, "input[name=women]")
    page.keyboard.press("Control+A")
    page.keyboard.type("1")
    tab_to(page, "input[name=question][value=versterken]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=outcome][value=op_weg_geholpen]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit].btn-primary")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#saved-heading")).to_contain_text("opgeslagen")
    visit = Visit.objects.get()
    assert (visit.channel, visit.who_came, visit.women, visit.outcome) == (
        "inloop",
        "een_partner",
        1,
        "op_weg_geholpen",
    )


def test_at_390_px_the_menu_opens_from_the_toggler_and_tables_scroll(
    page, live_server, make_user, desk
):
    for _ in range(3):
        VisitFactory(desk=desk, location=desk.locations.get())
    make_user(Role.COUNSELLOR, username="hanna", desks=[desk])
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, live_server, "hanna")
    page.goto(f"{live_server.url}/loket/contacten/")
    visits_link = page.get_by_role("link", name="Contacten", exact=True)
    expect(visits_link).to_be_hidden()
    toggler = page.get_by_role("button", name="Menu")
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    # The first screen is the page, not the navigation.
    assert page.locator("main h1").bounding_box()["y"] < 300
    toggler.click()
    expect(visits_link).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    # Nothing sticks out of the screen: a wide table scrolls inside its own region.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/loket/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_no_axe_violations(page)


def test_a_browser_asking_for_english_gets_dutch_and_can_switch(browser, live_server):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/inloggen/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible()
    page.get_by_label("Taal").select_option("en")
    with page.expect_navigation():
        page.get_by_role("button", name="Wissel").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{live_server.url}/inloggen/")  # remembered on the next page
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    context.close()
