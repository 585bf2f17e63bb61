"""In Chromium: a counsellor records goal and scores of both partners by keyboard; a resident
answers the follow-up on a phone with the card's code (axe-clean, no cookie, no script)."""

import datetime

import pytest
from playwright.sync_api import expect

from evaluation.models import Measurement, TrajectEvaluation
from intake.models import Traject
from intake.tests.factories import DeskFactory, TrajectFactory
from relatieloket.roles import Role
from relatieloket.testing import assert_no_axe_violations, browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = datetime.date.today()


def test_counsellor_records_goal_and_both_partners_scores(
    page, live_server, make_user, dordrecht, csi4
):
    desk = DeskFactory(name="Relatieloket Test", municipality=dordrecht)
    traject = TrajectFactory(desk=desk, started_on=TODAY - datetime.timedelta(days=30))
    make_user(Role.COUNSELLOR, username="hanna", desks=[desk])
    browser_login(page, live_server, "hanna")
    page.goto(f"{live_server.url}/loket/trajecten/{traject.pk}/")
    section = page.get_by_test_id("evaluation")
    expect(section).to_contain_text("Doel van het stel: niet genoemd")
    section.get_by_role("link", name="Doel en beginscores invullen").click()
    assert_no_axe_violations(page)
    page.get_by_label("uitzoeken of we samen verder gaan").check()
    # Eight numbers, typed with Tab between them: partner 1 then partner 2 per question.
    page.get_by_label("partner 1, vraag 1").focus()
    for value in "23324343":
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    page.get_by_role("button", name="Evaluatie opslaan").click()
    expect(page.get_by_text("Evaluatie opgeslagen.")).to_be_visible()
    expect(section).to_contain_text("uitzoeken of we samen verder gaan")
    expect(section.locator("tbody tr")).to_have_count(1)
    expect(section.locator("tbody tr")).to_contain_text("eerste gesprek")
    assert_no_axe_violations(page)
    evaluation = TrajectEvaluation.objects.get(traject=traject)
    assert sorted(evaluation.measurements.values_list("respondent", "total")) == [
        ("partner_1", 2 + 3 + 4 + 4),
        ("partner_2", 3 + 2 + 3 + 3),
    ]

    section.get_by_role("link", name="Eindscores invullen").click()
    expect(page.get_by_label("laatste gesprek")).to_be_checked()
    page.get_by_label("partner 1, vraag 1").fill("9")  # outside the scale 0–6
    page.get_by_label("partner 2, vraag 1").fill("5")
    page.get_by_role("button", name="Evaluatie opslaan").click()
    expect(page.locator(".error-summary")).to_contain_text("hoogstens 6")
    assert Measurement.objects.filter(moment="end").count() == 0

    page.goto(f"{live_server.url}/loket/evaluatie/trajecten/{traject.pk}/kaart/")
    expect(page.get_by_test_id("card-code")).to_have_text(traject.code)
    expect(page.get_by_test_id("card-url")).to_have_text(f"{live_server.url}/vervolg/")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_resident_answers_the_follow_up_on_a_phone(page, live_server, dordrecht, csi4, width):
    desk = DeskFactory(name="Relatieloket Test", municipality=dordrecht)
    traject = TrajectFactory(desk=desk, started_on=TODAY - datetime.timedelta(days=150))
    Traject.objects.filter(pk=traject.pk).update(
        status="afgesloten",
        closing_outcome="afgerond",
        closed_on=TODAY - datetime.timedelta(days=100),
    )
    page.set_viewport_size({"width": width, "height": 844})
    made = []
    page.on("request", lambda request: made.append(request.url))
    page.goto(f"{live_server.url}/vervolg/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoe gaat het nu met u?")
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("script").count() == 0

    # A wrong code first: one neutral message, the answers stay filled in.
    page.get_by_label("De code op uw kaart").fill("ABCD-EFGH")
    for question in range(1, 5):
        page.locator(f"input[name=item_{question}][value='4']").check()
    page.get_by_role("group", name="Bent u nog samen?").get_by_label("ja").check()
    page.get_by_role("group", name="Ging dat zoals u wilde?").get_by_label(
        "niet van toepassing"
    ).check()
    page.get_by_role("group", name="Zou u de hulp").get_by_label("ja").check()
    page.get_by_role("button", name="Antwoorden versturen").click()
    expect(page.get_by_test_id("follow-up-refused")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("De code op uw kaart").fill(traject.code)
    page.get_by_role("button", name="Antwoorden versturen").click()
    expect(page.get_by_test_id("follow-up-thanks")).to_be_visible()
    assert Measurement.objects.get(moment="follow_up_3m").total == 16

    page.goto(f"{live_server.url}/vervolg/")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How are you doing now?")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_no_axe_violations(page)
    assert page.context.cookies() == []
    assert all(url.startswith(live_server.url) for url in made)
