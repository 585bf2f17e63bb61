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

One publication, protected together (`LinkedPublication`, `protect_publication`). A council
letter is read whole, and beside the municipality's earlier letters: its tables share totals
(the visits stand in the key figures and under every table of visits), identities link them
(outcome "doorverwezen" = referrals out; outcome "traject gestart" = trajects started = track
B, and visits - track B = track A), and nested or overlapping periods give differences away
(Jan-Jun published, Jan-Dec published: Jul-Dec). Per table, "Op weg geholpen 30, Doorverwezen
x, Geen vervolg < 5, Totaal 40" is safe; beside "Doorverwezen naar ... Totaal 8" it says Geen
vervolg = 40 - 30 - 8 = 2.

- References. GaussSuppression's SuppressLinkedTables offers, besides "global" protection of
  all tables in one model, cheaper variants ("consistent", "super-consistent": common cells
  suppressed alike in every table) and back-tracking over tables, which leaves a residual risk.
  Its IncrementalTimeSuppression protects successive periods with the earlier suppression
  pattern as input: what was suppressed stays suppressed, what was shown is forced shown
  (AdditionalSuppression's makePrimary/makeForced). We do global protection, which is the
  strict one, and it stays cheap because a letter falls apart into small independent parts; an
  earlier letter enters as it reads, like IncrementalTimeSuppression's suppressedData, but as
  what the reader knows rather than as a pattern to copy.
- The model. One integer variable per key: every count of this letter, stated (shown) or only
  derivable (latent), and every figure of an earlier letter. What the reader knows: each label
  (a number fixes its variable; "< N" is 1..N-1; "x" is 0 or >= T, or any count on a table
  total, which may read "x" while small, or on an earlier total marked total=True; "–" is
  any), every relation (tables, identities, period differences) as an equality, and every
  rounded share or average as two inequalities. The same key in two blocks is one variable,
  so a total printed twice is one cell (GaussSuppression's "super-consistent": common cells
  are the same cell). A count 1..T-1 of this letter, shown or latent, is exposed when it has a
  single value over all integer solutions. Fixed cells (stated elsewhere as numbers) are never
  hidden, nor is a shown number that an earlier letter states as the same number.
- Shares and averages are rounded half up (reports.formatting): a stated 70 (places=0) means
  69.5 <= 100 * part / whole < 70.5, exactly what a reader who knows the rounding can tell;
  the upper bound is strict in integers. (Taking both bounds as inclusive would credit the
  reader with less than he knows.)
- Bounds. Variables are capped at U = 2 * (sum of every count and earlier number) + 2 * T *
  (number of keys) + 10. The relations are no longer a network matrix, so unlike the one-table
  case the cap is not proven exact; but a cap only removes solutions, so it can only make a
  count look exposed that is not (hide more), never the reverse. linked_ranges reads a maximum
  at the cap as unbounded (math.inf).
- The audit. A small count is safe once two solutions give it two values. We keep a pool of
  solutions (full readings of the publication): the first is today's true figures, extended to
  the earlier figures' keys by propagation through the identities (or one solve where that
  does not do), and every integer programme adds its solutions. Hiding only weakens what the
  reader knows, so every solution stays valid; a cell shown again keeps only the solutions with
  its value. Each programme covers only the component of its count: the keys not known exactly
  that relations connect to it (a shown number is a constant, so tables under a shown total
  are separate components). A count that is the only unknown of its relations (most period
  differences: a shown figure minus an earlier one) is read off directly.
- Secondary suppression. For the small counts of a component that the pool does not settle,
  one programme (the classic cell-suppression model of Fischetti and Salazar) takes one copy of
  the component per count, in which that count must differ from its value (a binary picks
  below or above), and shared binaries d for the shown numbers that may be hidden (a cell
  equals its number unless d = 1, then it reads "x" with that label's meaning); it minimises
  the cost of the hidden cells. A count that is safe anyway costs nothing there. Costs prefer
  inner cells to totals, cells of the counts' own tables, non-zero cells and smaller numbers; a
  small table total may turn its "< T" into "x" (see above) at a high cost, as a last resort.
  Optimal, the solution hides no cell that could be shown again. Up to GROUP counts share one
  programme (it grows with each copy); a larger component is done in parts and afterwards we
  undo, last first, every hide of those parts that turns out not to be needed.
- Speed. The programme is first solved with every "0 or >= T" kept on the side of today's
  value (a hidden 12 stays >= 5, an earlier "x" on the side of the first solution): no binaries
  for them, so it is small and fast, and its solutions are still solutions. Only when that
  finds no protection is the exact programme solved; a protection found the fast way may hide
  a cell too many, so its counts are rechecked by the undo step. Keys that only one relation
  mentions (with coefficient +-1) are presolved away and bounds are propagated before HiGHS
  sees the programme; HiGHS's feasibility-jump heuristic is switched off (it costs more than
  our programmes). A 12-table letter of 20 rows with two earlier letters takes about 0.6-0.9 s
  and ~25-90 programmes (benchmark_disclosure).
- Exposed. When even hiding every cell that may be hidden leaves a count exact (a fixed cell or
  an earlier figure gives it away), the count is in result.exposed: the letter must not be
  published as it is; the caller names the block. Other counts are protected all the same.
- Earlier figures and late entries. The engine does not know the true values behind an
  earlier letter; the data may have changed since (late entries, corrections). It protects
  against a reader who takes the earlier figures as still true: a count that is small today
  must not come out exact from them, even when the value he would find is off by the late
  entries. When today's figures (as they would read with only the small counts hidden)
  contradict the earlier ones, so that no reading fits all of them, the engine sets aside the
  fewest earlier figures that make the rest fit (on a tie those added first: add the oldest
  letter first), reports them in result.outdated and audits without them: a reader who sees
  the contradiction knows those figures no longer hold. It never changes an earlier figure and
  never fails on such data. (A contradiction that hiding removes is not looked at again: what
  the reader would work out from the outdated figure is a number that no longer holds.) Only
  today's own figures contradicting each other (a relation or a share that the counts do not
  satisfy) is the caller's error: ValueError.
- Determinism: keys keep the order in which they were first named, and ties in the costs are
  broken by that order, so the same publication always gets the same result.

