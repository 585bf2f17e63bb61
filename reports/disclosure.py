"""Small-count protection for published tables: primary and secondary suppression.

Primary suppression hides every count from 1 up to (not including) the threshold (default 5,
per municipality): it is shown as "< 5". Zeros are shown. Secondary suppression then hides
more cells until no hidden cell can be worked out exactly from the published cells and totals.

Choice of method. We evaluated SACRO's `acro` package and Statistics Norway's GaussSuppression.
acro checks research outputs built with pandas/statsmodels (it wraps their crosstab and
regression calls and needs pandas, statsmodels and more); its secondary suppression of tables
is limited to what pandas crosstabs offer. GaussSuppression (R package SSBtools) finds
secondary cells by Gaussian elimination over the linear relations between inner cells and
published totals. Our tables are small (a few rows and columns) and come from our own
selectors, so we implement that idea directly, without new dependencies: a hidden cell is
recoverable exactly when its unit vector lies in the row space of the published linear
relations (solved exactly with fractions); while any hidden cell is recoverable, we hide the
smallest non-zero published cell on one of its lines. Only linear recoverability is checked;
bounds from non-negativity can still narrow a hidden value, as in GaussSuppression.
"""

from fractions import Fraction

DEFAULT_THRESHOLD = 5


def is_small(n, threshold=DEFAULT_THRESHOLD):
    return n is not None and 0 < n < threshold


def protect_count(n, threshold=DEFAULT_THRESHOLD):
    """A single published count: "< 5" for 1–4, the number otherwise."""
    return f"< {threshold}" if is_small(n, threshold) else n


def _rank(rows):
    """Rank of a matrix of Fractions (Gaussian elimination)."""
    matrix = [list(r) for r in rows]
    rank, columns = 0, len(matrix[0]) if matrix else 0
    for col in range(columns):
        pivot = next((i for i in range(rank, len(matrix)) if matrix[i][col] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for i in range(len(matrix)):
            if i != rank and matrix[i][col] != 0:
                factor = matrix[i][col] / matrix[rank][col]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[rank], strict=True)]
        rank += 1
    return rank


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


def recoverable(hidden, rels):
    """The hidden cells whose value follows exactly from the published relations."""
    hidden = sorted(hidden)
    if not hidden:
        return set()
    index = {cell: k for k, cell in enumerate(hidden)}
    matrix = []
    for rel in rels:
        row = [Fraction(0)] * len(hidden)
        for cell, sign in rel:
            if cell in index:
                row[index[cell]] += sign
        if any(row):
            matrix.append(row)
    base = _rank(matrix) if matrix else 0
    found = set()
    for cell, k in index.items():
        unit = [Fraction(0)] * len(hidden)
        unit[k] = Fraction(1)
        if (_rank([*matrix, unit]) if matrix else 1) == base:
            found.add(cell)
    return found


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


def suppress(matrix, threshold=DEFAULT_THRESHOLD, *, row_totals=True, col_totals=True):
    """Return the set of hidden cells (augmented coordinates) of a table of counts."""
    n_rows, n_cols = len(matrix), len(matrix[0]) if matrix else 0
    cells = augmented(matrix, row_totals=row_totals, col_totals=col_totals)
    rels = relations(n_rows, n_cols, row_totals=row_totals, col_totals=col_totals)
    hidden = {cell for cell, value in cells.items() if is_small(value, threshold)}
    while True:
        exposed = recoverable(hidden, rels)
        if not exposed:
            return hidden
        target = min(exposed)
        lines = [[cell for cell, _sign in rel] for rel in rels if any(c == target for c, _s in rel)]
        candidates = [
            cell for line in lines for cell in line if cell not in hidden and cells.get(cell, 0) > 0
        ] or [cell for line in lines for cell in line if cell not in hidden]
        if not candidates:
            candidates = [cell for cell in cells if cell not in hidden]
        # Prefer inner cells, then the smallest value: hide as little information as possible.
        inner = [c for c in candidates if c[0] < n_rows and c[1] < n_cols]
        pick = min(inner or candidates, key=lambda c: (cells[c], c))
        hidden.add(pick)


def protect_table(matrix, threshold=DEFAULT_THRESHOLD, *, row_totals=True, col_totals=True):
    """The published version of a table: {(i, j): value or "< 5" or "x"}, margins included.

    Primary-suppressed cells read "< threshold"; secondary ones read "x" ("niet gepubliceerd").
    """
    cells = augmented(matrix, row_totals=row_totals, col_totals=col_totals)
    hidden = suppress(matrix, threshold, row_totals=row_totals, col_totals=col_totals)
    return {
        cell: (f"< {threshold}" if is_small(value, threshold) else "x") if cell in hidden else value
        for cell, value in cells.items()
    }


def protect_rows(rows, threshold=DEFAULT_THRESHOLD, key="count"):
    """A one-way table (list of dicts with a count) with its total: adds 'published' to each
    row and returns (rows, published_total)."""
    matrix = [[row[key]] for row in rows]
    if not matrix:
        return rows, 0
    published = protect_table(matrix, threshold, row_totals=False, col_totals=True)
    for i, row in enumerate(rows):
        row["published"] = published[(i, 0)]
    return rows, published[(len(rows), 0)]
