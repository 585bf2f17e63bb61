"""End to end: policy staff set Dordrecht's publication plan (per quarter) with the form and
its confirmation; the preview of a Jan–Nov letter says it falls outside the plan and fills in
the form with an aligned period; axe-core finds nothing on these pages, on a desktop and on a
phone."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from intake.models import Desk
from intake.tests.factories import VisitFactory
from referrals.constants import Question
from relatieloket.roles import Role
from relatieloket.testing import assert_no_axe_violations, browser_login
from reports import services
from reports.models import CouncilReport, PublicationPlan
from reports.tests.test_council_browser import _remove_published_reports  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date
# Screenshots of the pages, for a person to look at (make test leaves none unless asked).
SHOTS = os.environ.get("SCREENSHOTS_DIR")


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_policy_sets_a_plan_and_follows_the_preview_to_an_aligned_period(
    page, live_server, make_user, dordrecht, width
):
    page.set_viewport_size({"width": width, "height": 900})
    desk = Desk.objects.create(name="Adviespunt SKO Dordrecht", municipality=dordrecht)
    for month in range(1, 12):
        for day in (2, 9, 16, 23, 27, 28):
            question = Question.SEPARATING if day % 2 else Question.DOUBTS
            VisitFactory(desk=desk, date=D(2023, month, day), question=question)
    make_user(Role.POLICY, username="bram", municipalities=[dordrecht])

    browser_login(page, live_server, "bram")
    # On a phone the menu is folded: the page is opened by its address there.
    page.goto(live_server.url + reverse("reports:council_list"))
    expect(page.get_by_test_id("plans")).to_contain_text("Dordrecht: geen plan")
    page.get_by_role("link", name="Plan maken Dordrecht").click()
    expect(page.get_by_role("heading", name="Publicatieplan van Dordrecht")).to_be_visible()
    assert_no_axe_violations(page)
    # A period of its own without its months: a Dutch error at the field.
    page.get_by_label("per eigen periode").check()
    page.get_by_role("button", name="Volgende: perioden controleren").click()
    months_error = "Geef het aantal maanden van een periode (1 tot en met 24)."
    expect(page.get_by_text(months_error, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=f"Maanden per periode: {months_error}")).to_be_visible()
    _shot(page, f"plan-error-{width}")
    assert_no_axe_violations(page)
    page.get_by_label("per kwartaal").check()
    page.get_by_role("button", name="Volgende: perioden controleren").click()
    confirm = page.get_by_test_id("confirm")
    expect(confirm).to_contain_text("Dordrecht publiceert per kwartaal")
    expect(confirm.get_by_role("listitem")).to_have_count(4)
    _shot(page, f"plan-confirm-{width}")
    assert_no_axe_violations(page)
    assert not PublicationPlan.objects.exists()
    page.get_by_role("button", name="Bevestigen en opslaan").click()
    expect(page.get_by_text("Het publicatieplan van Dordrecht is opgeslagen.")).to_be_visible()
    expect(page.get_by_test_id("plans")).to_contain_text("Dordrecht: per kwartaal")

    blocks = [{"heading": "information", "kind": kind} for kind in ("question_split", "monthly")]
    for first, last in ((D(2023, 1, 1), D(2023, 3, 31)), (D(2023, 4, 1), D(2023, 6, 30))):
        draft = services.report_create(
            municipality=dordrecht,
            title=f"Kwartaal tot {last:%m}",
            period_start=first,
            period_end=last,
            blocks=blocks,
        )
        services.report_publish(report=draft, user=None)
    interim = services.report_create(
        municipality=dordrecht,
        title="Tussenstand 2023",
        period_start=D(2023, 1, 1),
        period_end=D(2023, 11, 30),
        blocks=blocks,
    )
    preview = live_server.url + reverse("reports:council_preview", args=[interim.pk])
    page.goto(preview)
    expect(page.get_by_test_id("plan-status")).to_contain_text(
        "Deze brief valt buiten het publicatieplan (per kwartaal)"
    )
    alternatives = page.get_by_test_id("alternatives")
    expect(alternatives).to_contain_text("1 januari 2023 tot en met 30 september 2023")
    expect(alternatives).to_contain_text("1 januari 2023 tot en met 31 december 2023")
    _shot(page, f"preview-outside-plan-{width}")
    assert_no_axe_violations(page)
    alternatives.get_by_role("link", name="Deze periode invullen").first.click()
    expect(page.get_by_test_id("proposed")).to_be_visible()
    expect(page.get_by_label("Einde periode")).to_have_value("2023-09-30")
    _shot(page, f"edit-proposed-{width}")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Concept opslaan").click()
    saved = "Het concept van de raadsinformatiebrief is opgeslagen."
    expect(page.get_by_text(saved)).to_be_visible()
    interim.refresh_from_db()
    assert interim.period_end == D(2023, 9, 30)
    page.goto(preview)
    in_plan = "Deze brief past in het publicatieplan (per kwartaal)"
    expect(page.get_by_test_id("plan-status")).to_contain_text(in_plan)
    expect(page.get_by_text("Bezoeken per kwartaal").first).to_be_attached()
    _shot(page, f"preview-in-plan-{width}")
    assert CouncilReport.objects.filter(status="published").count() == 2


@pytest.mark.parametrize("width", [1280, 390])
def test_a_block_with_nothing_safe_left_is_named_in_the_preview_and_left_out(
    page, live_server, make_user, dordrecht, width
):
    """Three and three visits in January and February, one in March; the first quarter and
    January–February are out. The preview of a letter over March names the block that is
    left out and the earlier letters behind it, offers the first quarter, and publishes the
    letter with one sentence in the block's place."""
    page.set_viewport_size({"width": width, "height": 900})
    desk = Desk.objects.create(name="Adviespunt SKO Dordrecht", municipality=dordrecht)
    for month, counts in ((1, (3, 3)), (2, (3, 3)), (3, (1, 0))):
        for question, n in zip((Question.STRENGTHEN, Question.SEPARATING), counts, strict=True):
            for day in range(1, n + 1):
                VisitFactory(desk=desk, date=D(2024, month, day), question=question)
    split = {
        "heading": "information",
        "kind": "question_split",
        "grouping": "relationship_or_divorce",
    }
    for title, last in (("Eerste kwartaal 2024", D(2024, 3, 31)), ("Tot maart", D(2024, 2, 29))):
        draft = services.report_create(
            municipality=dordrecht,
            title=title,
            period_start=D(2024, 1, 1),
            period_end=last,
            blocks=[split],
        )
        services.report_publish(report=draft, user=None)
    march = services.report_create(
        municipality=dordrecht,
        title="Maart 2024",
        period_start=D(2024, 3, 1),
        period_end=D(2024, 3, 31),
        blocks=[split],
    )
    make_user(Role.POLICY, username="bram", municipalities=[dordrecht])
    browser_login(page, live_server, "bram")
    page.goto(live_server.url + reverse("reports:council_preview", args=[march.pk]))
    left_out = page.get_by_test_id("left-out")
    expect(left_out).to_contain_text("zonder deze cijferblokken")
    expect(left_out).to_contain_text("Blok 1: Hulpvragen in groepen")
    expect(left_out).to_contain_text("Eerste kwartaal 2024 (1 januari 2024 tot en met 31 maart")
    alternatives = page.get_by_test_id("alternatives")
    expect(alternatives).to_contain_text("Een veilig alternatief")
    expect(alternatives).to_contain_text("1 januari 2024 tot en met 31 maart 2024")
    sentence = "De cijfers van dit onderdeel laten wij weg, zodat niemand herkenbaar is."
    expect(page.get_by_text(sentence)).to_be_visible()
    _shot(page, f"preview-left-out-{width}")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Publiceren").click()
    page.get_by_role("button", name="Ja, publiceren").click()
    expect(page.get_by_text(sentence)).to_be_visible()
    _shot(page, f"published-left-out-{width}")
    march.refresh_from_db()
    assert march.is_published
