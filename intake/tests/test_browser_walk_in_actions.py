"""An ordinary walk-in, counted in actions (a click, a choice or a filled field) in Chromium.

Before: channel, who came, women, men, question, outcome, save: 7 actions for a couple at the
walk-in hour. Now the channel is the desk's usual one and "who came" fills the counts: 4. One
partner took 5 (who came, then the count to fill); "one partner (woman/man/other)" is one
choice that sets the count: 4 as well.
"""

import pytest
from playwright.sync_api import expect

from intake.models import Visit
from referrals.models import Organisation
from relatieloket.roles import Role
from relatieloket.testing import browser_login

from .factories import DeskFactory, LocationFactory, WeeklyHourFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Actions:
    """The counsellor's actions on the page, counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def check(self, selector):
        self.count += 1
        self.page.locator(selector).check()

    def fill(self, selector, value):
        self.count += 1
        self.page.locator(selector).fill(value)

    def save(self):
        self.count += 1
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Contact opslaan").click()


@pytest.fixture
def desk(dordrecht):
    sko, _ = Organisation.objects.get_or_create(
        name="Adviespunt Scheiden, Kind en Ouderschap", defaults={"kind": "adviespunt_sko"}
    )
    desk = DeskFactory(name="Adviespunt SKO Dordrecht", municipality=dordrecht, organisation=sko)
    WeeklyHourFactory(location=LocationFactory(desk=desk, name="Brouwersdijk"))
    return desk


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}]
)
def test_a_couple_at_the_walk_in_hour_is_logged_in_four_actions(
    page, live_server, make_user, desk, viewport
):
    page.set_viewport_size(viewport)
    make_user(Role.COUNSELLOR, username="hanna", desks=[desk])
    browser_login(page, live_server, "hanna")
    page.goto(f"{live_server.url}/loket/contacten/nieuw/")
    actions = Actions(page)
    actions.check("input[name=who_came][value=beide_partners]")
    # The counts follow "who came"; the channel is already a walk-in.
    expect(page.locator("input[name=women]")).to_have_value("1")
    expect(page.locator("input[name=men]")).to_have_value("1")
    expect(page.locator("input[name=channel][value=inloop]")).to_be_checked()
    actions.check("input[name=question][value=versterken]")
    actions.check("input[name=outcome][value=op_weg_geholpen]")
    actions.save()
    expect(page.locator("#saved-heading")).to_contain_text("opgeslagen")
    visit = Visit.objects.get()
    assert (visit.channel, visit.who_came, visit.women, visit.men, visit.other_gender) == (
        "inloop",
        "beide_partners",
        1,
        1,
        0,
    )
    assert actions.count == 4


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}]
)
def test_one_partner_at_the_walk_in_hour_is_logged_in_four_actions_too(
    page, live_server, make_user, desk, viewport
):
    page.set_viewport_size(viewport)
    make_user(Role.COUNSELLOR, username="hanna", desks=[desk])
    browser_login(page, live_server, "hanna")
    page.goto(f"{live_server.url}/loket/contacten/nieuw/")
    actions = Actions(page)
    # A changed mind on the way: two ex-partners first, then one partner, a man.
    page.get_by_label("ex-partners").check()
    expect(page.locator("input[name=women]")).to_have_value("1")
    actions.check("input[name=who_came][value='een_partner:men']")
    expect(page.get_by_label("één partner (man)")).to_be_checked()
    expect(page.locator("input[name=women]")).to_have_value("0")
    expect(page.locator("input[name=men]")).to_have_value("1")
    expect(page.locator("input[name=other_gender]")).to_have_value("0")
    actions.check("input[name=question][value=scheiden]")
    actions.check("input[name=outcome][value=op_weg_geholpen]")
    actions.save()
    expect(page.locator("#saved-heading")).to_contain_text("opgeslagen")
    visit = Visit.objects.get()
    assert (visit.who_came, visit.women, visit.men, visit.other_gender) == ("een_partner", 0, 1, 0)
    assert actions.count == 4
