"""Each role's ordinary day on the demo data, in Chromium at 1280 and 390 px: every page it
opens fits the screen (no sideways scrolling), logs no error in the console, and has no English
in a Dutch page."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from relatieloket.testing import DEMO_PASSWORD, browser_login
from reports.tests.test_council_browser import _remove_published_reports  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The data the migrations bring (the sociale kaart, roles, life events, indicators and budget):
# a transactional test empties the database after it, so the next one puts it back first.
MIGRATION_SEEDS = [
    ("relatieloket.migrations.0002_role_groups", "create_groups"),
    ("referrals.migrations.0002_seed_network", "load_network"),
    ("referrals.migrations.0007_seed_adviespunt_sko_public_email", "seed"),
    ("referrals.migrations.0011_seed_public_lines", "seed"),
    ("intake.migrations.0004_life_events_and_session_themes", "load"),
    ("reports.migrations.0002_seed_indicators_and_budget", "load"),
]

WIDTHS = (1280, 390)

# Words of the admin's and the portal's English that have no place in a Dutch page.
ENGLISH = re.compile(
    r"\b(Choose|Chosen|Remove|Add|Save|Delete|Cancel|Search|Model name|Add link|selected|"
    r"Available|Today|Yesterday|Tomorrow|Show|Hide|Change|Please|Submit|Next|Previous|Page|"
    r"Welcome|Log out|Log in|Password|Error|Filter by|None|Yes|No|Unknown|the|and|of the|"
    r"required|This field)\b"
)

# The text a reader sees or hears, except what is marked as another language (the switch's
# "English") and the code on the page.
VISIBLE_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || el.closest('script, style, noscript, template, code, pre')) continue;
    const lang = el.closest('[lang]');
    if (lang && !lang.getAttribute('lang').startsWith('nl')) continue;
    parts.push(node.textContent);
  }
  document.querySelectorAll('[aria-label], [title], [placeholder], img[alt]').forEach(el => {
    const lang = el.closest('[lang]');
    if (lang && !lang.getAttribute('lang').startsWith('nl')) return;
    ['aria-label', 'title', 'placeholder', 'alt'].forEach(
      a => el.getAttribute(a) && parts.push(el.getAttribute(a)));
  });
  return parts.join(' ').replace(/\\s+/g, ' ');
}"""


@pytest.fixture
def demo(db):
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    from referrals.models import Organisation

    if not Organisation.objects.exists():
        with connection.schema_editor() as schema_editor:
            for module, function in MIGRATION_SEEDS:
                getattr(import_module(module), function)(apps, schema_editor)
    with override_settings(DEBUG=True):
        call_command("seed_demo", "--password", DEMO_PASSWORD)


@pytest.fixture
def walk(page, live_server):
    """Open each path at both widths and collect what is wrong, page by page."""
    problems = []
    console = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: console.append(str(error)))

    def visit(*paths):
        for path in paths:
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                console.clear()
                response = page.goto(f"{live_server.url}{path}")
                page.wait_for_load_state("networkidle")
                where = f"{path} at {width} px"
                if response is None or response.status >= 400:
                    problems.append(f"{where}: HTTP {response and response.status}")
                    continue
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                if overflow > 0:
                    problems.append(f"{where}: {overflow} px wider than the screen")
                if console:
                    problems.append(f"{where}: console {console[:3]}")
                if page.locator("html").get_attribute("lang") == "nl":
                    english = sorted(set(ENGLISH.findall(page.evaluate(VISIBLE_TEXT))))
                    if english:
                        problems.append(f"{where}: English {english}")
        return problems

    return visit


