"""A letter is read whole and beside the municipality's earlier letters: no small count may be
worked out by combining its tables, or by subtracting an earlier letter's figures (issue 9).

Each test publishes through the services and then reads the published letters as a reader
would: every integer data set consistent with all that was published is enumerated, and a
small count must keep at least two possible values."""

import datetime
import itertools
import re

import pytest
from django.urls import reverse

from intake import services as intake_services
from intake.constants import Outcome
from intake.tests.factories import DeskFactory, VisitFactory
from referrals.constants import Question
from referrals.models import Municipality, Organisation
from relatieloket.roles import Role
from reports import services
from reports.constants import BlockKind, QuestionGrouping
from reports.letter import printed

pytestmark = pytest.mark.django_db

D = datetime.date
CAP = 45


def _domain(label, cap=CAP):
    """The values a published cell may stand for."""
    if label.isdigit():
        return [int(label)]
    if label == "< 5":
        return [1, 2, 3, 4]
    if label == "x":
        return [0, *range(5, cap + 1)]
    raise AssertionError(f"unexpected cell {label!r}")


def _rows(report, caption):
    for section in printed.letter(report.snapshot)["sections"]:
        for block in section["blocks"]:
            if block["table"] and block["table"]["caption"] == caption:
                return dict(block["table"]["rows"])
    raise AssertionError(f"no table {caption!r}")


@pytest.fixture
def hia():
    return Municipality.objects.get(cbs_code="GM0531")


@pytest.fixture
def desk(hia):
    return DeskFactory(
        name="Relatieloket Hendrik-Ido-Ambacht",
        municipality=hia,
        organisation=Organisation.objects.get(name="Relatieloket Hendrik-Ido-Ambacht"),
    )


def _letter(municipality, start, end, *blocks):
    report = services.report_create(
        municipality=municipality,
        title=f"Brief {start:%Y-%m} – {end:%Y-%m}",
        period_start=start,
        period_end=end,
        blocks=[{"heading": "information", "kind": kind, **extra} for kind, extra in blocks],
    )
    return services.report_publish(report=report, user=None)


def test_outcomes_and_referrals_are_protected_together(hia, desk):
    """The issue's example: outcomes "Op weg geholpen 30, Doorverwezen x, Geen vervolg < 5,
    Totaal 40" beside "Doorverwezen naar … Totaal 8" gives Geen vervolg = 40 − 30 − 8 = 2.
    Each referred visit has its one referral, so a reader equates the two."""
    wijkteam = Organisation.objects.get(name="Dordrecht Sociaal – Sociaal Wijkteam")
    poh = Organisation.objects.get(name="Praktijkondersteuner huisarts Jeugd (POH Jeugd)")
    outcomes = [Outcome.HELPED] * 30 + [Outcome.REFERRED_ON] * 8 + [Outcome.NO_FOLLOW_UP] * 2
    referred = 0
    for i, outcome in enumerate(outcomes):
        visit = VisitFactory(desk=desk, date=D(2024, 1, 1 + i % 28), outcome=outcome)
        if outcome == Outcome.REFERRED_ON:
            to = wijkteam if referred < 5 else poh
            intake_services.referral_add(owner=visit, to_organisation=to, warm_handover=False)
            referred += 1
    report = _letter(
        hia, D(2024, 1, 1), D(2024, 3, 31), (BlockKind.OUTCOMES, {}), (BlockKind.REFERRED_TO, {})
    )
    out = _rows(report, "Bezoeken naar uitkomst")
    assert out["Geen vervolg"] == "< 5"
    assert out["Totaal"] == "40"
    referred_to = next(
        b
        for s in printed.letter(report.snapshot)["sections"]
        for b in s["blocks"]
        if b["kind"] == "referred_to"
    )
    if referred_to["table"]:
        to = dict(referred_to["table"]["rows"])
        assert to[poh.name] == "< 5"
        splits = [
            (w, p)
            for w, p in itertools.product(_domain(to[wijkteam.name]), _domain(to[poh.name]))
            if w + p in _domain(to["Totaal"])
        ]
    else:
        # Every organisation's count was small: the letter states the total only.
        total = re.search(r"verwees het loket (\d+) keer door", referred_to["paragraphs"][0])
        assert total, referred_to["paragraphs"]
        splits = [(w, int(total[1]) - w) for w in range(int(total[1]) + 1)]
    # The reader: H + T + D + G = 40 and D = the referrals (one referral per referred visit).
    found = set()
    cells = ("Op weg geholpen", "Traject gestart", "Doorverwezen", "Geen vervolg")
    for h, t, d, g in itertools.product(*(_domain(out[k]) for k in cells)):
        if h + t + d + g != 40:
            continue
        for w, p in splits:
            if w + p == d:
                found.add((g, p))
    assert (2, 3) in found  # the truth is among the readings
    assert len({g for g, _p in found}) > 1, (out, referred_to, report.snapshot["protection"])
    assert len({p for _g, p in found}) > 1, "the POH count can be worked out"
    # The preview explains why the other cells are hidden.
    notes = [n for block in report.snapshot["protection"] for n in block["notes"]]
    assert any("Geen vervolg" in note and "te beschermen" in note for note in notes), notes


def _questions(desk, month, relationship, divorce):
    for i in range(relationship + divorce):
        question = Question.STRENGTHEN if i < relationship else Question.SEPARATING
        VisitFactory(desk=desk, date=D(2024, month, 1 + i % 28), question=question)


SPLIT = (BlockKind.QUESTION_SPLIT, {"grouping": QuestionGrouping.RELATIONSHIP_OR_DIVORCE})


