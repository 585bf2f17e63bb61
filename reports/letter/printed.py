"""The letter as it is printed: the edge where a snapshot's numbers become Dutch text.

A snapshot of schema 3 keeps facts only (numbers, protection marks, bands); here the
paragraphs are written by their wordings (`wording`), the cells of a table in Dutch notation
with the legend of its marks, the key figures as printed, and the bar chart beside a table.
What a letter frozen before schema 3 holds as text (paragraphs, printed rows, a chart) is
printed as it is, so an old letter renders byte for byte.
"""

import copy

from django.utils import translation

from .. import sentences
from ..dashboard import charts
from ..formatting import format_cell, format_number
from .wording import decode, text

TOTAL_ROW = "Totaal"


def cell_text(value, places=0):
    """A cell in Dutch notation: a number with its decimals, a mark or a band as it reads,
    no value as "n.v.t."."""
    value = decode(value)
    if isinstance(value, int | float) or hasattr(value, "is_finite"):
        return format_number(value, places)
    return format_cell(value)


def printed_rows(table):
    """The rows as printed: [label, cell, …], "Totaal" last when the table has a total."""
    if "rows" in table:
        return table["rows"]
    labels = list(table["labels"])
    if len(table["values"]) > len(labels):
        labels.append(TOTAL_ROW)
    places = table.get("places") or [0] * len(labels)
    return [
        [label, *(cell_text(value, decimals) for value in values)]
        for label, values, decimals in zip(labels, table["values"], places, strict=True)
    ]


def _table(table, threshold):
    if "rows" in table:
        return table
    printed = dict(table)
    printed["rows"] = printed_rows(table)
    cells = [cell for row in printed["rows"] for cell in row[1:]]
    printed["legend"] = sentences.table_legend(cells, threshold=threshold)
    return printed


def _bars(table):
    """The bar chart of a table whose cells are all shown: server-side SVG geometry."""
    rows = [
        {"label": label, "count": values[0]}
        for label, values in zip(table["labels"], table["values"], strict=False)
    ]
    chart = charts.bar_chart(rows, title=table["caption"])
    chart["title"] = f"{table['caption']}: " + "; ".join(
        f"{b['label']} {b['text']}" for b in chart["bars"]
    )
    return chart


def letter(data):
    """The snapshot in the shape the letter's template prints (a copy)."""
    data = copy.deepcopy(data or {})
    threshold = data.get("threshold")
    with translation.override("nl"):
        if "figures" not in data:
            data["figures"] = {
                name: cell_text(value) for name, value in data.get("figure_values", {}).items()
            }
        for section in data.get("sections", []):
            for block in section.get("blocks", []):
                block["paragraphs"] = [text(p, threshold) for p in block.get("paragraphs", [])]
                table = block.get("table")
                if block.get("chart") is True:
                    block["chart"] = _bars(table)
                if table is not None:
                    block["table"] = _table(table, threshold)
    return data