def _menu(page, *, required=True):
    """The paths of the role's menu, as the start page shows it at 1280 px."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.url)
    hrefs = page.locator("#portal-menu .nav-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert hrefs or not required, "the role has a menu"
    return hrefs


def _first_link(page, path, pattern):
    page.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/")[2] + path)
    links = page.locator("main a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return next(href for href in links if href and re.search(pattern, href))


def test_the_counsellors_day(page, live_server, demo, walk):
    browser_login(page, live_server, "hulpverlener")
    menu = _menu(page)
    traject = _first_link(page, "/loket/trajecten/", r"^/loket/trajecten/\d+/$")
    visit = _first_link(page, "/loket/contacten/", r"^/loket/contacten/\d+/$")
    assert walk(*menu, traject, visit, visit + "wijzigen/", "/account/") == []


def test_the_coordinators_day(page, live_server, demo, walk):
    browser_login(page, live_server, "coordinator")
    menu = _menu(page)
    exceptions = _first_link(page, "/loket/locaties/", r"vervallen-spreekuren/$")
    assert walk(*menu, exceptions, "/account/") == []
    # On a phone a location's actions stand in the screen, not to the right of a table that
    # has to be scrolled sideways to find them.
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}/loket/locaties/")
    main = page.get_by_role("main")
    for role, name in (("link", "Inloopspreekuur toevoegen"), ("button", "Deactiveren")):
        action = main.get_by_role(role, name=re.compile(f"^{name}")).first
        box = action.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (name, box)
    # The Dordrecht desk has no tariff: its trajects' costs are unknown, never € 0.
    page.goto(f"{live_server.url}/rapportages/")
    expect(page.get_by_test_id("costs")).to_have_text("onbekend")
    expect(page.get_by_test_id("budget")).to_have_text("geen budget vastgelegd")
    expect(page.get_by_test_id("costs-unknown")).to_contain_text(
        "voor Adviespunt SKO Dordrecht is geen tarief ingesteld"
    )


def test_the_policy_officers_day(page, live_server, demo, walk):
    browser_login(page, live_server, "beleid")
    assert walk(*_menu(page), "/account/") == []
    # Four municipalities: Hendrik-Ido-Ambacht's budget, but the Dordrecht trajects have no
    # tariff, so neither the costs nor the share of the budget are known (was "€ 0 / 0%").
    page.goto(f"{live_server.url}/rapportages/")
    expect(page.get_by_test_id("costs")).to_have_text("onbekend")
    expect(page.get_by_test_id("budget")).to_have_text(re.compile(r"^€ [\d.]+ / onbekend$"))
    # Hendrik-Ido-Ambacht's letter counts 53 residents beside tables of 39 visits: its own
    # sentence says why they differ.
    page.goto(f"{live_server.url}/rapportages/raadsinformatiebrieven/opstellen/")
    row = page.get_by_role("row").filter(has_text="Aanvullende informatie n.a.v. motie")
    row.get_by_role("link", name=re.compile("^Lezen")).click()
    expect(page.get_by_role("main")).to_contain_text(
        "hebben 53 inwoners het Relatieloket Hendrik-Ido-Ambacht bezocht; het aantal betrokken "
        "kinderen schatten wij op 74. Wij tellen hier inwoners, geen bezoeken: komt een stel "
        "samen, dan zijn dat twee inwoners in één bezoek."
    )


def test_the_council_members_day(page, live_server, demo, walk):
    browser_login(page, live_server, "raadslid")
    menu = _menu(page)
    letter = _first_link(page, menu[0], r"/\d+/$")
    assert walk(*menu, letter) == []


def test_the_functional_admins_day(page, live_server, demo, walk):
    browser_login(page, live_server, "beheerder")
    # The functional admin works in the admin (/beheer/); the portal's menu may be empty.
    menu = _menu(page, required=False)
    user = _first_link(page, "/beheer/relatieloket/user/", r"/beheer/relatieloket/user/\d+/change/")
    organisation = "/beheer/referrals/organisation/add/"
    desk = _first_link(page, "/beheer/intake/desk/", r"/beheer/intake/desk/\d+/change/")
    assert walk(*menu, "/beheer/", "/beheer/relatieloket/user/", user, organisation, desk) == []
    # The desk's organisations are chosen from "Beschikbare organisaties", in words that read.
    page.goto(f"{live_server.url}{desk}")
    expect(page.get_by_role("main")).to_contain_text("Beschikbare organisaties")
    expect(page.get_by_role("main")).not_to_contain_text("Beschikbare uitgevoerd door")


def test_a_residents_day(page, live_server, demo, walk):
    assert (
        walk(
            "/hulp/",
            "/hulp/dordrecht/",
            "/hulp/dordrecht/adviespunt-sko-dordrecht/",
            "/hulp/hendrik-ido-ambacht/relatieloket-hendrik-ido-ambacht/",
            "/hulp/papendrecht/adviespunt-sko-papendrecht/",
            "/hulp/zwartewaterland/",
            "/hulp/zwartewaterland/relatieloket-zwartewaterland/",
            "/hulp/nijkerk/",
            "/open-data/cijfers/",
        )
        == []
    )
