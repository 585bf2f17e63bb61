"""What the protection lets a letter say: published cells as labels, tables and charts."""

from .. import sentences
from ..dashboard import charts
from ..disclosure import Band
from ..formatting import format_cell, format_number
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
        cells, rows, values = [], [], []
        for label, keys in table.rows:
            labels = [self.label(key) for key in keys]
            texts = [format_cell(value) for value in labels]
            cells += texts
            rows.append([label, *texts])
            values.append(labels)
        if table.total is not None:
            total = format_cell(self.label(table.total))
            cells.append(total)
            rows.append(["Totaal", total])
            values.append([self.label(table.total)])
        row_codes, column_codes = table_codes(table.rows, table.total, over_time=table.over_time)
        return {
            "caption": table.caption,
            "columns": table.columns,
            "rows": rows,
            "values": values,
            "row_codes": row_codes,
            "column_codes": column_codes,
            "legend": sentences.table_legend(cells, threshold=self.threshold),
            "all_shown": all(
                isinstance(self.label(key), int) for _label, keys in table.rows for key in keys
            ),
        }

    def bars(self, table):
        """A bar chart of a table whose cells are all shown (else None): server-side SVG with
        presentation attributes only, beside its table."""
        if not self.table(table)["all_shown"]:
            return None
        rows = [{"label": label, "count": self.label(keys[0])} for label, keys in table.rows]
        chart = charts.bar_chart(rows, title=table.caption)
        chart["title"] = f"{table.caption}: " + "; ".join(
            f"{b['label']} {b['text']}" for b in chart["bars"]
        )
        return chart


def percent(statement, *, word=False):
    return f"{format_number(statement.value)}{' procent' if word else '%'}"
