"""One table with its margins: primary and secondary suppression (`protect_table`,
`protect_rows`)."""

from .labels import DEFAULT_THRESHOLD, HIDDEN, WITHHELD, is_small, small_label
from .solver import Audit, augmented, relations, upper_bound


def _label(cells, cell, hidden, relabelled, threshold):
    if cell not in hidden:
        return cells[cell]
    if is_small(cells[cell], threshold) and cell not in relabelled:
        return small_label(threshold)
    return HIDDEN


def _exposed(cells, hidden, relabelled, threshold, *, n_rows, n_cols, rels, grand_total):
    """The primary cells whose value a reader can work out (minimum == maximum)."""
    published = {c: _label(cells, c, hidden, relabelled, threshold) for c in cells}
    upper = upper_bound(published, threshold, grand_total, n_rows=n_rows, n_cols=n_cols)
    audit = Audit(published, threshold, n_rows=n_rows, n_cols=n_cols, rels=rels, upper=upper)
    primary = sorted(c for c in hidden if is_small(cells[c], threshold))
    # Each solution is a table the reader cannot rule out: a primary cell seen with two values
    # is safe. Otherwise its minimum and maximum decide.
    seen = {c: {cells[c]} for c in primary}
    exposed = set()
    for cell in primary:
        for sense in (1, -1):
            if len(seen[cell]) > 1:
                break
            _value, witness = audit.extreme(cell, sense)
            for other in primary:
                seen[other].add(witness[other])
        if len(seen[cell]) == 1:
            exposed.add(cell)
    return exposed


def _suppress(matrix, threshold, *, row_totals, col_totals, fixed=frozenset()):
    """(hidden cells, small totals published as "x", whether a primary cell stays exposed) of
    a table of counts; `fixed` cells are published elsewhere and may not be hidden."""
    n_rows, n_cols = len(matrix), len(matrix[0]) if matrix else 0
    cells = augmented(matrix, row_totals=row_totals, col_totals=col_totals)
    rels = relations(n_rows, n_cols, row_totals=row_totals, col_totals=col_totals)
    grand_total = sum(map(sum, matrix))
    hidden = {cell for cell, value in cells.items() if is_small(value, threshold)}
    relabelled, secondary, steps = set(), [], []

    def exposed():
        return _exposed(
            cells,
            hidden,
            relabelled,
            threshold,
            n_rows=n_rows,
            n_cols=n_cols,
            rels=rels,
            grand_total=grand_total,
        )

    def is_inner(cell):
        return cell[0] < n_rows and cell[1] < n_cols

    while found := exposed():
        target = min(found)
        lines = [[cell for cell, _s in rel] for rel in rels if any(c == target for c, _s in rel)]
        on_lines = [cell for line in lines for cell in line if cell not in hidden | fixed]
        candidates = [cell for cell in on_lines if cells[cell] > 0] or on_lines
        candidates = candidates or [cell for cell in cells if cell not in hidden | fixed]
        if candidates:
            # Prefer inner cells, then the smallest value: hide as little as possible.
            inner = [c for c in candidates if is_inner(c)]
            pick = min(inner or candidates, key=lambda c: (cells[c], c))
            hidden.add(pick)
            secondary.append(pick)
            continue
        # Everything is hidden and the labels still give a cell away: small totals read "x".
        small_totals = [
            c
            for c in cells
            if not is_inner(c) and is_small(cells[c], threshold) and c not in relabelled
        ]
        if not small_totals:
            # Nothing left to hide: only possible with `fixed` cells (see protect_rows).
            return hidden, relabelled, True
        near = [c for c in small_totals if any(c in line for line in lines)]
        pick = min(near or small_totals)
        relabelled.add(pick)
        steps.append(pick)
    # Undo what turns out not to be needed, last step first: "< T" labels of totals, then
    # secondary cells.
    for cell in reversed(steps):
        relabelled.discard(cell)
        if exposed():
            relabelled.add(cell)
    for cell in reversed(secondary):
        hidden.discard(cell)
        if exposed():
            hidden.add(cell)
    return hidden, relabelled, False


def suppress(matrix, threshold=DEFAULT_THRESHOLD, *, row_totals=True, col_totals=True):
    """Return the set of hidden cells (augmented coordinates) of a table of counts."""
    return _suppress(matrix, threshold, row_totals=row_totals, col_totals=col_totals)[0]


def protect_table(matrix, threshold=DEFAULT_THRESHOLD, *, row_totals=True, col_totals=True):
    """The published version of a table: {(i, j): value or "< 5" or "x"}, margins included.

    Primary-suppressed cells read "< threshold"; secondary ones read "x" ("niet gepubliceerd").
    See docs/disclosure.md for the two exceptions (threshold 2, and small totals that would
    give cells away on their own).
    """
    cells = augmented(matrix, row_totals=row_totals, col_totals=col_totals)
    hidden, relabelled, _leak = _suppress(
        matrix, threshold, row_totals=row_totals, col_totals=col_totals
    )
    return {cell: _label(cells, cell, hidden, relabelled, threshold) for cell in cells}


def protect_rows(
    rows, threshold=DEFAULT_THRESHOLD, key="count", *, total_known=True, fixed_rows=()
):
    """A one-way table (list of dicts with a count) with its total: adds 'published' to each
    row and returns (rows, published_total).

    `total_known`: the total is published elsewhere as well (the number of visits stands in the
    key figures, the letter's first sentence and every other table of the same visits), so it
    may not be hidden here: hiding it would protect nothing. When the cells can then only be
    protected by hiding it (eight months with one visit each under a total of 8), the table is
    withheld: every row reads WITHHELD and only the total is shown.

    `fixed_rows`: indices of rows whose count is published elsewhere too (the visits that
    started a traject, in a letter that states the number of trajects), so they are not hidden
    as secondary cells either.
    """
    matrix = [[row[key]] for row in rows]
    if not matrix:
        return rows, 0
    n = len(matrix)
    total = sum(row[0] for row in matrix)
    if total_known and not is_small(total, threshold):
        cells = augmented(matrix, row_totals=False, col_totals=True)
        fixed = {(i, 0) for i in fixed_rows if not is_small(matrix[i][0], threshold)}
        hidden, relabelled, leak = _suppress(
            matrix, threshold, row_totals=False, col_totals=True, fixed=frozenset({(n, 0), *fixed})
        )
        for i, row in enumerate(rows):
            row["published"] = (
                WITHHELD if leak else _label(cells, (i, 0), hidden, relabelled, threshold)
            )
        return rows, total
    published = protect_table(matrix, threshold, row_totals=False, col_totals=True)
    for i, row in enumerate(rows):
        row["published"] = published[(i, 0)]
    return rows, published[(n, 0)]
