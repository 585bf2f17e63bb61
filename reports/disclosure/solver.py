"""The integer-programme plumbing: HiGHS through SciPy's milp, the linear relations of a table
and the feasible range of a cell over every reading of it."""

import warnings

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from .labels import DEFAULT_THRESHOLD

# HiGHS runs its feasibility-jump heuristic at the root of every integer programme: on our
# tiny programmes that costs ~15 ms of a ~3 ms solve. SciPy's milp passes HiGHS options it does
# not document through, with a warning; should a SciPy version refuse it, we do without.
_FAST = {"mip_heuristic_run_feasibility_jump": False}
_fast_options = [True]


def solve_milp(c, *, options=None, **kwargs):
    if _fast_options[0]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                return milp(c, options={**(options or {}), **_FAST}, **kwargs)
        except (AttributeError, TypeError):
            _fast_options[0] = False
    return milp(c, options=options, **kwargs)


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
    cell. Otherwise see docs/disclosure.md; `grand_total` (the true one, when the publisher
    audits its own table) only widens the box, so that the true table lies in it.
    """
    grand = _grand_total_cell(n_rows, n_cols, published)
    if grand is not None and not isinstance(published[grand], str):
        return published[grand]
    shown = sum(v for v in published.values() if not isinstance(v, str))
    hidden = sum(1 for v in published.values() if isinstance(v, str))
    return max(2 * shown + 2 * max(threshold, 1) * hidden, grand_total, threshold)


class Audit:
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
        result = solve_milp(
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
    audit = Audit(published, threshold, n_rows=n_rows, n_cols=n_cols, rels=rels, upper=upper)
    return {cell: (audit.extreme(cell, 1)[0], audit.extreme(cell, -1)[0]) for cell in audit.hidden}


def tighten(matrix, row_low, row_high, lower, upper, rounds=3):
    """Bound propagation over rows low <= matrix @ y <= high with integer y: the narrowed
    (lower, upper), or None when no integer solution can fit."""
    positive, negative = np.maximum(matrix, 0), np.minimum(matrix, 0)
    nonzero = matrix != 0
    with np.errstate(divide="ignore", invalid="ignore"):
        for _round in range(rounds):
            least = positive @ lower + negative @ upper
            most = positive @ upper + negative @ lower
            if np.any(least > row_high + 1e-9) or np.any(most < row_low - 1e-9):
                return None
            own_least = positive * lower + negative * upper
            own_most = positive * upper + negative * lower
            # c * y <= top and c * y >= bottom
            top = row_high[:, None] - (least[:, None] - own_least)
            bottom = row_low[:, None] - (most[:, None] - own_most)
            above = np.where(matrix > 0, top / matrix, bottom / matrix)
            below = np.where(matrix > 0, bottom / matrix, top / matrix)
            above = np.where(nonzero, above, np.inf)
            below = np.where(nonzero, below, -np.inf)
            new_upper = np.minimum(
                upper, np.floor(np.nan_to_num(above, nan=np.inf).min(axis=0, initial=np.inf) + 1e-9)
            )
            new_lower = np.maximum(
                lower,
                np.ceil(np.nan_to_num(below, nan=-np.inf).max(axis=0, initial=-np.inf) - 1e-9),
            )
            if np.any(new_lower > new_upper):
                return None
            if np.array_equal(new_lower, lower) and np.array_equal(new_upper, upper):
                break
            lower, upper = new_lower, new_upper
    return lower, upper
