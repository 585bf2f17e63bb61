"""Letters in a series (issue 20): an interim letter never blocks the annual one. The seeds'
desks publish a letter, then a later one whose period differs by a few quiet weeks; the later
letter adapts (a total as a band, cells hidden) instead of being refused, the earlier letter
stays byte-identical, and the exact audit finds no small count that the series pins down."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from referrals.constants import Question
from reports import services
from reports.constants import BlockKind, QuestionGrouping
from reports.disclosure import (
    HIDDEN,
    Band,
    LinkedPublication,
    band_around,
    linked_ranges,
    parse_band,
    protect_publication,
)
from reports.formatting import format_cell
from reports.letter import series_audit
from reports.letter.snapshot import published_figures, value_status
from reports.tests import test_letter_seeds as seeds
from reports.tests.test_disclosure_linked import Fact, possible, readings
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


def notes_of(report):
    """The preview's notes of every block, as frozen with the letter."""
    return [note for block in report.snapshot["protection"] for note in block["notes"]]


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
    # A cell hidden to protect December names the letter it is hidden because of.
    december = "1 december 2023 tot en met 31 december 2023 te beschermen"
    hidden = [note for note in notes_of(annual) if ": x – " in note and december in note]
    assert hidden, notes_of(annual)
    assert all(
        "te beschermen (vanwege Tussenstand 2023 (1 januari 2023 tot en met 30 november 2023))"
        in note
        for note in hidden
    ), hidden
    # The question and who-came figures still say something where safe.
    questions = dict(_table(annual, "Bezoeken naar hulpvraag"))
    assert any(value.isdigit() for label, value in questions.items() if label != "Totaal")
    assert "bezoek" in text
    assert series_audit(report=annual) == []
    # Open data carries the band and its status wherever the letter prints it.
    banded = [r for r in published_figures(annual.snapshot) if r["zoals_gedrukt"] == "40 à 45"]
    assert banded, published_figures(annual.snapshot)
    assert all(
        (r["waarde"], r["status"], r["band"]) == (None, "I", {"low": 40, "high": 45})
        for r in banded
    )
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
    # Jan–Nov 2024 states its visits as a band, says why, and keeps its safe figures.
    assert _visits_total(later) == "20 à 25"
    notes = [note for block in later.snapshot["protection"] for note in block["notes"]]
    assert any("20 à 25" in note and "Aanvullende informatie" in note for note in notes), notes
    assert ["Kortdurend traject (spoor B)", "8"] in _table(later, "Bezoeken naar spoor")
    assert "hebben 30 inwoners het Relatieloket Hendrik-Ido-Ambacht bezocht" in _text(later)
    assert series_audit(report=later) == []
    first.refresh_from_db()
    assert (first.html, first.snapshot) == (html, snapshot)


# -- property: random series of nested and overlapping periods on a small desk ---------------

MONTHS = [(D(2024, m, 1), D(2024, m + 1, 1) - datetime.timedelta(days=1)) for m in (1, 2, 3)]
GROUPS = ("Relatieversterking of -herstel", "Echtscheiding")
SPLIT = {"heading": "information", "kind": BlockKind.QUESTION_SPLIT}
SPLIT["grouping"] = QuestionGrouping.RELATIONSHIP_OR_DIVORCE


def _fact(atoms, label, threshold, *, total=False):
    """What a reader reads about one sum of atoms; a band bounds it on both sides. An "x" on
    a total may hide a small count."""
    band = parse_band(label)
    if band is not None:
        fact = Fact(atoms, HIDDEN, threshold=threshold, any_x=True)
        fact.low, fact.high = band.low, band.high
        return fact
    label = int(label) if label.isdigit() else label
    return Fact(atoms, label, threshold=threshold, any_x=total)


