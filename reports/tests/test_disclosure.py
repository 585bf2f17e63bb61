"""Small-count protection: property tests with an independent recoverability check."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.disclosure import protect_count, protect_rows, protect_table

THRESHOLD = 5


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


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_small_count_is_shown_and_no_hidden_cell_is_recoverable(matrix):
    published = protect_table(matrix, THRESHOLD)
    shown = [v for v in published.values() if isinstance(v, int)]
    assert not any(0 < v < THRESHOLD for v in shown)
    hidden = [cell for cell, v in published.items() if not isinstance(v, int)]
    # In a table with all its margins published, each hidden cell joins an augmented row and
    # an augmented column: it is exactly recoverable iff it is a bridge of that graph.
    edges = [(("row", i), ("col", j)) for i, j in hidden]
    assert _bridges(edges) == set()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([0, 1, 2, 3, 4, 5, 7, 20]), min_size=1, max_size=8))
def test_one_way_table_with_total(counts):
    rows, total = protect_rows([{"count": c} for c in counts], THRESHOLD)
    published = [r["published"] for r in rows] + [total]
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
