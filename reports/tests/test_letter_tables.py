"""Count tables of a council letter print exactly what small-count protection publishes, and no
small count can be worked out from a table together with the figures the letter states too."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.services import count_table
from reports.tests.test_disclosure import _possible_under_known_total


def _cells(table):
    """The published cells of the rows (without the total), numbers as int."""
    return [int(c) if c.isdigit() else c for _label, c in table["rows"][:-1]]


def _table(counts, threshold=5, known=()):
    rows = [{"label": f"rij {i}", "count": c, "known": i in known} for i, c in enumerate(counts)]
    return count_table(rows, threshold=threshold, caption="Proef", columns=["Rij", "Aantal"])


def test_a_table_that_needs_its_known_total_hidden_is_withheld():
    table = _table([1, 5])
    assert _cells(table) == ["–", "–"] and table["rows"][-1] == ["Totaal", "6"]
    assert "–: niet gepubliceerd" in table["legend"]
    assert _cells(_table([1] * 8)) == ["–"] * 8


def test_threshold_two_never_prints_less_than_two():
    table = _table([1, 5], threshold=2)
    assert "< 2" not in _cells(table)
    seen = _possible_under_known_total(["–" if c == "x" else c for c in _cells(table)], 6, 2)
    assert len(seen[0]) > 1


def test_a_count_the_letter_states_elsewhere_is_not_hidden_as_a_secondary_cell():
    # Outcomes: 30 helped, 6 started a traject (the trajects block says "6 trajecten"), 1
    # referred on. Hiding the 6 would let 37 - 30 - 6 give the 1 away.
    table = _table([30, 6, 1], known={1})
    assert _cells(table) == ["x", 6, "< 5"]
    seen = _possible_under_known_total(_cells(table), 37, 5)
    assert len(seen[2]) > 1


@settings(max_examples=300, deadline=None)
@given(
    counts=st.lists(st.integers(0, 9), min_size=1, max_size=4),
    known=st.sets(st.integers(0, 3), max_size=2),
    threshold=st.integers(3, 6),
)
def test_property_no_small_count_in_a_letter_table_can_be_worked_out(counts, known, threshold):
    total = sum(counts)
    if 0 < total < threshold:
        return  # a small total is itself protected; covered by test_disclosure
    known = {i for i in known if i < len(counts)}
    table = _table(counts, threshold, known)
    cells = _cells(table)
    assert table["rows"][-1][1] == str(total)
    assert not [c for c in cells if isinstance(c, int) and 0 < c < threshold]
    for i in known:
        if counts[i] >= threshold and "–" not in cells:
            assert cells[i] == counts[i]  # stated elsewhere: not hidden as a secondary cell
    # The reader knows the rows stated elsewhere whatever this table shows. A small count that
    # follows from those and the total alone is given away by the letter's sentences, not by
    # the table (see the note in count_table); the table must not add to it.
    # Stated elsewhere exactly only when not small (a small one reads "minder dan" there too).
    known = {i for i in known if counts[i] >= threshold}
    reader = [counts[i] if i in known else c for i, c in enumerate(cells)]
    seen = _possible_under_known_total(reader, total, threshold)
    anything = [counts[i] if i in known else "–" for i in range(len(counts))]
    inherent = _possible_under_known_total(anything, total, threshold)
    small = [i for i, c in enumerate(counts) if 0 < c < threshold and i not in known]
    exposed = [i for i in small if len(seen[i]) < 2 and len(inherent[i]) > 1]
    assert not exposed, (counts, cells)