@st.composite
def series(draw):
    counts = [[draw(st.sampled_from([0, 1, 1, 2, 3])) for _g in GROUPS] for _m in MONTHS]
    counts[0][0] = max(counts[0][0], 1)  # the desk's first work opens the first month
    periods = draw(
        st.lists(
            st.tuples(st.integers(0, 2), st.integers(0, 2)).map(sorted).map(tuple),
            min_size=2,
            max_size=3,
            unique=True,
        )
    )
    return counts, periods


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(series())
@example(spec=([[1, 0], [2, 1], [3, 1]], [(0, 1), (0, 2), (2, 2)]))  # an "x" total may be small
def test_property_a_series_of_letters_gives_no_small_count_away(hia_desk, spec):
    """Random nested and overlapping letters over three months of a small desk, each published
    in turn; the brute-force reader then enumerates every month × question data set that fits
    all the published tables: no count 1–4 of any month range (a cell, a period or a difference
    of periods) and question group has a single value, and the truth is among the readings."""
    counts, periods = spec
    hia = hia_desk.municipality
    with transaction.atomic():  # each example on its own data
        for m, row in enumerate(counts):
            for g, n in enumerate(row):
                for i in range(n):
                    question = Question.STRENGTHEN if g == 0 else Question.SEPARATING
                    _visit(hia_desk, MONTHS[m][0] + datetime.timedelta(days=i), question=question)
        threshold = 5
        facts = []
        for first, last in periods:
            try:
                with transaction.atomic():
                    report = _publish(hia, "Brief", MONTHS[first][0], MONTHS[last][1], [SPLIT])
            except ValidationError as refused:
                # Nothing safe is left (a small period of its own that the earlier letters
                # already bound): refused, naming the block; the reader sees nothing of it.
                assert "Cijferblok 1" in " ".join(refused.messages)
                continue
            atoms = {g: [m * 2 + g for m in range(first, last + 1)] for g in range(2)}
            rows = dict(_table(report, "Bezoeken naar hulpvraag"))
            for g, label in enumerate(GROUPS):
                if label in rows:
                    facts.append(_fact(atoms[g], rows[label], threshold))
                else:  # a row left out is a zero
                    facts.append(_fact(atoms[g], "0", threshold))
            facts.append(_fact(atoms[0] + atoms[1], rows["Totaal"], threshold, total=True))
            assert series_audit(report=report) == []
        truth = tuple(n for row in counts for n in row)
        found = readings(len(truth), facts, cap=max(truth) + threshold + 1)
        assert truth in found
        for first, last in itertools.combinations_with_replacement(range(3), 2):
            for groups in ((0,), (1,), (0, 1)):
                atoms = [m * 2 + g for m in range(first, last + 1) for g in groups]
                value = sum(truth[a] for a in atoms)
                if 0 < value < threshold:
                    assert len(possible(found, atoms)) > 1, (first, last, groups, periods, counts)
        transaction.set_rollback(True)


def test_the_engine_reads_a_band_as_its_bounds():
    """Jan–Jun stated 16 visits; Jan–Dec has 19. As a number the year gives Jul–Dec = 3 away;
    as the band 15 à 20 it does not, and an earlier band is read back from its text."""
    assert band_around(19, 5) == "15 à 20" and band_around(45, 5) == Band(45, 50)
    assert parse_band("15 à 20") == Band(15, 20) and parse_band("20 à 15") is None

    def year(band):
        pub = LinkedPublication(threshold=5)
        pub.prior("h1", "16", total=True)
        pub.count("year", 19, fixed=True, band=band)
        pub.difference("h2", 3, "year", "h1")
        return pub, protect_publication(pub)

    assert year(None)[1].exposed == {"h2"}
    pub, result = year(Band(15, 20))
    assert result.exposed == set() and result.published["year"] == "15 à 20"
    assert linked_ranges(pub, result)["h2"] == (0, 4)
    # A later letter reads the band back: Jan–Jun's 16 stated again leaves Jul–Dec open.
    later = LinkedPublication(threshold=5)
    later.prior("year", "15 à 20", total=True)
    later.count("h1-again", 16, fixed=True)
    later.difference("h2", 3, "year", "h1-again")
    assert protect_publication(later).exposed == set()
    with pytest.raises(ValueError, match="not in the band"):
        LinkedPublication().count("k", 21, band=Band(15, 20))


def test_a_band_of_thousands_is_printed_and_read_in_dutch_notation():
    """A band over 1,000 reads as every count the letter prints ("1.200 à 1.250"); the engine
    and open data read it back, and a band printed without separators still reads."""
    band = band_around(1234, 50)
    assert band == "1.200 à 1.250" and format_cell(band) == "1.200 à 1.250"
    assert parse_band("1.200 à 1.250") == band == parse_band("1200 à 1250")
    assert parse_band("1.20 à 1.250") is None and parse_band("12.00 à 1.250") is None
    assert value_status("1.200 à 1.250", 5) == (None, "I", {"low": 1200, "high": 1250})
    later = LinkedPublication(threshold=5)
    later.prior("year", "1.200 à 1.250", total=True)
    later.count("h1", 1232, fixed=True)
    later.difference("h2", 2, "year", "h1")
    result = protect_publication(later)
    assert result.exposed == set()
    # The year is 1,200 to 1,250, so Jul–Dec is 0 to 18 (not below 0).
    assert linked_ranges(later, result)["h2"] == (0, 18)
