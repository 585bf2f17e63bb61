"""Small-count protection for published tables: primary and secondary suppression.

Primary suppression hides every count from 1 up to (not including) the threshold T (default 5,
per municipality): it reads "< T". Zeros and counts of T or more are shown. Secondary
suppression then hides more cells ("x", "niet gepubliceerd") until no primary cell can be worked
out from what is published.

What a reader knows. Not only the shown numbers and the row/column/grand totals (linear
relations), but also what the labels imply: counts are non-negative integers, "< T" means 1..T-1,
and an inner "x" means 0 or at least T (a zero would be shown, 1..T-1 would read "< T"). Those
bounds leak: with [1, 5] and a total of 6, "< 5" + x = 6 and x >= 5 give the 1 away, although
no linear combination of published figures does.

Methods we looked at.
- acro (SACRO, "Semi-Automated Checking of Research Outputs") wraps pandas crosstab and
  pivot_table and statsmodels regressions for researchers in trusted research environments. It
  checks each cell against a minimum-frequency threshold (default 10) and dominance rules (N-K,
  p-ratio), flags missing or negative values and too few residual degrees of freedom, and can
  mask the cells that fail; with margins it recomputes the totals over the cells that are left.
  That is primary suppression only: nothing checks what the remaining cells and totals, or the
  bounds that labels imply, let a reader work out, and there is no interval protection.
- GaussSuppression (R, SSBtools family, Statistics Norway) chooses secondary cells by Gaussian
  elimination over the linear relations between inner cells and published totals, with extra
  handling of "singletons" (a cell of one unit whose contributor could subtract itself) and,
  in recent versions, optional interval protection that checks with linear programming that
  the feasible interval of each primary cell is wide enough.

What we do. Our tables are small (one-way tables of up to ~15 rows, two-way tables of a few
rows and columns), so we audit them exactly: for a hidden cell we compute the minimum and the
maximum it can take over all integer tables consistent with everything published, with a tiny
mixed-integer programme (scipy.optimize.milp, HiGHS). `feasible_ranges` does so for every
hidden cell; the suppression loop for the primary cells, stopping early once a cell has been
seen with two values. The model: shown numbers are fixed; a "< T" cell is 1..T-1; an inner "x"
cell is 0 or T..U (a binary variable picks which); a hidden total is its own variable; all
published relations (row, column and grand totals) are equalities. A primary cell is exposed
when its minimum equals its maximum. While one is, we hide one more published cell on one of
its lines (inner cells first, the smallest non-zero value first; otherwise any published cell
on its lines, otherwise any published cell); this ends, as every step hides a cell or relabels
a total. Afterwards we undo, last first, every step that turns out not to be needed.

Decisions.
- Only primary cells must stay uncertain. A secondary ("x") cell may be recoverable: its value
  is 0 or at least T, a number we would publish anyway; what matters is that it does not lead to
  a primary cell, and the audit of the primary cells already takes every route into account.
  A primary cell counts as protected when at least two values remain possible (no minimum width
  of the interval is required, unlike GaussSuppression's optional rangeMin/rangePercent).
- Labels can leak on their own, whatever is hidden: with T = 5, four cells of 1 under a total
  of 4 publish as four "< 5" under a "< 5" total, and four numbers of at least 1 that sum to at
  most 4 are all 1 (likewise eight months with one visit each under a shown total of 8: that
  total must go). When a primary cell is still exposed with every cell hidden, we publish
  small totals as "x" instead of "< T", one at a time, until it no longer is. A hidden total may
  therefore be small, so the audit gives an "x" total no bound beyond >= 0.
- With T = 2, "< 2" would say "1". Small counts then read "x", like secondary cells, and the
  audit gives every "x" no bound beyond >= 0. A single count on its own (`protect_count`) cannot
  be protected by any label: it still reads "< T".
- Bounds. When the grand total is shown, no cell exceeds it, so it bounds every variable exactly.
  Otherwise we use U = max(2 * (sum of shown numbers) + 2 * T * (number of hidden cells), true
  grand total): the relations form a network (totally unimodular) matrix, so for each choice of
  the binaries a vertex of the feasible region with a primary cell fixed is integral and no
  larger than that, and the ranges found within [0, U] are the ranges over all integer tables.
  U also keeps the big-M constraints tight.
- Readers who know this algorithm (which cell is hidden next) are out of scope, as in the
  methods above.
"""

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

DEFAULT_THRESHOLD = 5
HIDDEN = "x"
# A one-way table whose total is published elsewhere and whose labels alone would give its
# cells away is withheld: every row reads this, meaning "not published" (any value).
WITHHELD = "–"


def is_small(n, threshold=DEFAULT_THRESHOLD):
    return n is not None and 0 < n < threshold


def protect_count(n, threshold=DEFAULT_THRESHOLD):
    """A single published count: "< 5" for 1–4, the number otherwise."""
    return f"< {threshold}" if is_small(n, threshold) else n


def small_label(threshold):
    """How a primary-suppressed cell reads: "< T", or "x" when T = 2 ("< 2" would say 1)."""
    return f"< {threshold}" if threshold > 2 else HIDDEN


def relations(n_rows, n_cols, *, row_totals=True, col_totals=True):
    """The published linear relations of a table with its margins, as lists of (cell, sign).

    Cells are (i, j) over the augmented table: inner cells i < n_rows, j < n_cols; row totals
    at column n_cols, column totals at row n_rows, the grand total at (n_rows, n_cols).
    """
    result = []
    if row_totals:
        for i in range(n_rows + (1 if col_totals else 0)):
            result.append([((i, j), 1) for j in range(n_cols)] + [((i, n_cols), -1)])
    if col_totals:
        for j in range(n_cols + (1 if row_totals else 0)):
            result.append([((i, j), 1) for i in range(n_rows)] + [((n_rows, j), -1)])
    return result


