"""In Chromium: a dashboard that has to wait shows the Dutch waiting page with its place, which
refreshes itself (no script) and becomes the dashboard when its turn comes (PostgreSQL)."""

import pytest
from django.db import connection
from playwright.sync_api import expect

from relatieloket.roles import Role
from relatieloket.testing import assert_no_axe_violations, browser_login
from relatieloket.tests.test_lanes import reports_elsewhere

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the queue is PostgreSQL's"),
]


def no_violations_but_the_refresh(page):
    from axe_playwright_python.sync_playwright import Axe

    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": tags},
            "rules": {"meta-refresh": {"enabled": False}},
        },
    )
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_waiting_page_refreshes_itself_into_the_dashboard(
    page, live_server, make_user, dordrecht, settings, width
):
    settings.REPORT_QUEUE_HOLD = 0
    settings.REPORT_QUEUE_REFRESH = 1
    page.set_viewport_size({"width": width, "height": 800})
    make_user(Role.POLICY, username="bram", municipalities=[dordrecht])
    browser_login(page, live_server, "bram")
    with reports_elsewhere():
        page.goto(f"{live_server.url}/rapportages/?start=2024-01-01&end=2024-12-31")
        expect(
            page.get_by_role("heading", name="Uw rapportage staat in de wachtrij")
        ).to_be_visible()
        expect(page.get_by_role("status")).to_contain_text("U bent nummer 1 in de wachtrij.")
        # axe calls every meta refresh a WCAG 2.2.1 failure; the page lets the user turn it off
        # (below), which 2.2.1 allows: every other rule holds.
        no_violations_but_the_refresh(page)
        page.wait_for_timeout(2500)  # two refreshes: still waiting, the place kept
        assert "wachtrij=" in page.url
        expect(page.get_by_role("status")).to_contain_text("U bent nummer 1 in de wachtrij.")
        page.get_by_role("link", name="Stoppen met automatisch vernieuwen").click()
        expect(page.get_by_text("Deze pagina ververst zichzelf niet.")).to_be_visible()
        assert_no_axe_violations(page)
        page.get_by_role("link", name="Automatisch vernieuwen", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("U bent nummer 1 in de wachtrij.")
    # The slot is free: the next refresh brings the dashboard, with nothing clicked.
    expect(page.get_by_role("heading", name="Dashboard", exact=True)).to_be_visible(timeout=10_000)
    expect(page.get_by_role("heading", name="Uw rapportage staat in de wachtrij")).to_have_count(0)
