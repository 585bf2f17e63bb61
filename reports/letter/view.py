"""What the protection lets a letter say: published cells as labels, amounts and tables."""

from ..disclosure import Band
from .snapshot import table_codes

# --- what may be published ---------------------------------------------------------------------


class Published:
    """What the protection lets the letter say: published cells and the statements kept."""

    def __init__(self, letter, result, dropped):
        self.letter = letter
        self.result = result
        self.dropped = dropped
        self.threshold = letter.threshold

    def label(self, key):
        """int, "< T" or "x"; None for a latent count (never stated)."""
        return self.result.published.get(key)

    def amount(self, key):
        """A count for a sentence: int, "< T" (small), a Band ("40 à 45"), or None (hidden:
        do not state it)."""
        label = self.label(key)
        if isinstance(label, int | Band) or label == f"< {self.threshold}":
            return label
        return None

    def number(self, key):
        label = self.label(key)
        return label if isinstance(label, int) else None

    def says(self, *statements):
        return all(s is not None and s not in self.dropped for s in statements)

    def table(self, table):
        """The table as published: its labels and, per row, the number or mark of each cell
        (the total last), with stable codes; printed at the edge (`printed`)."""
        values = [[self.label(key) for key in keys] for _label, keys in table.rows]
        if table.total is not None:
            values.append([self.label(table.total)])
        row_codes, column_codes = table_codes(table.rows, table.total, over_time=table.over_time)
        return {
            "caption": table.caption,
            "columns": table.columns,
            "labels": [label for label, _keys in table.rows],
            "values": values,
            "row_codes": row_codes,
            "column_codes": column_codes,
        }

    def bars(self, table):
        """Whether the table gets a bar chart beside it: when all its cells are shown (the
        chart is drawn where the letter is printed)."""
        return all(isinstance(self.label(key), int) for _label, keys in table.rows for key in keys)
