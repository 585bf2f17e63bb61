"""In Chromium: a counsellor records an inbound and a warm outbound referral through the visit
form of the intake screens; policy staff then see both flows on the flow map."""

import pytest

from intake.models import Visit
from intake.tests.factories import DeskFactory, LocationFactory
from referrals.models import Organisation, Referral
from relatieloket.roles import Role
from relatieloket.testing import assert_no_axe_violations, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _organisation(name, kind, municipality):
    organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    organisation.municipalities.add(municipality)
    return organisation


def test_flows_recorded_at_the_desk_appear_on_the_flow_map(page, live_server, make_user, dordrecht):
    sko = _organisation("Adviespunt Scheiden, Kind en Ouderschap", "adviespunt_sko", dordrecht)
    gp = _organisation("Huisarts", "huisarts", dordrecht)
    villa = _organisation("Villa Pinedo", "training", dordrecht)
    quiet = _organisation("POH GGZ Volwassenen", "poh_ggz_volwassenen", dordrecht)
    desk = DeskFactory(name="Adviespunt SKO Dordrecht", municipality=dordrecht, organisation=sko)
    LocationFactory(desk=desk, name="Brouwersdijk")
    make_user(Role.COUNSELLOR, username="hanna", desks=[desk])
    make_user(Role.POLICY, username="beleid", municipalities=[dordrecht])

    # The counsellor: a walk-in visit referred by the GP ...
    browser_login(page, live_server, "hanna")
    page.goto(f"{live_server.url}/loket/contacten/nieuw/")
    assert_no_axe_violations(page)
    page.locator("input[name=channel][value=inloop]").check()
    page.locator("input[name=who_came][value='een_partner:women']").check()
    page.locator("input[name=question][value=versterken]").check()
    page.locator("input[name=outcome][value=op_weg_geholpen]").check()
    page.locator("select[name=referred_by]").select_option(str(gp.pk))
    with page.expect_navigation():
        page.locator("button[type=submit].btn-primary").first.click()
    errors = page.locator(".invalid-feedback, .alert-danger").all_inner_texts()
    assert "opgeslagen" in page.locator("#saved-heading").inner_text(), errors
    assert_no_axe_violations(page)
    visit = Visit.objects.get()

    # ... and from that visit a warm handover to Villa Pinedo.
    page.goto(f"{live_server.url}/loket/contacten/{visit.pk}/")
    assert_no_axe_violations(page)
    page.locator("select[name=to_organisation]").select_option(str(villa.pk))
    page.locator("input[name=warm_handover]").check()
    with page.expect_navigation():
        page.locator("form[action$='/doorverwijzen/'] button[type=submit]").click()
    assert_no_axe_violations(page)
    flows = sorted(
        (r.from_organisation.name, r.to_organisation.name, r.warm_handover)
        for r in Referral.objects.select_related("from_organisation", "to_organisation")
    )
    assert flows == [
        ("Adviespunt Scheiden, Kind en Ouderschap", "Villa Pinedo", True),
        ("Huisarts", "Adviespunt Scheiden, Kind en Ouderschap", False),
    ]

    # Policy staff: the flow map of this year (the default period) shows both flows.
    page.context.clear_cookies()
    browser_login(page, live_server, "beleid")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Verwijsstromen").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Verwijsstromen"
    assert_no_axe_violations(page)
    table = page.locator("table").first
    rows = [
        [cell.strip() for cell in row.locator("td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]
    assert sorted(rows) == [
        ["Adviespunt Scheiden, Kind en Ouderschap", "Villa Pinedo", "1", "100%"],
        ["Huisarts", "Adviespunt Scheiden, Kind en Ouderschap", "1", "0%"],
    ]
    assert "50%" in page.locator("main").inner_text()
    diagram = page.get_by_test_id("flow-diagram")
    assert diagram.is_visible()
    assert "Huisarts → Adviespunt Scheiden, Kind en Ouderschap: 1" in diagram.inner_html()
    assert quiet.name in page.locator("ul.columns-2").inner_text()

    # The other screens of this app, each checked with axe.
    for path in ("sociale-kaart/", f"sociale-kaart/{villa.pk}/", "opgaven/", "opgaven/nieuw/"):
        page.goto(f"{live_server.url}/netwerk/{path}")
        assert_no_axe_violations(page)
