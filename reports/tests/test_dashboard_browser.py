"""End to end: policy staff filter the dashboard and download an XLSX for publication;
axe-core finds nothing on the page."""

import datetime
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from intake.models import Desk
from intake.tests.factories import VisitFactory
from referrals.constants import Question
from referrals.models import Municipality
from relatieloket.roles import Role
from relatieloket.testing import assert_no_axe_violations, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_policy_filters_the_dashboard_and_downloads_xlsx(page, live_server, make_user, dordrecht):
    desk = Desk.objects.create(name="Adviespunt SKO Dordrecht", municipality=dordrecht)
    zwijndrecht = Municipality.objects.get_or_create(
        cbs_code="GM0642", defaults={"name": "Zwijndrecht"}
    )[0]
    other = Desk.objects.create(name="Adviespunt SKO Zwijndrecht", municipality=zwijndrecht)
    for i in range(9):
        VisitFactory(
            desk=desk,
            date=datetime.date(2024, 9, 1 + i),
            question=Question.SEPARATING if i < 2 else Question.STRENGTHEN,
        )
    for i in range(4):
        VisitFactory(desk=other, date=datetime.date(2024, 9, 10 + i))
    make_user(Role.POLICY, username="bram", municipalities=[dordrecht, zwijndrecht])

    browser_login(page, live_server, "bram")
    page.get_by_role("link", name="Dashboard").click()
    page.get_by_role("textbox", name="Van").fill("2024-01-01")
    page.get_by_label("Tot en met").fill("2024-12-31")
    page.get_by_role("combobox", name="Gemeente").select_option(label="Dordrecht")
    page.get_by_role("button", name="Tonen").click()

    key_figures = page.get_by_test_id("key-figures")
    assert key_figures.get_by_role("row", name="Contacten").inner_text().split()[-1] == "9"
    assert page.get_by_text("Niet voor publicatie").is_visible()
    assert page.get_by_role("img", name="Bezoeken naar hulpvraag").is_visible()
    assert_no_axe_violations(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX voor publicatie Hulpvraag").click()
    download = download_info.value
    assert download.suggested_filename == (
        "relatieloket_vragen_GM0505_2024-01-01_2024-12-31_publicatie.xlsx"
    )
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=1, values_only=True)}
    assert "Filter: Dordrecht, 2024-01-01 t/m 2024-12-31" in values
    # 7 + 2 with a published total of 9: the 2 is "< 5" and the 7 is hidden with it.
    assert values["(Overweegt) scheiding"] == "< 5"
    assert values["Relatieversterking of -herstel"] == "x"
    assert values["Totaal"] == 9


def test_monthly_chart_draws_a_column_per_month_in_dutch(page, live_server, make_user, dordrecht):
    """In Dutch (decimal comma) the chart still draws: one column per month of the period, each
    with a width on screen, and the browser reports no error about the SVG."""
    desk = Desk.objects.create(name="Adviespunt SKO Dordrecht", municipality=dordrecht)
    for i in range(14):
        VisitFactory(desk=desk, date=datetime.date(2024, 1 + i % 12, 3 + i))
        VisitFactory(desk=desk, date=datetime.date(2023, 1 + i % 12, 3))
    make_user(Role.COORDINATOR, username="cora", desks=[desk])
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    browser_login(page, live_server, "cora")
    page.goto(f"{live_server.url}/rapportages/?start=2024-01-01&end=2024-12-31")
    chart = page.get_by_role("img", name="Bezoeken per maand, met dezelfde maanden een jaar eerder")
    expect(chart).to_be_visible()
    columns = chart.locator("rect.month-column")
    expect(columns).to_have_count(12)
    widths = columns.evaluate_all("rects => rects.map(r => r.getBoundingClientRect().width)")
    assert len(widths) == 12 and all(width > 0 for width in widths), widths
    heights = columns.evaluate_all("rects => rects.map(r => r.getBBox().height)")
    assert sum(1 for height in heights if height > 0) == 12  # every month has visits
    assert errors == []
