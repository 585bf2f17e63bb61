"""Small-count protection: regression examples and property tests with independent oracles.

The main oracle enumerates, by brute force, every integer table consistent with a publication
(shown numbers, labels and totals) and collects the values each cell can take. It shares no
code with the module's integer programme.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.disclosure import feasible_ranges, protect_count, protect_rows, protect_table

THRESHOLD = 5
# Cap on a hidden inner value when the grand total is hidden as "x" (values are 0..12 here).
SMALL_BOUND = 30


def _allowed(label, value, threshold, *, total):
    """Whether a value fits what is published about a cell (the label semantics)."""
    if not isinstance(label, str):
        return value == label
    if label == f"< {threshold}":
        return 0 < value < threshold
    assert label == "x", label
    if total or threshold <= 2:
        return value >= 0  # an "x" total, or any "x" at threshold 2, may be any count
    return value == 0 or value >= threshold


def _possible(matrix, published, threshold, *, row_totals, col_totals, stop_at=None):
    """{augmented cell: set of values it takes in tables consistent with `published`}.

    Depth-first over the hidden inner cells. With `stop_at` (a set of cells), stops as soon as
    each of those has two values, counting the true table as one consistent table.
    """
    n_rows, n_cols = len(matrix), len(matrix[0])
    # The total of the whole table, if published: it caps every cell.
    if row_totals and col_totals:
        grand = (n_rows, n_cols)
    elif col_totals and n_cols == 1:
        grand = (n_rows, 0)
    elif row_totals and n_rows == 1:
        grand = (0, n_cols)
    else:
        grand = None
    label = published[grand] if grand else "x"
    if not isinstance(label, str):
        cap = label
    elif label == f"< {threshold}":
        cap = threshold - 1
    else:
        cap = SMALL_BOUND
    inner = [(i, j) for i in range(n_rows) for j in range(n_cols)]
    hidden = [c for c in inner if isinstance(published[c], str)]
    values = {c: published[c] for c in inner if c not in hidden}

    def table_totals(vals):
        cells = dict(vals)
        if row_totals:
            for i in range(n_rows):
                cells[(i, n_cols)] = sum(vals[(i, j)] for j in range(n_cols))
        if col_totals:
            for j in range(n_cols):
                cells[(n_rows, j)] = sum(vals[(i, j)] for i in range(n_rows))
        if row_totals and col_totals:
            cells[(n_rows, n_cols)] = sum(vals.values())
        return cells

    truth = table_totals({c: matrix[c[0]][c[1]] for c in inner})
    seen = {cell: {value} for cell, value in truth.items()}

    def line_ok(vals, cell):
        """Check the row and column of `cell` once all their inner cells are known."""
        i, j = cell
        if row_totals and all((i, k) in vals for k in range(n_cols)):
            s = sum(vals[(i, k)] for k in range(n_cols))
            if not _allowed(published[(i, n_cols)], s, threshold, total=True):
                return False
        if col_totals and all((k, j) in vals for k in range(n_rows)):
            s = sum(vals[(k, j)] for k in range(n_rows))
            if not _allowed(published[(n_rows, j)], s, threshold, total=True):
                return False
        return True

    def done():
        return stop_at is not None and all(len(seen[c]) > 1 for c in stop_at)

    def search(k, vals):
        if done():
            return
        if k == len(hidden):
            cells = table_totals(vals)
            if all(
                _allowed(published[c], v, threshold, total=c not in vals) for c, v in cells.items()
            ):
                for c, v in cells.items():
                    seen[c].add(v)
            return
        cell = hidden[k]
        for value in range(cap + 1):
            if not _allowed(published[cell], value, threshold, total=False):
                continue
            vals[cell] = value
            if line_ok(vals, cell):
                search(k + 1, vals)
            del vals[cell]
            if done():
                return

    for cell in inner:
        if cell not in hidden:
            assert line_ok(values, cell)
    search(0, dict(values))
    return seen


def _truth(matrix, *, row_totals=True, col_totals=True):
    """The true values of the inner cells and the published totals."""
    n_rows, n_cols = len(matrix), len(matrix[0])
    sums = [sum(col) for col in zip(*matrix, strict=True)]
    true = {}
    for i, row in enumerate([*matrix, sums]):
        for j, value in enumerate([*row, sum(row)]):
            if (i == n_rows and not col_totals) or (j == n_cols and not row_totals):
                continue
            true[(i, j)] = value
    if not (row_totals and col_totals):
        true.pop((n_rows, n_cols), None)
    return true


def _check(matrix, threshold, *, row_totals=True, col_totals=True):
    """Publish a table and check it with the brute-force oracle."""
    published = protect_table(matrix, threshold, row_totals=row_totals, col_totals=col_totals)
    true = _truth(matrix, row_totals=row_totals, col_totals=col_totals)
    assert true.keys() == published.keys()
    n_rows, n_cols = len(matrix), len(matrix[0])
    # No count 1..T-1 is shown, and every label is true of the real table.
    for cell, label in published.items():
        assert not (isinstance(label, int) and 0 < label < threshold), (cell, label)
        is_total = cell[0] >= n_rows or cell[1] >= n_cols
        assert _allowed(label, true[cell], threshold, total=is_total), (cell, label, true[cell])
    primary = {c for c, v in true.items() if 0 < v < threshold}
    assert all(isinstance(published[c], str) for c in primary)
    seen = _possible(
        matrix,
        published,
        threshold,
        row_totals=row_totals,
        col_totals=col_totals,
        stop_at=primary,
    )
    worked_out = {c: seen[c] for c in primary if len(seen[c]) < 2}
    assert not worked_out, (published, worked_out)
    return published


def _one_way(counts, threshold=THRESHOLD, *, total_known=False):
    rows, total = protect_rows([{"count": c} for c in counts], threshold, total_known=total_known)
    return [row["published"] for row in rows] + [total]


# -- The leaks found by the audit. Each old publication (linear check only) let a small count be
#    worked out; the audit sees that, and the new publication of the same table does not.

OLD_LEAKS = {
    "one and a hidden five, total 6": (
        [[1], [5]],
        {(0, 0): "< 5", (1, 0): "x", (2, 0): 6},
    ),
    "two ones beside a five": (
        [[1], [1], [5]],
        {(0, 0): "< 5", (1, 0): "< 5", (2, 0): 5, (3, 0): 7},
    ),
    "two fours beside a nine": (
        [[4], [4], [9]],
        {(0, 0): "< 5", (1, 0): "< 5", (2, 0): 9, (3, 0): 17},
    ),
    "ones on the diagonal of fives": (
        [[1, 5], [5, 1]],
        {(0, 0): "< 5", (0, 1): "x", (0, 2): 6, (1, 0): "x", (1, 1): "< 5", (1, 2): 6}
        | {(2, 0): 6, (2, 1): 6, (2, 2): 12},
    ),
    "a one and a five with zeros": (
        [[1, 0], [0, 5]],
        {(0, 0): "< 5", (0, 1): "x", (0, 2): "< 5", (1, 0): "x", (1, 1): "x", (1, 2): "x"}
        | {(2, 0): "< 5", (2, 1): "x", (2, 2): 6},
    ),
}


def _margins(matrix):
    one_way = len(matrix[0]) == 1 and len(matrix) > 1
    return {"row_totals": not one_way, "col_totals": True}


@pytest.mark.parametrize("case", OLD_LEAKS)
def test_old_leak_is_seen_by_the_audit_and_closed(case):
    matrix, old = OLD_LEAKS[case]
    margins = _margins(matrix)
    n_rows, n_cols = len(matrix), len(matrix[0])
    ranges = feasible_ranges(old, THRESHOLD, n_rows=n_rows, n_cols=n_cols, **margins)
    truth = _truth(matrix, **margins)
    exposed = [c for c, (low, high) in ranges.items() if 0 < truth[c] < THRESHOLD and low == high]
    assert exposed and all(ranges[c] == (truth[c], truth[c]) for c in exposed)
    published = _check(matrix, THRESHOLD, **margins)
    assert published != old
    new_ranges = feasible_ranges(published, THRESHOLD, n_rows=n_rows, n_cols=n_cols, **margins)
    assert all(low < high for c, (low, high) in new_ranges.items() if 0 < truth[c] < THRESHOLD)


def test_one_way_leaks_in_short():
    assert _one_way([1, 5]) == ["< 5", 5, "x"]  # the total goes; the 5 can stay
    assert _one_way([1, 1, 5]) == ["< 5", "< 5", "x", 7]
    assert _one_way([4, 4, 9]) == ["< 5", "< 5", "x", 17]


def test_labels_alone_would_give_cells_away():
    # Four ones under a total of 4: four "< 5" under a "< 5" total would say "all 1".
    assert _one_way([1, 1, 1, 1]) == ["< 5", "< 5", "< 5", "< 5", "x"]
    assert _one_way([1, 1, 1, 1, 0, 0]) == ["< 5", "< 5", "< 5", "< 5", 0, 0, "x"]
    _check([[1], [1], [1], [1]], THRESHOLD, row_totals=False, col_totals=True)
    _check([[1, 1], [1, 1]], THRESHOLD)
    # A small total that gives nothing away keeps its "< 5".
    assert _one_way([3]) == ["< 5", "< 5"]
    assert _one_way([0, 1, 0]) == [0, "< 5", 0, "< 5"]


def test_threshold_two_never_reads_less_than_two():
    assert _one_way([1, 5], threshold=2) == ["x", "x", 6]
    assert "< 2" not in protect_table([[1, 0], [3, 2]], 2).values()
    _check([[1, 0], [3, 2]], 2)


# -- Property tests.

counts = st.one_of(st.integers(0, 6), st.integers(0, 12))
thresholds = st.integers(2, 6)


@settings(max_examples=400, deadline=None)
@given(st.lists(counts, min_size=1, max_size=4), thresholds)
def test_one_way_no_small_count_can_be_worked_out(values, threshold):
    published = _check([[v] for v in values], threshold, row_totals=False, col_totals=True)
    assert [published[(i, 0)] for i in range(len(values) + 1)] == _one_way(values, threshold)


small_tables = st.integers(1, 2).flatmap(
    lambda rows: st.integers(1, 3).flatmap(
        lambda cols: st.lists(
            st.lists(counts, min_size=cols, max_size=cols), min_size=rows, max_size=rows
        )
    )
)


@settings(max_examples=400, deadline=None)
@given(small_tables, thresholds)
def test_two_way_no_small_count_can_be_worked_out(matrix, threshold):
    _check(matrix, threshold)


def _bridges(edges):
    """Edges of a multigraph that lie on no cycle (Tarjan), written apart from the module."""
    graph = {}
    for k, (a, b) in enumerate(edges):
        graph.setdefault(a, []).append((b, k))
        graph.setdefault(b, []).append((a, k))
    order, low, bridges, counter = {}, {}, set(), [0]

    def visit(node, parent_edge):
        order[node] = low[node] = counter[0]
        counter[0] += 1
        for nxt, k in graph[node]:
            if k == parent_edge:
                continue
            if nxt in order:
                low[node] = min(low[node], order[nxt])
            else:
                visit(nxt, k)
                low[node] = min(low[node], low[nxt])
                if low[nxt] > order[node]:
                    bridges.add(k)

    for node in graph:
        if node not in order:
            visit(node, None)
    return bridges


tables = st.integers(1, 4).flatmap(
    lambda rows: st.integers(1, 4).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 9, 12, 30]), min_size=cols, max_size=cols
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=100, deadline=None)
@given(tables)
def test_larger_tables_no_small_count_is_shown_or_linearly_recoverable(matrix):
    published = protect_table(matrix, THRESHOLD)
    shown = [v for v in published.values() if isinstance(v, int)]
    assert not any(0 < v < THRESHOLD for v in shown)
    hidden = [cell for cell, v in published.items() if isinstance(v, str)]
    truth = _truth(matrix)
    # In a table with all its margins published, each hidden cell joins an augmented row and
    # an augmented column: it is exactly recoverable iff it is a bridge of that graph. A
    # secondary cell may be (its value is 0 or >= T); a primary cell may not.
    edges = [(("row", i), ("col", j)) for i, j in hidden]
    primary = {k for k, cell in enumerate(hidden) if 0 < truth[cell] < THRESHOLD}
    assert not _bridges(edges) & primary


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([0, 1, 2, 3, 4, 5, 7, 20]), min_size=1, max_size=8))
def test_one_way_table_with_total(values):
    published = _one_way(values)
    assert not any(isinstance(v, int) and 0 < v < THRESHOLD for v in published)
    hidden = [v for v in published if not isinstance(v, int)]
    # One relation (the total): one hidden value alone would follow from it.
    assert len(hidden) != 1


def test_examples():
    assert protect_count(3) == "< 5" and protect_count(0) == 0 and protect_count(5) == 5
    published = protect_table([[3, 10], [8, 12]])
    assert published[(0, 0)] == "< 5"
    assert [published[c] for c in [(0, 1), (1, 0), (1, 1)]].count("x") >= 1
    assert protect_table([[10, 10], [8, 12]])[(2, 2)] == 40
    assert protect_rows([], 5) == ([], 0)


# -- A total that is published elsewhere (the number of visits) cannot be hidden in the table.


def _possible_under_known_total(published, total, threshold):
    """Brute force, independent of the solver: the values each hidden row can take when the
    total is known. "< T" is 1..T-1, "x" is 0 or T.., "–" (withheld) is anything."""
    import itertools

    domains = {
        i: {
            f"< {threshold}": range(1, threshold),
            "x": [0, *range(threshold, total + 1)],
            "–": range(0, total + 1),
        }[label]
        for i, label in enumerate(published)
        if isinstance(label, str)
    }
    rest = total - sum(v for v in published if not isinstance(v, str))
    seen = {i: set() for i in domains}
    for combo in itertools.product(*domains.values()):
        if sum(combo) == rest:
            for i, value in zip(domains, combo, strict=True):
                seen[i].add(value)
    return seen


def test_known_total_is_never_hidden_and_a_table_that_needs_it_is_withheld():
    assert _one_way([1, 5], total_known=True) == ["–", "–", 6]
    assert _one_way([1, 1, 5], total_known=True) == ["< 5", "< 5", "x", 7]
    assert _one_way([1] * 8 + [0] * 4, total_known=True) == ["–"] * 12 + [8]
    assert _one_way([6, 2], total_known=True) == ["x", "< 5", 8]
    # A small total is not published exactly anywhere: the table is protected on its own.
    assert _one_way([1, 1], total_known=True)[-1] == "< 5"


@settings(max_examples=300, deadline=None)
@given(
    counts=st.lists(st.integers(0, 9), min_size=1, max_size=4),
    threshold=st.integers(3, 6),
)
def test_property_known_total_no_small_count_can_be_worked_out(counts, threshold):
    total = sum(counts)
    if 0 < total < threshold:
        return  # not published exactly, covered by the tests of protect_table
    published = _one_way(counts, threshold, total_known=True)
    assert published[-1] == total
    cells = published[:-1]
    assert not [v for v in cells if isinstance(v, int) and 0 < v < threshold]
    seen = _possible_under_known_total(cells, total, threshold)
    small = [i for i, c in enumerate(counts) if 0 < c < threshold]
    assert all(counts[i] in seen[i] and len(seen[i]) > 1 for i in small), (counts, published)
