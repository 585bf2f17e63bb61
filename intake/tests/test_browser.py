"""End to end in Chromium: a walk-in visit by keyboard only, a traject of five sessions."""

import pytest
from playwright.sync_api import expect

from intake.models import Session, Traject, Visit
from referrals.models import Organisation
from relatieloket.roles import Role
from relatieloket.testing import assert_no_axe_violations, browser_login

from .factories import DeskFactory, LocationFactory, WeeklyHourFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector, limit=150):
    """Press Tab until `selector` has the focus: proves it is reachable by keyboard."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_counsellor_logs_visit_by_keyboard_and_runs_a_traject(
    page, live_server, make_user, dordrecht
):
    sko, _ = Organisation.objects.get_or_create(
        name="Adviespunt Scheiden, Kind en Ouderschap", defaults={"kind": "adviespunt_sko"}
    )
    desk = DeskFactory(name="Adviespunt SKO Dordrecht", municipality=dordrecht, organisation=sko)
    WeeklyHourFactory(location=LocationFactory(desk=desk, name="Brouwersdijk"))
    make_user(Role.COUNSELLOR, username="hanna", desks=[desk])
    browser_login(page, live_server, "hanna")

    page.goto(f"{live_server.url}/loket/contacten/nieuw/")
    assert_no_axe_violations(page)
    page.locator("body").focus()
    tab_to(page, "input[name=channel][value=inloop]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=who_came][value='een_partner:women']")
    for _ in range(3):  # past one partner (a man, other or unknown) to both partners
        page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=who_came][value=beide_partners]")).to_be_checked()
    tab_to(page, "input[name=women]")
    page.keyboard.press("Control+A")
    page.keyboard.type("1")
    tab_to(page, "input[name=men]")
    page.keyboard.press("Control+A")
    page.keyboard.type("1")
    tab_to(page, "input[name=children]")
    page.keyboard.type("2")
    tab_to(page, "input[name=question][value=versterken]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=outcome][value=op_weg_geholpen]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit].btn-primary")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    errors = page.locator(".invalid-feedback, .alert-danger").all_inner_texts()
    expect(page.locator("#saved-heading")).to_contain_text("opgeslagen"), errors
    visit = Visit.objects.get()
    assert (visit.channel, visit.who_came, visit.women, visit.men, visit.children) == (
        "inloop",
        "beide_partners",
        1,
        1,
        2,
    )
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Traject starten (spoor B)").click()
    traject = Traject.objects.get()
    assert page.get_by_test_id("traject-code").inner_text() == traject.code
    assert_no_axe_violations(page)

    for number in range(1, 6):
        with page.expect_navigation():
            page.get_by_role("button", name="Gesprek opslaan").click()
        assert page.get_by_text(f"Gesprek {number} opgeslagen.").is_visible()
    assert_no_axe_violations(page)

    # Full: no form for a sixth session that would only be refused after filling it in.
    expect(page.get_by_role("button", name="Gesprek opslaan")).to_have_count(0)
    # ... and a prompt to close it, with "completed" already chosen.
    expect(page.get_by_test_id("traject-full")).to_contain_text(
        "Een traject heeft maximaal 5 gesprekken en ze zijn alle gevoerd. Sluit het traject nu af"
    )
    expect(page.get_by_label("afgerond")).to_be_checked()
    assert Session.objects.filter(traject=traject).count() == 5
    assert_no_axe_violations(page)

    page.get_by_label("afgerond").check()
    page.locator("input[name=closing_outcome][value=op_weg_geholpen]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Traject afsluiten").click()
    assert page.get_by_text("Traject afgesloten.").is_visible()
    traject.refresh_from_db()
    assert traject.status == "afgerond"
    assert_no_axe_violations(page)
