"""Say as much as is safe: the coarsest grain of a table that hides the fewest cells."""

from .labels import DEFAULT_THRESHOLD
from .table import protect_rows

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
