"""Letters in a series (issue 20): an interim letter never blocks the annual one. The seeds'
desks publish a letter, then a later one whose period differs by a few quiet weeks; the later
letter adapts (a total as a band, cells hidden) instead of being refused, the earlier letter
stays byte-identical, and the exact audit finds no small count that the series pins down."""

import datetime

import pytest

from referrals.constants import Question
from reports import services
from reports.constants import BlockKind, QuestionGrouping
from reports.letter import series_audit
from reports.tests import test_letter_seeds as seeds
from reports.tests.test_letter_seeds import (
    HIA_KINDS,
    _blocks,
    _hia_situation,
    _sko_situation,
    _table,
    _text,
    _visit,
)

hia_desk, sko_desk = seeds.hia_desk, seeds.sko_desk  # the seeds' desks, as fixtures

pytestmark = pytest.mark.django_db

D = datetime.date

SKO_KINDS = (
    BlockKind.WALK_IN,
    BlockKind.WHO_CAME,
    BlockKind.WOMEN_SHARE,
    BlockKind.QUESTION_SPLIT,
    BlockKind.TRACKS,
    BlockKind.TRAJECTS,
    BlockKind.SESSION_LENGTH,
    BlockKind.PARTNER_RETURNS,
)


def _publish(municipality, title, start, end, blocks):
    report = services.report_create(
        municipality=municipality,
        title=title,
        period_start=start,
        period_end=end,
        blocks=blocks,
    )
    return services.report_publish(report=report, user=None)


def _visits_total(report):
    """How the letter states its number of visits: under its table of questions."""
    rows = dict(_table(report, "Bezoeken naar hulpvraag"))
    return rows["Totaal"]


def test_dordrecht_publishes_jan_nov_then_the_annual_letter(sko_desk):
    """The seeds' 40 visits of 2023 and three quiet December visits: Jan–Nov is published in
    December; the annual letter then publishes too, with its visits as a band."""
    _sko_situation(sko_desk)
    for day in (D(2023, 12, 1), D(2023, 12, 8), D(2023, 12, 15)):
        _visit(sko_desk, day, children=1, question=Question.SEPARATING)
    blocks = _blocks(*SKO_KINDS, question_split={"grouping": QuestionGrouping.SEPARATED_OR_DOUBTS})
    dordrecht = sko_desk.municipality
    interim = _publish(dordrecht, "Tussenstand 2023", D(2023, 1, 1), D(2023, 11, 30), blocks)
    assert _visits_total(interim) == "40"
    html, snapshot = interim.html, interim.snapshot

    annual = _publish(dordrecht, "Jaarbrief 2023", D(2023, 1, 1), D(2023, 12, 31), blocks)
    assert annual.is_published
    # 43 visits as a band that holds 40 and 43: December reads 0..5.
    assert _visits_total(annual) == "40 à 45"
    text = _text(annual)
    assert "Tussenstand 2023" in " ".join(
        note for block in annual.snapshot["protection"] for note in block["notes"]
    )
    # The question and who-came figures still say something where safe.
    questions = dict(_table(annual, "Bezoeken naar hulpvraag"))
    assert any(value.isdigit() for label, value in questions.items() if label != "Totaal")
    assert "bezoek" in text
    assert series_audit(report=annual) == []
    interim.refresh_from_db()
    assert (interim.html, interim.snapshot) == (html, snapshot)


def test_hia_publishes_its_first_letter_then_jan_nov_2024(hia_desk):
    """Hendrik-Ido-Ambacht's first letter over Oct 2023 – Apr 2025 with a table per half
    year; then Jan–Nov 2024, whose difference with the half years of 2024 is December."""
    _hia_situation(hia_desk)
    blocks = _blocks(
        *HIA_KINDS, question_split={"grouping": QuestionGrouping.RELATIONSHIP_OR_DIVORCE}
    )
    hia = hia_desk.municipality
    first = _publish(hia, "Aanvullende informatie", D(2023, 10, 1), D(2025, 4, 30), blocks)
    html, snapshot = first.html, first.snapshot
    later = _publish(hia, "Tussenstand 2024", D(2024, 1, 1), D(2024, 11, 30), blocks)
    assert later.is_published
    total = _visits_total(later)
    assert total.isdigit() or " à " in total, total
    assert series_audit(report=later) == []
    first.refresh_from_db()
    assert (first.html, first.snapshot) == (html, snapshot)