Say as much as is safe (`choose_grain`, `coarsening`). Before hiding, a table may be published
coarser: months as quarters or half-years, small categories merged into "Overig".
`choose_grain` protects each candidate grain as a one-way table under a known total and picks
the one that hides the fewest cells (ties: the finer). A desk with 53 visits in 19 months
reads "< 5" in most months; its quarters or half-years can all be shown.
"""

import math
import re
import warnings
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from .coarsening import coarsen_months, merge_small

__all__ = [
    "DEFAULT_THRESHOLD",
    "HIDDEN",
    "WITHHELD",
    "LinkedPublication",
    "PublicationResult",
    "choose_grain",
    "coarsen_months",
    "feasible_ranges",
    "is_small",
    "linked_ranges",
    "merge_small",
    "protect_count",
    "protect_publication",
    "protect_rows",
    "protect_table",
    "small_label",
    "suppress",
]

DEFAULT_THRESHOLD = 5
HIDDEN = "x"
# HiGHS runs its feasibility-jump heuristic at the root of every integer programme: on our
# tiny programmes that costs ~15 ms of a ~3 ms solve. SciPy's milp passes HiGHS options it does
# not document through, with a warning; should a SciPy version refuse it, we do without.
_FAST = {"mip_heuristic_run_feasibility_jump": False}
_fast_options = [True]


def _milp(c, *, options=None, **kwargs):
    if _fast_options[0]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                return milp(c, options={**(options or {}), **_FAST}, **kwargs)
        except (AttributeError, TypeError):
            _fast_options[0] = False
    return milp(c, options=options, **kwargs)


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
        result = _milp(
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


# --- One publication, protected together -------------------------------------------------------


@dataclass
class _Cell:
    value: int
    shown: bool
    fixed: bool


def _check_key(key):
    try:
        hash(key)
    except TypeError as error:
        raise TypeError(f"A cell key must be hashable, not {key!r}.") from error


def _prior_label(label):
    """An earlier figure as it reads: a count, "< N", "x" or "–" ("-" is read as "–")."""
    if isinstance(label, bool):
        raise ValueError(f"Not a published figure: {label!r}.")
    if isinstance(label, int):
        if label < 0:
            raise ValueError(f"A count cannot be negative: {label!r}.")
        return label
    if isinstance(label, str):
        text = label.strip()
        if re.fullmatch(r"\d+|\d{1,3}(\.\d{3})+", text):  # "53", "1.234" as printed
            return int(text.replace(".", ""))
        if text == HIDDEN:
            return HIDDEN
        if text in (WITHHELD, "-"):
            return WITHHELD
        if text.startswith("<"):
            number = text[1:].strip()
            if number.isdigit() and int(number) >= 2:
                return f"< {int(number)}"
    raise ValueError(f"Not a published figure: {label!r}.")


def _normal(lo, hi, gap, threshold):
    """A domain (lo, hi, gap): lo <= value <= hi, and with gap value is 0 or >= threshold;
    None when empty."""
    if gap:
        if lo >= 1:
            lo, gap = max(lo, threshold), False
        elif hi < threshold:
            hi, gap = 0, False
    return (lo, hi, gap) if lo <= hi else None


def _meet(a, b, threshold):
    if a is None or b is None:
        return None
    return _normal(max(a[0], b[0]), min(a[1], b[1]), a[2] or b[2], threshold)


class LinkedPublication:
    """Everything one publication states, and what a reader knows besides, to protect together.

    A council letter states tables and sentence figures that share totals and identities, and a
    reader holds the municipality's earlier letters too. `protect_publication` protects all of
    it at once: no count 1..T-1 of this publication (stated, or latent: derivable but never
    stated) can be worked out exactly from everything ever published.

    The API (keys are any hashable, e.g. ("outcomes", "referred", "2023-01-01", "2023-12-31")):

        pub = LinkedPublication(threshold=5)
        pub.count(key, value, *, shown=True, fixed=False, label=None)
            A count this publication involves. shown=False: latent, never stated but derivable
            (Jul-Dec between a Jan-Jun and a Jan-Dec letter; track A = visits - track B); it is
            protected like a stated one. fixed=True: it stands elsewhere as a number already,
            so it is never hidden (a fixed count of 1..T-1 still reads "< T": nothing states a
            small count as a number). `label` names the cell in the reasons ("Geen vervolg").
            The same key twice with the same value is one cell; with another value, ValueError.
        pub.prior(key, label, *, total=False)
            A cell of an earlier (frozen) letter exactly as it reads there: int (or its text,
            "1.234"), "< N", "x" or "–". total=True: it was a total there, so its "x" may hide
            a small count. The same key may be counted now as well (a figure restated).
        pub.relation({key: int coefficient, ...})
            A linear identity the reader knows: sum(coefficient * value) == 0.
        pub.table(name, rows=[key, ...], total=key)
            The rows add up to the total; names the table for the heuristic and the report.
        pub.difference(key, value, whole, part, *, label=None)
            Shorthand: a latent count `key` = whole - part (a period difference), with its
            value today.
        pub.share(part_key, whole_key, percent, places=0)
            A percentage the letter states, rounded half up to `places` decimals.
        pub.ratio(numerator_key, denominator_key, value, places=1)
            An average the letter states ("gemiddeld 4,2 gesprekken per traject"), likewise.

        result = protect_publication(pub)
        result.published   {key: int | "< T" | "x"} for every shown cell
        result.exposed     set of keys (shown or latent) of 1..T-1 that stay exact: empty means
                           safe to publish; otherwise refuse and name the block
        result.reasons     {key: Dutch text} why each hidden cell is hidden
        result.tables      {table name: {"hidden": n, "cells": n}}
        result.outdated    {key: [labels]} earlier figures that today's figures contradict
                           (late entries); the audit does not rely on them
        result.milp_calls  the integer programmes solved
        linked_ranges(pub, result)  {key: (min, max)}: each hidden or latent cell's range
        pub.describe(key)  the cell's name as the reasons use it ("Geen vervolg (Uitkomsten)")

    Before building it, choose each table's grain (say as much as is safe):

        choose_grain(candidates, threshold, *, total_known=True) -> index of the candidate
            (the same table at several grains, finest first, lists of {"label", "count"}) whose
            protection hides the fewest cells; ties: the finer.
        coarsen_months(monthly, start, end) -> [months, quarters, half-years]
            monthly: [(first day of month, count)]; Dutch labels ("jan. 2024", "1e kwartaal
            2024", "okt.-dec. 2023" for a partial quarter, "1e halfjaar 2024"); each row also
            has "start", "end" (its days within the period) and "months".
        merge_small(rows, threshold, rest_label="Overig") -> [rows, merged(, merged further)]

    Worked example (issue 9): outcomes 30 / 8 / 2 of 40 visits; the 8 referred visits are the
    8 referrals of a second table (5 to the wijkteam, 3 to the POH). Per table, "Geen vervolg
    < 5" next to "Doorverwezen x" is safe, but the second table's total gives Doorverwezen
    away and with it Geen vervolg = 40 - 30 - 8 = 2. Together:

        pub = LinkedPublication(threshold=5)
        for key, n, label in [("helped", 30, "Op weg geholpen"), ("referred", 8, "Doorverwezen"),
                              ("none", 2, "Geen vervolg")]:
            pub.count(("outcome", key), n, label=label)
        pub.count(("outcome", "total"), 40, fixed=True)      # the visits, stated elsewhere
        pub.table("Uitkomsten", rows=[("outcome", k) for k in ("helped", "referred", "none")],
                  total=("outcome", "total"))
        pub.count(("to", "swt"), 5, label="Sociaal Wijkteam")
        pub.count(("to", "poh"), 3, label="POH Jeugd GGZ")
        pub.count(("to", "total"), 8)
        pub.table("Doorverwezen naar", rows=[("to", "swt"), ("to", "poh")], total=("to", "total"))
        pub.relation({("outcome", "referred"): 1, ("to", "total"): -1})
        result = protect_publication(pub)
        # Geen vervolg and the POH read "< 5"; "Op weg geholpen" reads "x" (reason:
        # "verborgen om Geen vervolg (Uitkomsten) te beschermen") and so does the wijkteam's 5;
        # result.exposed == set().

    With an earlier letter for Jan-Jun and this one for Jan-Dec, add each earlier figure with
    `prior` (its table totals with total=True), the earlier letter's own tables and identities
    as relations over its keys (the reader knows they add up), each Jul-Dec difference as a
    latent count, and the identity relation({jan_dec: 1, jan_jun: -1, jul_dec: -1}):

        for key, label in earlier_snapshot.items():          # {key: label} as published
            pub.prior(key, label, total=key in earlier_totals)
        pub.relation({**{(c, "h1"): 1 for c in categories}, ("visits", "h1"): -1})
        for c in categories:
            pub.count((c, "jul-dec"), now[c] - h1_today[c], shown=False, label=f"{c} jul.-dec.")
            pub.relation({(c, "year"): 1, (c, "h1"): -1, (c, "jul-dec"): -1})

    A block that is withheld (every cell "–") is counted with shown=False: the reader still
    knows its cells add up, and they are protected like any latent count.

    The latent value is today's (h1_today: Jan-Jun counted now); the earlier letter's figure may
    differ (late entries): see result.outdated and the module docstring. Keys are the caller's
    to choose; include the period in them, so that Jan-Jun of one letter and Jan-Dec of the next
    are different cells, and the same figure in two blocks of one letter is one cell.
    """

    def __init__(self, threshold=DEFAULT_THRESHOLD):
        if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
            raise ValueError(f"The threshold must be a whole number of at least 1: {threshold!r}.")
        self.threshold = threshold
        self.cells = {}
        self.priors = {}
        self.relations = []
        self.bounds = []
        self.tables = {}
        self.labels = {}
        self._order = {}

    def _mention(self, key):
        _check_key(key)
        self._order.setdefault(key, len(self._order))

    def count(self, key, value, *, shown=True, fixed=False, label=None):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"A count must be a whole number >= 0: {key!r} = {value!r}.")
        self._mention(key)
        old = self.cells.get(key)
        if old is not None:
            if old.value != value:
                raise ValueError(f"{key!r} is counted twice with different values.")
            old.shown = old.shown or shown
            old.fixed = old.fixed or fixed
        else:
            self.cells[key] = _Cell(value, bool(shown), bool(fixed))
        if label and key not in self.labels:
            self.labels[key] = str(label)

    def prior(self, key, label, *, total=False):
        self._mention(key)
        self.priors.setdefault(key, []).append((_prior_label(label), bool(total)))

    def relation(self, coefficients):
        terms = {}
        for key, coefficient in dict(coefficients).items():
            if isinstance(coefficient, bool) or not isinstance(coefficient, int):
                raise ValueError(f"A coefficient must be a whole number: {key!r}: {coefficient!r}.")
            self._mention(key)
            if coefficient:
                terms[key] = coefficient
        if terms:
            self.relations.append(terms)

    def difference(self, key, value, whole, part, *, label=None):
        """A latent count that is whole - part (Jul-Dec = Jan-Dec - Jan-Jun): its value today,
        and the identity."""
        self.count(key, value, shown=False, label=label)
        self.relation({whole: 1, part: -1, key: -1})

    def table(self, name, rows, total):
        rows = list(rows)
        if name in self.tables:
            raise ValueError(f"The table {name!r} is added twice.")
        if len(set(rows)) != len(rows) or total in rows:
            raise ValueError(f"The table {name!r} lists a cell twice.")
        self.tables[name] = (tuple(rows), total)
        self.relation({**dict.fromkeys(rows, 1), total: -1})

    def share(self, part_key, whole_key, percent, places=0):
        self._bounded(part_key, whole_key, percent, places, scale=100)

    def ratio(self, numerator_key, denominator_key, value, places=1):
        self._bounded(numerator_key, denominator_key, value, places, scale=1)

    def _bounded(self, part, whole, stated, places, *, scale):
        """scale * part / whole, rounded half up to `places`, reads `stated`: so
        stated - h <= scale * part / whole < stated + h with h = 0.5 * 10^-places."""
        if isinstance(places, bool) or not isinstance(places, int) or places < 0:
            raise ValueError(f"places must be a whole number >= 0: {places!r}.")
        try:
            stated = Fraction(str(stated))
        except (ValueError, ZeroDivisionError) as error:
            raise ValueError(f"Not a number: {stated!r}.") from error
        self._mention(part)
        self._mention(whole)
        half = Fraction(1, 2 * 10**places)
        self.bounds.append((part, whole, stated - half, stated + half, scale))

    def describe(self, key):
        """How a cell is named in the reasons: its label, with its table."""
        text = self.labels.get(key)
        if text is None:
            text = ", ".join(map(str, key)) if isinstance(key, tuple) else str(key)
        tables = [name for name, (rows, total) in self.tables.items() if key in (*rows, total)]
        return f"{text} ({tables[0]})" if tables else text


@dataclass
class PublicationResult:
    published: dict
    exposed: set
    reasons: dict
    tables: dict
    outdated: dict
    milp_calls: int = 0
    dropped: frozenset = field(default=frozenset(), repr=False)


def _tighten(matrix, row_low, row_high, lower, upper, rounds=3):
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


class _Linked:
    """The integer programmes of what a reader knows about a linked publication."""

    def __init__(self, pub, labels, dropped=frozenset()):
        self.pub = pub
        self.threshold = threshold = pub.threshold
        self.keys = sorted(pub._order, key=pub._order.get)
        self.order = {key: k for k, key in enumerate(self.keys)}
        known = pub.cells.keys() | pub.priors.keys()
        for key in self.keys:
            if key not in known:
                raise ValueError(f"{key!r} is neither counted nor published earlier.")
        self.totals = {total for _rows, total in pub.tables.values()}
        self.table_of = {}
        for name, (rows, total) in pub.tables.items():
            for key in (*rows, total):
                self.table_of.setdefault(key, set()).add(name)
        self.prior_entries = [
            (key, label, total) for key, entries in pub.priors.items() for label, total in entries
        ]
        self.dropped = frozenset(dropped)
        self.priors_of = {}
        for k, (key, label, total) in enumerate(self.prior_entries):
            if k not in self.dropped:
                self.priors_of.setdefault(key, []).append((label, total))
        numbers = [cell.value for cell in pub.cells.values()]
        numbers += [label for _k, label, _t in self.prior_entries if isinstance(label, int)]
        self.upper = 2 * sum(numbers) + 2 * max(threshold, 1) * len(self.keys) + 10
        self.rows = [(terms, 0, 0) for terms in pub.relations]
        self.rows += self._bound_rows()
        self.key_rows = {key: [] for key in self.keys}
        for r, (terms, _lo, _hi) in enumerate(self.rows):
            for key in terms:
                self.key_rows[key].append(r)
        self.labels = dict(labels)
        self.calls = 0
        self.options = {"mip_rel_gap": 0}
        self.optimal = True
        self.domains = {key: self._domain(key) for key in self.keys}
        self.version = 0
        self._components = {}
        # Keys not known exactly (an empty domain counts as unknown: it is a contradiction).
        self.variable = {key for key, d in self.domains.items() if d is None or d[0] != d[1]}

    # -- what each label tells

    def _any_x(self, key):
        """An "x" on a table total may hide a small count (see protect_table)."""
        return self.threshold <= 2 or key in self.totals

    def _label_domain(self, label, *, any_x):
        if isinstance(label, int):
            return (label, label, False)
        if label == WITHHELD:
            return (0, self.upper, False)
        if label == HIDDEN:
            return (0, self.upper, not any_x and self.threshold > 2)
        return (1, int(label[2:]) - 1, False)

    def _prior_domain(self, key):
        domain = (0, self.upper, False)
        for label, total in self.priors_of.get(key, ()):
            any_x = total or self.threshold <= 2
            domain = _meet(domain, self._label_domain(label, any_x=any_x), self.threshold)
        return domain

    def _domain(self, key):
        domain = self._prior_domain(key)
        if key in self.labels:
            label = self._label_domain(self.labels[key], any_x=self._any_x(key))
            domain = _meet(domain, label, self.threshold)
        return domain

    def hidden_domain(self, key):
        """The domain of a shown cell once it reads "x"."""
        label = self._label_domain(HIDDEN, any_x=self._any_x(key))
        return _meet(self._prior_domain(key), label, self.threshold)

    def set_label(self, key, label):
        self.version += 1
        self.labels[key] = label
        domain = self.domains[key] = self._domain(key)
        if domain is not None and domain[0] == domain[1]:
            self.variable.discard(key)
        else:
            self.variable.add(key)

    def constant(self, key):
        return key not in self.variable

    def _bound_rows(self):
        """Shares and averages as integer inequalities (see LinkedPublication._bounded)."""
        rows = []
        cells = self.pub.cells
        for part, whole, low, high, scale in self.pub.bounds:
            upper_strict = 1
            if part in cells and whole in cells:
                p, w = cells[part].value, cells[whole].value
                if not (w and low <= Fraction(scale * p, w) <= high):
                    raise ValueError(
                        f"The stated figure of {part!r} / {whole!r} does not fit the counts."
                    )
                if Fraction(scale * p, w) == high:
                    upper_strict = 0  # rounded otherwise: keep the true figures possible
            # scale*den(low)*part - num(low)*whole >= 0
            rows.append(
                (
                    self._terms({part: scale * low.denominator, whole: -low.numerator}),
                    0,
                    np.inf,
                )
            )
            # num(high)*whole - scale*den(high)*part >= 1 (strict, in integers)
            rows.append(
                (
                    self._terms({whole: high.numerator, part: -scale * high.denominator}),
                    upper_strict,
                    np.inf,
                )
            )
        return rows

    @staticmethod
    def _terms(pairs):
        terms = {}
        for key, coefficient in pairs.items():
            terms[key] = terms.get(key, 0) + coefficient
        return {k: c for k, c in terms.items() if c}

    # -- structure

    def component(self, start, extra=frozenset(), tag="plain"):
        """(keys, rows) of the part of the system that `start` is in: keys that are not known
        exactly (or in `extra`, anything with `in`) and the relations between them. Cached
        until a label changes; a caller that passes `extra` names it with its own `tag`."""
        version, cache = self._components.get(tag, (None, None))
        if version != self.version:
            cache = {}
            self._components[tag] = (self.version, cache)
        if start in cache:
            return cache[start]
        keys, rows, queue = {start}, set(), [start]
        while queue:
            key = queue.pop()
            for r in self.key_rows[key]:
                if r in rows:
                    continue
                rows.add(r)
                for other in self.rows[r][0]:
                    if other not in keys and (other in self.variable or other in extra):
                        keys.add(other)
                        queue.append(other)
        found = sorted(keys, key=self.order.get), sorted(rows)
        if start in self.variable or start in extra:
            for key in keys:  # they share it
                cache[key] = found
        else:
            cache[start] = found
        return found

    def alone_range(self, key, rows):
        """(min, max) of a key that is the only unknown of its relations, or None if nothing
        fits. Each relation then bounds it to an interval, so the integers in their meet are
        its values (less 1..T-1 for a "0 or >= T")."""
        low, high, gap = self.domains[key]
        for r in rows:
            terms, lo, hi = self.rows[r]
            c = terms[key]
            shift = sum(
                coefficient * self.domains[k][0] for k, coefficient in terms.items() if k != key
            )
            lo, hi = lo - shift, hi - shift
            if c < 0:
                c, lo, hi = -c, -hi, -lo
            if lo != -np.inf:
                low = max(low, -((-lo) // c))
            if hi != np.inf:
                high = min(high, hi // c)
        low, high = int(low), int(high)
        if gap:
            if 0 < low < self.threshold:
                low = self.threshold
            if 0 < high < self.threshold:
                high = 0 if low == 0 else low - 1
        return (low, high) if low <= high else None

    def alone(self, key, rows):
        """The values (at most two) of a key that is the only unknown of its relations."""
        found = self.alone_range(key, rows)
        if found is None:
            return []
        low, high = found
        if low == high:
            return [low]
        following = low + 1
        if self.domains[key][2] and 0 < following < self.threshold:
            following = self.threshold
        return [low, following]

    # -- the integer programme

    def solve(self, keys, rows, *, domains=None, flex=None, target=None, objective=None):
        """(solution {key: value}, [flexible keys it hides]), or None when none exists.

        flex: {key: value} of shown numbers that may read "x", or {key: None} for "< T" totals
        that may read "x"; each costs objective[("hide", key)]. target: (key, v): the key must
        differ from v.
        """
        found = self.solve_all(
            keys,
            rows,
            domains=domains,
            flex=flex,
            targets=[target] if target else [],
            objective=objective,
        )
        return None if found is None else (found[0][0], found[1])

    def solve_all(
        self, keys, rows, *, domains=None, flex=None, targets=(), objective=None, sides=None
    ):
        """Like solve, with one copy of the keys per target (each must differ in its copy) and
        the hidden cells shared: ([solution per target], [flexible keys hidden]) or None.

        sides: {key: value} of one known solution. Given, every "0 or >= T" stays on the side of
        that value (a hidden number >= T stays >= T): no binaries, a much smaller programme
        whose solutions are still solutions, but which may miss some (None is then no proof).
        """
        domains = self.domains if domains is None else domains
        flex = flex or {}
        objective = objective or {}
        threshold = self.threshold
        index = {key: k for k, key in enumerate(keys)}
        n = len(keys)
        lower, upper, cost, gap = [0] * n, [0] * n, [0.0] * n, [False] * n
        for k, key in enumerate(keys):
            domain = self.hidden_domain(key) if key in flex else domains[key]
            lower[k], upper[k], gap[k] = domain
            cost[k] = objective.get(key, 0)
            if gap[k] and sides is not None:
                side = flex[key] if key in flex else sides[key]
                if side is not None and side >= threshold:
                    lower[k], gap[k] = max(lower[k], threshold), False
                elif side == 0 and key not in flex:
                    upper[k], gap[k] = 0, False
        for key, value in targets:
            k = index[key]
            if lower[k] == upper[k] == value and key not in flex:
                return None
        # The relations over the component's keys, the known keys moved to the bounds.
        lines = []
        for r in rows:
            terms, low, high = self.rows[r]
            entries, shift = {}, 0
            for key, coefficient in terms.items():
                if key in index:
                    entries[index[key]] = coefficient
                else:
                    shift += coefficient * domains[key][0]
            lines.append([entries, low - shift, high - shift])
        # Presolve: a key with no other role than one relation, with coefficient +-1, only
        # loosens that relation's bounds by its own; it is solved for afterwards.
        keep = set(range(n))
        locked = {index[key] for key in flex} | {index[key] for key, _v in targets}
        uses = {}
        for line in lines:
            for k in line[0]:
                uses.setdefault(k, []).append(line)
        eliminated, changed = [], True
        while changed:
            changed = False
            for k in sorted(keep):
                if k in locked or gap[k] or cost[k] or len(uses.get(k, ())) != 1:
                    continue
                line = uses[k][0]
                c = line[0][k]
                if abs(c) != 1:
                    continue
                del line[0][k]
                low_k, high_k = (lower[k], upper[k]) if c > 0 else (-upper[k], -lower[k])
                eliminated.append((k, dict(line[0]), c, line[1], line[2]))
                line[1], line[2] = line[1] - high_k, line[2] - low_k
                keep.discard(k)
                uses[k] = []
                changed = True
        lines = [line for line in lines if line[0] or not (line[1] <= 0 <= line[2])]
        if any(not line[0] for line in lines):
            return None
        variables = sorted(keep)
        column_of = {k: j for j, k in enumerate(variables)}
        m = len(variables)
        matrix = np.zeros((len(lines), m))
        for i, (entries, _low, _high) in enumerate(lines):
            for k, c in entries.items():
                matrix[i, column_of[k]] = c
        row_low = np.array([line[1] for line in lines], dtype=float)
        row_high = np.array([line[2] for line in lines], dtype=float)
        tightened = _tighten(
            matrix,
            row_low,
            row_high,
            np.array([lower[k] for k in variables], dtype=float),
            np.array([upper[k] for k in variables], dtype=float),
        )
        if tightened is None:
            return None
        for j, k in enumerate(variables):
            lower[k], upper[k] = int(tightened[0][j]), int(tightened[1][j])
            if gap[k] and upper[k] < threshold:
                upper[k] = 0  # 0, or at least T, and at most upper: 0
            elif gap[k] and lower[k] > 0:
                lower[k] = max(lower[k], threshold)
            if lower[k] > upper[k]:
                return None
        gaps = [k for k in variables if gap[k] and upper[k] >= threshold and lower[k] == 0]
        hides = list(flex)
        copies = max(len(targets), 1)
        # Columns: per copy the variables and their gap binaries; then the shared hides; then
        # per target the binary that says above or below. Rows: per copy the relations, the
        # gap rows and the hide rows; then per target its row. Built once for one copy (as
        # coordinates) and repeated.
        width = m + len(gaps)
        shared = copies * width
        hide_column = {key: shared + h for h, key in enumerate(hides)}
        rows_, cols_, vals_, lo_, hi_ = [], [], [], [], []

        def add(entries, low, high):
            r = len(lo_)
            for column, coefficient in entries:
                rows_.append(r)
                cols_.append(column)
                vals_.append(coefficient)
            lo_.append(low)
            hi_.append(high)

        for entries, low, high in lines:
            add([(column_of[k], c) for k, c in entries.items()], low, high)
        for g, k in enumerate(gaps):
            # value = 0, or threshold <= value <= upper: a binary b
            j, b = column_of[k], m + g
            add([(j, 1), (b, -threshold)], 0, np.inf)
            add([(j, 1), (b, -upper[k])], -np.inf, 0)
        for key in hides:
            k, value = index[key], flex[key]
            j, d = column_of[k], hide_column[key]
            if value is None:  # "< T" unless it reads "x"
                add([(j, 1), (d, 1)], 1, np.inf)
                add([(j, 1), (d, -max(upper[k], 1))], -np.inf, threshold - 1)
            else:  # the number unless it reads "x"
                big = max(upper[k] - value, value - lower[k], 1)
                add([(j, 1), (d, -big)], -np.inf, value)
                add([(j, 1), (d, big)], value, np.inf)
        per_copy = len(lo_)
        block_rows = np.array(rows_, dtype=np.int64)
        block_cols = np.array(cols_, dtype=np.int64)
        block_vals = np.array(vals_, dtype=float)
        own = block_cols < width  # a copy's own column, not a shared hide
        all_rows = [block_rows + copy * per_copy for copy in range(copies)]
        all_cols = [np.where(own, block_cols + copy * width, block_cols) for copy in range(copies)]
        all_vals = [block_vals] * copies
        lo = np.tile(np.array(lo_, dtype=float), copies)
        hi = np.tile(np.array(hi_, dtype=float), copies)
        bounds_low = np.concatenate(
            [
                np.tile(np.array([lower[k] for k in variables] + [0] * len(gaps)), copies),
                np.zeros(len(hides) + len(targets)),
            ]
        )
        bounds_high = np.concatenate(
            [
                np.tile(np.array([upper[k] for k in variables] + [1] * len(gaps)), copies),
                np.ones(len(hides) + len(targets)),
            ]
        )
        costs = np.zeros(shared + len(hides) + len(targets))
        costs[:m] = [cost[k] for k in variables]
        for key in hides:
            costs[hide_column[key]] = objective.get(("hide", key), 1)
        extra_rows, extra_cols, extra_vals, extra_lo, extra_hi = [], [], [], [], []
        for t, (key, value) in enumerate(targets):
            k = index[key]
            j, side = t * width + column_of[k], shared + len(hides) + t
            big = max(value + 1 - lower[k], upper[k] - value + 1, 1)
            # side = 0: below value; side = 1: above it.
            extra_rows += [copies * per_copy + t] * 2
            extra_cols += [j, side]
            extra_vals += [1, -big]
            extra_lo.append(value + 1 - big)
            extra_hi.append(value - 1)
        columns = len(costs)
        if columns:
            n_rows = copies * per_copy + len(targets)
            matrix = csr_array(
                (
                    np.concatenate([*all_vals, np.array(extra_vals, dtype=float)]),
                    (
                        np.concatenate([*all_rows, np.array(extra_rows, dtype=np.int64)]),
                        np.concatenate([*all_cols, np.array(extra_cols, dtype=np.int64)]),
                    ),
                ),
                shape=(n_rows, columns),
            )
            self.calls += 1
            result = _milp(
                costs,
                integrality=np.ones(columns),
                bounds=Bounds(bounds_low, bounds_high),
                constraints=[
                    LinearConstraint(
                        matrix,
                        np.concatenate([lo, extra_lo]),
                        np.concatenate([hi, extra_hi]),
                    )
                ]
                if n_rows
                else [],
                options=self.options if hides else {"mip_rel_gap": 0},
            )
            if result.status == 2:
                return None
            if result.x is None:
                raise RuntimeError(f"The audit of the publication failed: {result.message}")
            self.optimal = result.status == 0
            values = np.rint(result.x).astype(int).tolist()
        else:
            values = []
        solutions = []
        for copy in range(copies):
            offset = copy * width
            solution = {keys[k]: values[offset + column_of[k]] for k in variables}
            # The keys presolved away, last first: the least value that fits their relation.
            for k, entries, c, low, high in reversed(eliminated):
                rest = sum(coefficient * solution[keys[i]] for i, coefficient in entries.items())
                if c > 0:
                    v = max(lower[k], math.ceil(low - rest)) if low != -np.inf else lower[k]
                else:
                    v = max(lower[k], math.ceil(rest - high)) if high != np.inf else lower[k]
                solution[keys[k]] = int(v)
            solutions.append(solution)
        hidden = [key for key in hides if values[hide_column[key]]]
        return solutions, hidden

    def min_drop(self):
        """The earlier figures to set aside so that the rest fits today's publication: the
        fewest (on a tie those added first, normally the oldest letters'), as a set of indices
        into prior_entries; None when even without them nothing fits."""
        keys, threshold, big = self.keys, self.threshold, self.upper + 2
        index = {key: k for k, key in enumerate(keys)}
        n, m = len(keys), len(self.prior_entries)
        lower, upper, cost = [], [], []
        for key in keys:
            domain = (0, self.upper, False)
            if key in self.labels:
                label = self._label_domain(self.labels[key], any_x=self._any_x(key))
                domain = _meet(domain, label, threshold)
            lower.append(domain[0])
            upper.append(domain[1])
            cost.append(0)
        gaps = [
            (index[key], self.upper)
            for key in keys
            if key in self.labels
            and _meet(
                (0, self.upper, False),
                self._label_domain(self.labels[key], any_x=self._any_x(key)),
                threshold,
            )[2]
        ]
        priors = []
        for k, (key, label, total) in enumerate(self.prior_entries):
            domain = self._label_domain(label, any_x=total or threshold <= 2)
            priors.append((k, index[key], domain))
        columns = n + m + len(gaps) + sum(1 for *_k, d in priors if d[2])
        matrix, lo, hi = [], [], []

        def row(entries, low, high):
            line = np.zeros(columns)
            for column, coefficient in entries:
                line[column] += coefficient
            matrix.append(line)
            lo.append(low)
            hi.append(high)

        for terms, low, high in self.rows:
            row([(index[key], c) for key, c in terms.items()], low, high)
        for k, _column, _domain in priors:
            lower.append(0)
            upper.append(1)
            cost.append(1 + 1e-3 * k / max(m, 1))  # on a tie, the oldest figure goes
        column = n + m
        for k, top in gaps:
            row([(k, 1), (column, -threshold)], 0, np.inf)
            row([(k, 1), (column, -top)], -np.inf, 0)
            lower.append(0)
            upper.append(1)
            cost.append(0)
            column += 1
        for k, y, (low, high, gap) in priors:
            z = n + k  # 1: the earlier figure is set aside
            row([(y, 1), (z, big)], low, np.inf)
            row([(y, 1), (z, -big)], -np.inf, high)
            if gap:
                row([(y, 1), (column, -threshold), (z, big)], 0, np.inf)
                row([(y, 1), (column, -self.upper), (z, -big)], -np.inf, 0)
                lower.append(0)
                upper.append(1)
                cost.append(0)
                column += 1
        self.calls += 1
        result = _milp(
            np.array(cost, dtype=float),
            integrality=np.ones(columns),
            bounds=Bounds(lower, upper),
            constraints=[LinearConstraint(np.array(matrix), lo, hi)] if matrix else [],
        )
        if result.x is None:
            return None
        values = np.rint(result.x).astype(int).tolist()
        return frozenset(k for k in range(m) if values[n + k])


def _validate(pub):
    cells = pub.cells
    for terms in pub.relations:
        known = all(key in cells for key in terms)
        if known and sum(c * cells[key].value for key, c in terms.items()) != 0:
            described = ", ".join(f"{c:+d} × {key!r}" for key, c in terms.items())
            raise ValueError(f"A relation does not hold for the counts: {described}.")


class _Protector:
    """Primary and secondary suppression over a linked publication (see the module docstring)."""

    def __init__(self, pub):
        _validate(pub)
        self.pub = pub
        threshold = pub.threshold
        self.small = small_label(threshold)
        labels = {
            key: self.small if is_small(cell.value, threshold) else cell.value
            for key, cell in pub.cells.items()
            if cell.shown
        }
        self.model = _Linked(pub, labels)
        self.base = self._base()
        if self.base is None:
            dropped = self.model.min_drop()
            calls = self.model.calls
            if dropped is None:
                raise ValueError("The counts of this publication contradict each other.")
            self.model = _Linked(pub, labels, dropped)
            self.model.calls = calls
            self.base = self._base()
            if self.base is None:
                raise ValueError("The counts of this publication contradict each other.")
        # Solutions as their differences from the base (which is the first of them).
        self.pool = [{}]
        self._seen = {}
        self.primary = [
            key
            for key in self.model.keys
            if key in pub.cells and is_small(pub.cells[key].value, threshold)
        ]
        self.primary_set = set(self.primary)
        # Shown cells that secondary suppression may hide (fixed and locked ones never), and
        # small table totals that may read "x" (see protect_table).
        self.candidates = {}
        for key, cell in pub.cells.items():
            if not cell.shown:
                continue
            if is_small(cell.value, threshold):
                if threshold > 2 and self.model._any_x(key):
                    self.candidates[key] = None
            elif not cell.fixed and not self._locked(key):
                self.candidates[key] = cell.value
        self.steps = []
        self.unprotectable = set()
        self.recheck = set()  # small counts whose hides may not all be needed

    # -- a feasible reading of everything published, preferably today's true figures

    def _fits(self, values, keys, rows):
        model = self.model
        for key in keys:
            low, high, gap = model.domains[key]
            v = values[key]
            if not low <= v <= high or (gap and 0 < v < model.threshold):
                return False
        for r in rows:
            terms, low, high = model.rows[r]
            total = sum(
                c * (values[k] if k in values else model.domains[k][0]) for k, c in terms.items()
            )
            if not low <= total <= high:
                return False
        return True

    def _propagate(self, values, keys, rows):
        """`values` completed through equalities with one unknown each; None if it stalls."""
        model = self.model
        missing = [k for k in keys if k not in values]
        while missing:
            progress = False
            for r in rows:
                terms, low, high = model.rows[r]
                if low != high:
                    continue
                unknown = [k for k in terms if k not in values and not model.constant(k)]
                if len(unknown) != 1:
                    continue
                (key,) = unknown
                rest = sum(
                    c * (values[k] if k in values else model.domains[k][0])
                    for k, c in terms.items()
                    if k != key
                )
                quotient, remainder = divmod(low - rest, terms[key])
                if remainder:
                    return None
                values[key] = quotient
                progress = True
            missing = [k for k in keys if k not in values]
            if not progress:
                return None
        return values

    def _base(self):
        model = self.model
        if any(domain is None for domain in model.domains.values()):
            return None
        for terms, low, high in model.rows:
            if all(model.constant(k) for k in terms):
                total = sum(c * model.domains[k][0] for k, c in terms.items())
                if not low <= total <= high:
                    return None
        truth = {key: cell.value for key, cell in self.pub.cells.items()}
        base, done = {}, set()
        for key in model.keys:
            if model.constant(key):
                base[key] = model.domains[key][0]
        for key in model.keys:
            if key in done or model.constant(key):
                continue
            keys, rows = model.component(key)
            done.update(keys)
            candidate = self._propagate({k: truth[k] for k in keys if k in truth}, keys, rows)
            if candidate is not None and self._fits(candidate, keys, rows):
                base.update(candidate)
                continue
            domains = dict(model.domains)
            for k in keys:
                if k in truth:
                    domain = _meet(domains[k], (truth[k], truth[k], False), model.threshold)
                    domains[k] = domain or domains[k]
            found = model.solve(keys, rows, domains=domains) or model.solve(keys, rows)
            if found is None:
                return None
            base.update(found[0])
        return base

    # -- the audit

    def _values(self, key):
        """The values the pool's solutions give `key` (kept up to date as solutions come)."""
        values = self._seen.get(key)
        if values is None:
            default = self.base[key]
            values = self._seen[key] = {w.get(key, default) for w in self.pool}
        return values

    def _audit(self, key):
        """(True, None) when a reader cannot tell `key`; else (False, the value he finds)."""
        seen = self._values(key)
        if len(seen) > 1:
            return True, None
        (value,) = seen
        model = self.model
        if model.constant(key):
            return False, value
        keys, rows = model.component(key)
        if len(keys) == 1:
            values = model.alone(key, rows)
            other = [v for v in values if v != value]
            if not other:
                return False, value
            self._witness({key: other[0]})
            return True, None
        # Push the other undecided small counts away from their one known value, so that one
        # solution may settle several of them.
        objective = {}
        for other in keys:
            if other != key and other in self.primary_set:
                values = self._values(other)
                if len(values) == 1:
                    objective[other] = 1 if min(values) > model.domains[other][0] else -1
        found = model.solve(keys, rows, target=(key, value), objective=objective)
        if found is None:
            return False, value
        self._witness(found[0])
        return True, None

    def _witness(self, solution):
        base = self.base
        witness = {key: v for key, v in solution.items() if base[key] != v}
        self.pool.append(witness)
        for key, values in self._seen.items():
            values.add(witness.get(key, base[key]))

    # -- secondary suppression

    def _locked(self, key):
        """A shown number that an earlier letter states as the same number: hiding it is
        pointless."""
        value = self.pub.cells[key].value
        return any(label == value for label, _t in self.model.priors_of.get(key, ()))

    def _flexible(self):
        """The shown cells that may still be hidden: {key: its number}, or {key: None} for a
        small table total that may still read "x" instead of "< T"."""
        labels = self.model.labels
        return {key: value for key, value in self.candidates.items() if labels[key] != HIDDEN}

    def _protect(self, targets, *, apply=True):
        """Hide the fewest (cheapest) cells so that each (key, value) of `targets`, all in one
        component, can differ from its value: one programme with a copy of the component per
        target. False (and nothing hidden) when no choice of cells protects them all; with
        apply=False only whether one does."""
        model = self.model
        flex = self._flexible()
        keys, rows = model.component(targets[0][0], extra=flex, tag="flex")
        inside = set(keys)
        flex = {k: v for k, v in flex.items() if k in inside}
        tables = set().union(*(model.table_of.get(key, set()) for key, _v in targets))
        largest = max([v for v in flex.values() if v is not None], default=0) + 1
        objective = {}
        for k, v in flex.items():
            if v is None:
                weight = 20.0  # a small total reads "x" only as a last resort
            else:
                weight = 1.0 + 0.1 * v / largest
                if k in model.totals:
                    weight += 0.5
                if not model.table_of.get(k, set()) & tables:
                    weight += 0.3
                if v == 0:
                    weight += 0.2
            objective[("hide", k)] = weight + 1e-4 * model.order[k] / len(model.keys)
        # First with every "0 or >= T" kept on its side (small and fast); if that finds no
        # protection, the exact programme.
        found = model.solve_all(
            keys, rows, flex=flex, targets=targets, objective=objective, sides=self.base
        )
        if found is not None:
            # Optimal among the restricted choices only: some hides may not be needed.
            self.recheck.update(key for key, _v in targets)
        else:
            found = model.solve_all(keys, rows, flex=flex, targets=targets, objective=objective)
        if found is None:
            return False
        if not apply:
            return True
        solutions, hidden = found
        for k in hidden:
            # Named after the first target whose alternative moves this cell.
            value = flex[k]
            moved = [
                key
                for (key, _v), solution in zip(targets, solutions, strict=True)
                if value is None or solution[k] != value
            ]
            model.set_label(k, HIDDEN)
            kind = "relabel" if value is None else "hide"
            self.steps.append((k, kind, moved[0] if moved else targets[0][0]))
        for solution in solutions:
            self._witness(solution)
        return True

    def _undo(self):
        """Show again, last first, every hidden cell that turns out not to be needed."""
        model, threshold = self.model, self.pub.threshold
        for step in reversed(list(self.steps)):
            key, kind, target = step
            if target not in self.recheck:
                continue
            if kind == "hide":
                label = self.pub.cells[key].value

                def fits(v, label=label):
                    return v == label
            else:
                label = self.small

                def fits(v):
                    return 0 < v < threshold

            model.set_label(key, label)
            before = self.pool
            self.pool = [w for w in before if fits(w.get(key, self.base[key]))]
            self._seen = {}
            kept = len(self.pool)
            keys, _rows = model.component(key)
            affected = [k for k in keys if k in self.primary_set and k not in self.unprotectable]
            if all(self._audit(k)[0] for k in affected):
                self.steps.remove(step)
            else:
                model.set_label(key, HIDDEN)
                self.pool = before + self.pool[kept:]
                self._seen = {}

    # At most this many small counts are protected by one programme (it grows with each).
    GROUP = 6

    def _undecided(self, key):
        """Whether the pool (or, for a count alone in its relations, a direct look) leaves
        `key` with one value only."""
        if len(self._values(key)) > 1:
            return False
        model = self.model
        if model.constant(key):
            return True
        keys, rows = model.component(key)
        return len(keys) > 1 or not self._audit(key)[0]

    def run(self):
        # Protect the small counts component by component: one programme protects all the
        # undecided counts of a component at once and hides the cheapest cells that do; being
        # optimal, none of those cells can be shown again. (A count that is safe anyway costs
        # nothing in it.)
        groups, flex = {}, self._flexible()
        for key in self.primary:
            if self.model.constant(key) and key not in flex:
                # Fixed by an earlier figure or by numbers that stay: nothing helps.
                if len(self._values(key)) == 1:
                    self.unprotectable.add(key)
                continue
            if self._undecided(key):
                keys, _rows = self.model.component(key, extra=flex, tag="flex")
                groups.setdefault(keys[0], []).append(key)
        for group in groups.values():
            targets = [(key, min(self._values(key))) for key in group]
            if len(targets) > self.GROUP:
                self.recheck.update(group)
            for start in range(0, len(targets), self.GROUP):
                chunk = [(k, v) for k, v in targets[start : start + self.GROUP] if k in group]
                chunk = [(k, v) for k, v in chunk if len(self._values(k)) == 1]
                if not chunk or self._protect(chunk):
                    continue
                # Not all of them can be protected: find which cannot, protect the others.
                for key, value in chunk:
                    if not self._protect([(key, value)], apply=False):
                        self.unprotectable.add(key)
                chunk = [(k, v) for k, v in chunk if k not in self.unprotectable]
                if chunk and not self._protect(chunk):
                    raise RuntimeError("The protection of the publication failed.")
        if self.recheck:
            self._undo()
        return self._result()

    def _result(self):
        pub, model = self.pub, self.model
        published = {key: model.labels[key] for key in model.keys if key in model.labels}
        reasons = {}
        for key in self.primary:
            if key in published:
                reasons[key] = f"kleiner dan {pub.threshold}"
        for key, kind, target in self.steps:
            if key in reasons and kind != "relabel":
                continue
            if kind == "relabel":
                reasons[key] = (
                    f"kleiner dan {pub.threshold}; als x gepubliceerd om "
                    f"{pub.describe(target)} te beschermen"
                )
            else:
                reasons[key] = f"verborgen om {pub.describe(target)} te beschermen"
        tables = {}
        for name, (rows, total) in pub.tables.items():
            cells = [key for key in (*rows, total) if key in published]
            tables[name] = {
                "hidden": sum(1 for key in cells if isinstance(published[key], str)),
                "cells": len(cells),
            }
        outdated = {}
        for k in sorted(model.dropped):
            key, label, _total = model.prior_entries[k]
            outdated.setdefault(key, []).append(label)
        return PublicationResult(
            published=published,
            exposed=set(self.unprotectable),
            reasons=reasons,
            tables=tables,
            outdated=outdated,
            milp_calls=model.calls,
            dropped=model.dropped,
        )


def protect_publication(pub):
    """Protect a LinkedPublication as one whole: see its docstring and the module docstring."""
    return _Protector(pub).run()


def linked_ranges(pub, result):
    """{key: (min, max)} of every hidden or latent cell over all readings of the publication.

    The audit of `result` as a reader sees it: today's labels, the earlier figures (less those
    in result.outdated), the relations. A maximum the reader cannot bound reads math.inf.
    """
    model = _Linked(pub, result.published, result.dropped)
    ranges = {}
    for key in model.keys:
        cell = pub.cells.get(key)
        if cell is None or (cell.shown and not isinstance(result.published[key], str)):
            continue
        domain = model.domains[key]
        if domain is None:
            raise ValueError(f"No reading of the publication fits {key!r}.")
        if domain[0] == domain[1]:
            ranges[key] = (domain[0], domain[0])
            continue
        keys, rows = model.component(key)
        if len(keys) == 1:
            found = model.alone_range(key, rows)
            if found is None:
                raise ValueError(f"No reading of the publication fits {key!r}.")
            bottom, top = found
        else:
            low = model.solve(keys, rows, objective={key: 1})
            high = model.solve(keys, rows, objective={key: -1})
            if low is None or high is None:
                raise ValueError(f"No reading of the publication fits {key!r}.")
            bottom, top = low[0][key], high[0][key]
        ranges[key] = (bottom, math.inf if top >= model.upper else top)
    return ranges


# --- Say as much as is safe: the grain of a table ----------------------------------------------


def choose_grain(candidates, threshold=DEFAULT_THRESHOLD, *, total_known=True):
    """The index of the candidate table whose protection hides the fewest cells.

    `candidates`: the same table at several grains, finest first, each a list of rows
    {"label": str, "count": int} (see coarsen_months and merge_small). Each is protected as a
    one-way table with `protect_rows`; a withheld row counts as hidden, and so does a hidden
    total. On a tie the finer candidate wins: it says more.
    """
    candidates = list(candidates)
    if not candidates:
        raise ValueError("There is no candidate to choose from.")
    totals = {sum(row["count"] for row in rows) for rows in candidates}
    if len(totals) > 1:
        raise ValueError("The candidates are not the same table: their totals differ.")
    best = None
    for k, rows in enumerate(candidates):
        copies = [{"count": row["count"]} for row in rows]
        protected, total = protect_rows(copies, threshold, total_known=total_known)
        hidden = sum(1 for row in protected if isinstance(row["published"], str))
        hidden += isinstance(total, str)
        if best is None or hidden < best[0]:
            best = (hidden, k)
    return best[1]