def test_a_longer_period_does_not_give_the_difference_with_an_earlier_letter_away(hia, desk):
    """Jan–Jun published (10 / 6), now Jan–Dec (12 / 9): on its own nothing in Jan–Dec is
    small, but Jul–Dec is 2 / 3. The year letter is protected with the half-year letter."""
    _questions(desk, 3, 10, 6)
    half = _letter(hia, D(2024, 1, 1), D(2024, 6, 30), SPLIT)
    first = _rows(half, "Bezoeken naar hulpvraag")
    assert first == {"Relatieversterking of -herstel": "10", "Echtscheiding": "6", "Totaal": "16"}
    _questions(desk, 9, 2, 3)
    year = _letter(hia, D(2024, 1, 1), D(2024, 12, 31), SPLIT)
    rows = _rows(year, "Bezoeken naar hulpvraag")
    assert rows["Totaal"] == "21"
    readings = {
        (r - 10, v - 6)
        for r, v in itertools.product(
            _domain(rows["Relatieversterking of -herstel"]), _domain(rows["Echtscheiding"])
        )
        if r + v == 21 and r >= 10 and v >= 6
    }
    assert (2, 3) in readings, rows
    assert len({r for r, _v in readings}) > 1 and len({v for _r, v in readings}) > 1, (
        rows,
        year.snapshot["protection"],
    )
    # Percentages would pin the counts ("57%" of 21 is 12): left out, and the preview says so.
    paragraphs = " ".join(
        p
        for s in printed.letter(year.snapshot)["sections"]
        for b in s["blocks"]
        for p in b["paragraphs"]
    )
    assert "%" not in paragraphs
    assert year.snapshot["linked_letters"][0]["title"] == half.title
    notes = year.snapshot["protection"][0]["notes"]
    assert any("Percentages en gemiddelden weggelaten" in note for note in notes), notes


def test_a_later_part_of_an_earlier_period_does_not_give_the_rest_away(hia, desk):
    """Jan–Dec published (14 / 14), now Jul–Dec (12 / 6): the new letter would say that Jan–Jun
    had 2 visits for the relationship. Earlier data is protected as well."""
    _questions(desk, 3, 2, 8)
    _questions(desk, 9, 12, 6)
    year = _letter(hia, D(2024, 1, 1), D(2024, 12, 31), SPLIT)
    assert _rows(year, "Bezoeken naar hulpvraag")["Totaal"] == "28"
    second = _letter(hia, D(2024, 7, 1), D(2024, 12, 31), SPLIT)
    rows = _rows(second, "Bezoeken naar hulpvraag")
    first = _rows(year, "Bezoeken naar hulpvraag")
    readings = {
        (y - h, yd - hd)
        for y, yd, h, hd in itertools.product(
            _domain(first["Relatieversterking of -herstel"]),
            _domain(first["Echtscheiding"]),
            _domain(rows["Relatieversterking of -herstel"]),
            _domain(rows["Echtscheiding"]),
        )
        if y + yd == 28 and h + hd == 18 and y >= h and yd >= hd
    }
    assert (2, 8) in readings
    assert len({r for r, _v in readings}) > 1, rows


def test_a_total_an_earlier_letter_would_give_away_is_stated_as_a_band(hia, desk, role_client):
    """Both letters would state their number of visits: 16 for Jan–Jun, 19 for Jan–Dec, so
    Jul–Dec had 3 visits whatever else is hidden. The year letter is not refused: it states its
    visits as a band (15 à 20), says why in the preview, and the half-year letter is unchanged."""
    _questions(desk, 3, 10, 6)
    half = _letter(hia, D(2024, 1, 1), D(2024, 6, 30), SPLIT)
    html, snapshot = half.html, half.snapshot
    _questions(desk, 9, 3, 0)
    report = services.report_create(
        municipality=hia,
        title="Jaarbrief",
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
        blocks=[{"heading": "information", "kind": SPLIT[0], **SPLIT[1]}],
    )
    # Policy staff see in the preview what was coarsened and because of which letter.
    client = role_client(Role.POLICY, municipalities=[hia])
    page = client.get(reverse("reports:council_preview", args=[report.pk])).content.decode()
    assert "Deze brief kan zo niet worden gepubliceerd" not in page
    assert "15 à 20 in plaats van het precieze aantal" in page
    assert reverse("reports:council_publish", args=[report.pk]) in page
    year = services.report_publish(report=report, user=None)
    assert year.is_published
    rows = _rows(year, "Bezoeken naar hulpvraag")
    assert rows["Totaal"] == "15 à 20", rows
    notes = year.snapshot["protection"][0]["notes"]
    assert any(half.title in note and "15 à 20" in note for note in notes), notes
    # The reader: Jan–Dec is 15..20 and at least Jan–Jun's 16, so Jul–Dec is 0..4.
    first = _rows(half, "Bezoeken naar hulpvraag")
    assert first["Totaal"] == "16"
    readings = {
        (r - 10, v - 6)
        for r, v in itertools.product(
            _domain(rows["Relatieversterking of -herstel"]), _domain(rows["Echtscheiding"])
        )
        if 15 <= r + v <= 20 and r >= 10 and v >= 6
    }
    assert (3, 0) in readings
    assert len({r + v for r, v in readings}) > 1, rows
    half.refresh_from_db()
    assert (half.html, half.snapshot) == (html, snapshot)
    # Another period, not nested in the earlier one, can be published.
    other = services.report_create(
        municipality=hia,
        title="Tweede halfjaar",
        period_start=D(2024, 7, 1),
        period_end=D(2024, 12, 31),
        blocks=[{"heading": "information", "kind": BlockKind.VISITS_SUMMARY}],
    )
    assert services.report_publish(report=other, user=None).is_published
