"""In a browser: policy staff start a letter from the "Evaluatie" template; a council member
reads the published evaluation letter on a phone, in Dutch, and axe finds nothing."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from relatieloket.roles import Role
from relatieloket.testing import assert_no_axe_violations, browser_login
from reports import services as report_services
from reports.models import CouncilReport
from reports.tests.test_council_browser import _remove_published_reports  # noqa: F401

from .test_letter import RAW, _traject

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def place(csi4):
    from intake.tests.factories import DeskFactory, MunicipalityFactory

    municipality = MunicipalityFactory(name="Testdorp", cbs_code="GM9901")
    return municipality, DeskFactory(name="Relatieloket Testdorp", municipality=municipality)


def test_evaluation_letter_from_the_template_to_the_council(page, live_server, make_user, place):
    municipality, desk = place
    for number, couple in enumerate(RAW):
        _traject(desk, number, "strengthen", couple)
    policy = make_user(Role.POLICY, username="bram", municipalities=[municipality])
    make_user(Role.COUNCIL, username="rosa", municipalities=[municipality])

    browser_login(page, live_server, "bram")
    page.goto(live_server.url + reverse("reports:council_create"))
    page.get_by_label("Gemeente (ontvanger)").select_option(label="Testdorp")
    page.get_by_label("Betreft").fill("Evaluatie proefperiode")
    page.get_by_label("Begin periode").fill("2024-01-01")
    page.get_by_label("Einde periode").fill("2024-12-31")
    page.get_by_label("Sjabloon").select_option(label="Evaluatie")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Concept opslaan").click()
    expect(
        page.get_by_text("Het concept van de raadsinformatiebrief is opgeslagen.")
    ).to_be_visible()
    blocks = page.get_by_role("table", name="Cijfers in de volgorde")
    expect(blocks.get_by_role("row")).to_have_count(14)  # a header and the 13 blocks
    expect(blocks.get_by_text("alleen wat de cijfers niet kunnen laten zien")).to_be_visible()
    report = CouncilReport.objects.get(title="Evaluatie proefperiode")
    report_services.report_publish(report=report, user=policy)

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, live_server, "rosa")
    page.goto(live_server.url + reverse("reports:published_detail", args=[report.pk]))
    table = page.get_by_role("table", name="Effect van de kortdurende trajecten")
    expect(table).to_be_visible()
    expect(
        table.get_by_role("row", name="Partners met een begin- en een eindmeting 10")
    ).to_be_visible()
    expect(
        page.get_by_text("Van 10 partners zijn een begin- en een eindmeting bekend")
    ).to_be_visible()
    expect(page.get_by_text("Wat deze cijfers niet laten zien.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_no_axe_violations(page)
