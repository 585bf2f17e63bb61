"""Letters in a series (issue 20): an interim letter never blocks the annual one. The seeds'
desks publish a letter, then a later one whose period differs by a few quiet weeks; the later
letter adapts (a total as a band, cells hidden) instead of being refused, the earlier letter
stays byte-identical, and the exact audit finds no small count that the series pins down."""

import datetime
import itertools

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from public.opendata import series_open_data_problems
from referrals.constants import Question
from relatieloket.roles import Role
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
from reports.letter import alternatives, letter_snapshot, series_audit
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


LEFT_OUT = "De cijfers van dit onderdeel laten wij weg, zodat niemand herkenbaar is."


def _visits_per_month(desk, counts):
    """counts[month][group] visits in the months of MONTHS, per question group of GROUPS."""
    for m, row in enumerate(counts):
        for g, n in enumerate(row):
            for i in range(n):
                question = Question.STRENGTHEN if g == 0 else Question.SEPARATING
                _visit(desk, MONTHS[m][0] + datetime.timedelta(days=i), question=question)


def _left_out(report):
    """Whether the letter says a block's figures are left out (and then has no table)."""
    return LEFT_OUT in _text(report)


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
        _visits_per_month(hia_desk, counts)
        threshold = 5
        facts = []
        for first, last in periods:
            report = _publish(hia, "Brief", MONTHS[first][0], MONTHS[last][1], [SPLIT])
            if _left_out(report):
                # Nothing safe is left (a small period of its own that the earlier letters
                # already bound): the block is left out; the reader sees nothing of it.
                assert series_audit(report=report) == []
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


# -- a block with nothing safe left ------------------------------------------------------------

# Three and three visits in January and February, one in March: the first quarter is
# published, then January–February (its total as a band, its rows hidden). A letter over March
# alone would say that one visit came for the relationship, whatever it hides.
QUIET_MARCH = [[3, 3], [3, 3], [1, 0]]
WALK_IN = {"heading": "information", "kind": BlockKind.WALK_IN}


def test_a_block_with_nothing_safe_left_is_left_out_and_the_preview_says_so(
    hia_desk, role_client, django_assert_max_num_queries
):
    hia = hia_desk.municipality
    _visits_per_month(hia_desk, QUIET_MARCH)
    quarter = _publish(hia, "Eerste kwartaal 2024", D(2024, 1, 1), D(2024, 3, 31), [SPLIT])
    interim = _publish(hia, "Tussenstand februari", D(2024, 1, 1), D(2024, 2, 29), [SPLIT])
    frozen = [(r.html, r.snapshot, bytes(r.pdf)) for r in (quarter, interim)]
    march = services.report_create(
        municipality=hia,
        title="Maart 2024",
        period_start=D(2024, 3, 1),
        period_end=D(2024, 3, 31),
        blocks=[SPLIT, WALK_IN],
    )
    client = role_client(Role.POLICY, municipalities=[hia])
    # The preview says beforehand which block is left out, because of which earlier letters,
    # and offers the period over which the letter can be published whole.
    # The letter is composed again without the block from the same counts (14 queries, as a
    # letter published whole); each of the two alternatives is composed once; 5 for the page.
    with django_assert_max_num_queries(5 + 14 * 3):
        response = client.get(reverse("reports:council_preview", args=[march.pk]))
    page = response.content.decode()
    assert "kan zo niet worden gepubliceerd" not in page
    assert "zonder deze cijferblokken" in page
    left_out = page.split('data-testid="left-out"')[1].split("</div>")[0]
    assert "Blok 1: Hulpvragen in groepen" in left_out
    assert "Blok 2" not in left_out
    assert "Eerste kwartaal 2024 (1 januari 2024 tot en met 31 maart 2024)" in left_out
    assert "Tussenstand februari (1 januari 2024 tot en met 29 februari 2024)" in left_out
    assert "Een veilig alternatief" in page
    edit = reverse("reports:council_edit", args=[march.pk])
    assert f"{edit}?period_start=2024-01-01&amp;period_end=2024-03-31" in page
    assert reverse("reports:council_publish", args=[march.pk]) in page
    # Published without the block: one sentence in its place, no number of it.
    response = client.post(reverse("reports:council_publish", args=[march.pk]))
    assert response.status_code == 302
    march.refresh_from_db()
    assert march.is_published
    text = _text(march)
    assert LEFT_OUT in text and "Bezoeken naar hulpvraag" not in text
    assert "Relatieversterking" not in text
    block = next(
        b for s in march.snapshot["sections"] for b in s["blocks"] if b["kind"] == SPLIT["kind"]
    )
    assert (block["table"], block["chart"]) == (None, None)
    assert not [c for c in march.snapshot["cells"] if "question" in repr(c[0])]
    # The walk-in block stays; the series gives no small count away; the earlier letters are
    # byte-identical.
    assert any(
        b["kind"] == WALK_IN["kind"] for s in march.snapshot["sections"] for b in s["blocks"]
    )
    assert march.snapshot["protection"][1]["notes"] != march.snapshot["protection"][0]["notes"]
    assert series_audit(report=march) == []
    assert series_open_data_problems(hia) == []
    for report, before in zip((quarter, interim), frozen, strict=True):
        report.refresh_from_db()
        assert (report.html, report.snapshot, bytes(report.pdf)) == before


def test_the_letter_over_the_safe_alternative_keeps_every_block(hia_desk):
    """The period the preview offers: the same letter over it leaves nothing out."""
    hia = hia_desk.municipality
    _visits_per_month(hia_desk, QUIET_MARCH)
    _publish(hia, "Eerste kwartaal 2024", D(2024, 1, 1), D(2024, 3, 31), [SPLIT])
    _publish(hia, "Tussenstand februari", D(2024, 1, 1), D(2024, 2, 29), [SPLIT])
    march = services.report_create(
        municipality=hia,
        title="Maart 2024",
        period_start=D(2024, 3, 1),
        period_end=D(2024, 3, 31),
        blocks=[SPLIT],
    )
    composition = letter_snapshot(report=march)
    assert list(composition.left_out) == [0] and not composition.problems
    offered = alternatives(report=march, composition=composition)
    assert [(o["start"], o["end"], o["checked"]) for o in offered][:1] == [
        (D(2024, 1, 1), D(2024, 3, 31), True)
    ]
    march = services.report_update(report=march, period_start=D(2024, 1, 1))
    whole = services.report_publish(report=march, user=None)
    assert not _left_out(whole)
    assert dict(_table(whole, "Bezoeken naar hulpvraag"))["Totaal"] == "13"
    assert series_audit(report=whole) == []