def augmented(matrix, *, row_totals=True, col_totals=True):
    """The table with its published totals: {(i, j): value}."""
    n_rows, n_cols = len(matrix), len(matrix[0]) if matrix else 0
    cells = {(i, j): matrix[i][j] for i in range(n_rows) for j in range(n_cols)}
    if row_totals:
        for i in range(n_rows):
            cells[(i, n_cols)] = sum(matrix[i])
    if col_totals:
        for j in range(n_cols):
            cells[(n_rows, j)] = sum(row[j] for row in matrix)
    if row_totals and col_totals:
        cells[(n_rows, n_cols)] = sum(map(sum, matrix))
    return cells


def _grand_total_cell(n_rows, n_cols, cells):
    """The published cell that sums every inner cell, if the table has one."""
    for cell in [(n_rows, n_cols), (n_rows, 0) if n_cols == 1 else None, (0, n_cols)]:
        if cell in cells and (cell != (0, n_cols) or n_rows == 1):
            return cell
    return None


def upper_bound(published, threshold, grand_total=0, *, n_rows, n_cols):
    """A bound U on every cell such that the feasible ranges within [0, U] are exact.

    `published` maps augmented cells to numbers or labels. A shown grand total bounds every
    cell. Otherwise see the module docstring; `grand_total` (the true one, when the publisher
    audits its own table) only widens the box, so that the true table lies in it.
    """
    grand = _grand_total_cell(n_rows, n_cols, published)
    if grand is not None and not isinstance(published[grand], str):
        return published[grand]
    shown = sum(v for v in published.values() if not isinstance(v, str))
    hidden = sum(1 for v in published.values() if isinstance(v, str))
    return max(2 * shown + 2 * max(threshold, 1) * hidden, grand_total, threshold)


class _Audit:
    """The integer programme of what a reader knows about a published table."""

    def __init__(self, published, threshold, *, n_rows, n_cols, rels, upper):
        small = f"< {threshold}"
        self.hidden = sorted(cell for cell, v in published.items() if isinstance(v, str))
        index = {cell: k for k, cell in enumerate(self.hidden)}
        n = len(self.hidden)
        lower, high, binaries = [], [], []
        for cell in self.hidden:
            label = published[cell]
            inner = cell[0] < n_rows and cell[1] < n_cols
            if label == small and threshold > 2:
                lower.append(1)
                high.append(threshold - 1)
            elif inner and threshold > 2:
                # 0, or T..U: a binary b with T*b <= value <= U*b.
                lower.append(0)
                high.append(upper)
                binaries.append(cell)
            else:
                lower.append(0)
                high.append(upper)
        size = n + len(binaries)
        rows, lo, hi = [], [], []
        for rel in rels:
            row = np.zeros(size)
            rhs = 0
            for cell, sign in rel:
                if cell in index:
                    row[index[cell]] += sign
                else:
                    rhs -= sign * published[cell]
            if row.any():
                rows.append(row)
                lo.append(rhs)
                hi.append(rhs)
        for k, cell in enumerate(binaries):
            at_least, at_most = np.zeros(size), np.zeros(size)
            at_least[index[cell]], at_least[n + k] = 1, -threshold
            at_most[index[cell]], at_most[n + k] = 1, -upper
            rows += [at_least, at_most]
            lo += [0, -np.inf]
            hi += [np.inf, 0]
        self.index, self.size = index, size
        self.bounds = Bounds([*lower, *[0] * len(binaries)], [*high, *[1] * len(binaries)])
        self.constraints = [LinearConstraint(np.array(rows), lo, hi)] if rows else []

    def extreme(self, cell, sense):
        """(value, witness table) minimising (sense=1) or maximising (sense=-1) a hidden cell."""
        objective = np.zeros(self.size)
        objective[self.index[cell]] = sense
        result = milp(
            objective,
            integrality=np.ones(self.size),
            bounds=self.bounds,
            constraints=self.constraints,
            options={"mip_rel_gap": 0},
        )
        if result.x is None:
            raise RuntimeError(f"No table fits the published figures: {result.message}")
        values = np.rint(result.x[: len(self.hidden)]).astype(int)
        witness = dict(zip(self.hidden, values.tolist(), strict=True))
        return witness[cell], witness


def feasible_ranges(
    published, threshold=DEFAULT_THRESHOLD, *, n_rows, n_cols, row_totals=True, col_totals=True
):
    """{hidden cell: (minimum, maximum)} over all integer tables consistent with a publication.

    `published` is what `protect_table` returns (augmented cells to numbers or labels).
    """
    rels = relations(n_rows, n_cols, row_totals=row_totals, col_totals=col_totals)
    upper = upper_bound(published, threshold, n_rows=n_rows, n_cols=n_cols)
    audit = _Audit(published, threshold, n_rows=n_rows, n_cols=n_cols, rels=rels, upper=upper)
    return {cell: (audit.extreme(cell, 1)[0], audit.extreme(cell, -1)[0]) for cell in audit.hidden}


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
    audit = _Audit(published, threshold, n_rows=n_rows, n_cols=n_cols, rels=rels, upper=upper)
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
    See the module docstring for the two exceptions (threshold 2, and small totals that would
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
