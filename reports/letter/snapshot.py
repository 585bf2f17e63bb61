"""The frozen figures of a published letter: the one module that writes and reads them.

A published version must read the same forever, so the snapshot carries a schema version:
`dump` writes the current schema, `load` reads every schema ever written and gives the current
shape; `earlier_facts` and `published_figures` read it for later letters and for open data.
Nothing else looks inside a snapshot, except `printed`, which turns its numbers into the text
the letter's template prints (and prints the text of an older schema as it is).

Schema 1 (letters published before schema 2; no "schema" field): "threshold"; "figures"
{visits, persons, children: as printed}; "sections" [{key, heading, text, blocks: [{heading,
kind, paragraphs, table: {caption, columns, rows: printed rows with "Totaal" last, legend,
all_shown} | None, chart}]}]; "cells" [[key, label, is_total]] every published cell (keys as
JSON lists, labels an int or a mark); "relations" [[[key, coefficient], …]]; "statements"
[[kind, part, whole, value (text), places]]; "protection", "linked_letters", "outdated" (the
preview's notes).

Schema 2 adds, without changing a schema-1 field: "schema": 2; "figure_values" {name: number
or mark}; per table "code" (the block kind, "-2" for a second one), "row_codes",
"column_codes" (stable codes from the cells' keys) and "values" (per printed row, the number or
mark of each cell: int, "< T", "x", "–", or None for no value; the effect block's means,
bounds and effect size are numbers with decimals).

Schema 3 keeps numbers only, and writes the Dutch text when the letter is printed
(`printed`): no "figures" (the key figures are "figure_values"); a block's "paragraphs" are
facts [{"say": wording, …numbers and marks}] (`wording`), its "chart" is true when a bar chart
goes beside the table; a table has "labels" (its rows, the total's left out), "values", codes
and, for the effect block, "places" (decimals per row), no printed "rows" and no "legend". A
band reads {"band": [low, high]} wherever a count may be one (figures, cells, table values).
"""

import copy
import re
from decimal import Decimal

from django.utils.text import slugify

from ..disclosure import HIDDEN, WITHHELD, parse_band
from ..formatting import NO_VALUE
from . import printed
from .keys import is_period_key, json_key, stored_key
from .wording import decode, encode

SCHEMA_VERSION = 3
TOTAL_ROW = printed.TOTAL_ROW
KEY_FIGURES = ("visits", "persons", "children")

# Open data speaks Dutch: the sections of a letter, the key figures, the statuses of a value.
SECTION_CODES = {
    "reason": "aanleiding",
    "information": "informatie",
    "next_steps": "vervolg",
    "costs": "kosten",
    "decisions": "besluiten",
}
KEY_FIGURE_LABELS = {"visits": "Bezoeken", "persons": "Inwoners", "children": "Betrokken kinderen"}
KEY_FIGURE_CODES = {"visits": "bezoeken", "persons": "inwoners", "children": "betrokken_kinderen"}
# After SDMX's OBS_STATUS and CONF_STATUS code lists, with one code of our own for a band.
STATUSES = {
    "A": "normale waarde",
    "I": "klein aantal: alleen de band (ondergrens en bovengrens) is gepubliceerd",
    "C": "vertrouwelijk: verborgen zodat een klein aantal niet is terug te rekenen",
    "N": "niet gepubliceerd: te kleine aantallen",
    "M": "geen waarde (niet van toepassing)",
}
_SMALL = re.compile(r"< (\d+)")
_COUNT = re.compile(r"-?\d{1,3}(\.\d{3})*")


# --- writing -------------------------------------------------------------------------------------


def dump(
    *,
    threshold,
    figures,
    sections,
    cells,
    relations,
    statements,
    protection,
    linked_letters,
    outdated,
):
    """The snapshot to freeze, in the current schema. `figures` {name: number or mark};
    `cells` [(key, label, is_total)]; `relations` [{key: coefficient}]; `statements`
    [(kind, part, whole, value, places)]; tables in `sections` carry their values and codes."""
    return {
        "schema": SCHEMA_VERSION,
        "threshold": threshold,
        "figure_values": encode(dict(figures)),
        "sections": encode(sections),
        "cells": [[json_key(key), encode(label), bool(total)] for key, label, total in cells],
        "relations": [
            [[json_key(key), coefficient] for key, coefficient in relation.items()]
            for relation in relations
        ],
        "statements": [
            [kind, json_key(part), json_key(whole), str(value), places]
            for kind, part, whole, value, places in statements
        ],
        "protection": protection,
        "linked_letters": linked_letters,
        "outdated": outdated,
    }


def table_codes(rows, total, *, over_time=False):
    """(row codes, column codes) of a letter table from its cells' keys: the part of the key
    that tells the rows apart (a measure such as "question:scheiden", or for a table over time
    a period "2024-01-01/2024-03-31"), and the part that tells the columns apart ("aantal" for
    one)."""

    def parts(key):
        if is_period_key(key):
            return (key[1], f"{key[2]}/{key[3]}")
        if isinstance(key, tuple) and len(key) > 1:
            return (":".join(map(str, key[:-1])), str(key[-1]))
        return (str(key), "")

    firsts = [parts(keys[0]) for _label, keys in rows]
    varying = [i for i in (0, 1) if len({p[i] for p in firsts}) > 1] or [1 if over_time else 0]
    row_codes = [":".join(p[i] for i in varying) for p in firsts]
    widest = max((len(keys) for _label, keys in rows), default=1)
    if widest == 1:
        column_codes = ["aantal"]
    else:
        columns = [parts(key) for key in rows[0][1]]
        varying = [i for i in (0, 1) if len({p[i] for p in columns}) > 1] or [1]
        column_codes = [":".join(p[i] for i in varying) for p in columns]
    if total is not None:
        row_codes.append("totaal")
    return _unique(row_codes), _unique(column_codes)


def _unique(codes):
    seen, unique = {}, []
    for code in codes:
        seen[code] = seen.get(code, 0) + 1
        unique.append(code if seen[code] == 1 else f"{code}-{seen[code]}")
    return unique


def number_block_tables(blocks):
    """Give each table its code: the block kind, "-2", "-3" for a second or third of a kind."""
    seen = {}
    for block in blocks:
        if block.get("table") is not None:
            seen[block["kind"]] = seen.get(block["kind"], 0) + 1
            n = seen[block["kind"]]
            block["table"]["code"] = block["kind"] if n == 1 else f"{block['kind']}-{n}"
    return blocks


# --- reading -------------------------------------------------------------------------------------


def parse_cell(text):
    """A cell as a schema-1 letter printed it, back to its number or mark: "1.234" -> 1234,
    "< 5" and "x" and "–" as they are, "n.v.t." -> None."""
    if text is None or text == NO_VALUE:
        return None
    if isinstance(text, int):
        return text
    if _COUNT.fullmatch(text):
        return int(text.replace(".", ""))
    return text


def load(data):
    """A snapshot of any schema, in the current shape (a copy: the frozen one is not touched)."""
    data = copy.deepcopy(data or {})
    version = data.get("schema", 1)
    if version > SCHEMA_VERSION:
        raise ValueError(f"Snapshot schema {version} is newer than this code ({SCHEMA_VERSION}).")
    data["schema"] = SCHEMA_VERSION
    if version == 1:
        data["figure_values"] = {
            name: parse_cell(text) for name, text in (data.get("figures") or {}).items()
        }
        blocks = [b for s in data.get("sections", []) for b in s.get("blocks", [])]
        for block in number_block_tables(blocks):
            table = block.get("table")
            if table is None:
                continue
            rows = table.get("rows") or []
            table["values"] = [[parse_cell(cell) for cell in row[1:]] for row in rows]
            table["row_codes"] = _unique(
                ["totaal" if row[0] == TOTAL_ROW else slugify(row[0]) or "rij" for row in rows]
            )
            columns = (table.get("columns") or [])[1:]
            table["column_codes"] = (
                ["aantal"] if len(columns) <= 1 else _unique([slugify(c) for c in columns])
            )
    return data


def printed_figures(data):
    """The key figures of a snapshot of any schema as the letter prints them ("48", "< 5")."""
    data = data or {}
    if "figures" in data:
        return dict(data["figures"])
    return {name: printed.cell_text(value) for name, value in data.get("figure_values", {}).items()}


def earlier_facts(data):
    """What a later letter's reader knows from this one: (cells [(key, label, is_total)],
    relations [{key: coefficient}], statements [(kind, part, whole, Decimal, places)])."""
    data = data or {}
    cells = [
        (stored_key(key), decode(label), bool(total)) for key, label, total in data.get("cells", [])
    ]
    relations = [{stored_key(k): c for k, c in terms} for terms in data.get("relations", [])]
    statements = [
        (kind, stored_key(part), stored_key(whole), Decimal(value), places)
        for kind, part, whole, value, places in data.get("statements", [])
    ]
    return cells, relations, statements


def value_status(value, threshold):
    """(number or None, status code, band {low, high} or None) of a published cell (a count,
    or a mean or an effect size of the effect block)."""
    if isinstance(value, dict) and "band" in value:
        low, high = value["band"]
        return None, "I", {"low": low, "high": high}
    if isinstance(value, int | float):
        return value, "A", None
    if value is None:
        return None, "M", None
    small = _SMALL.fullmatch(value)
    if small:
        return None, "I", {"low": 1, "high": int(small.group(1)) - 1}
    band = parse_band(value)
    if band is not None:
        return None, "I", {"low": band.low, "high": band.high}
    if value == HIDDEN:
        return None, "C", None
    if value == WITHHELD:
        return None, "N", None
    return None, "M", None


def published_figures(data):
    """Every figure the letter prints, in its order (key figures, then each table cell), as
    records of plain data: Dutch labels beside stable codes, a number or None, a status."""
    data = load(data)
    threshold = data.get("threshold")
    shown = printed.letter(data)
    records = []

    def record(section, table, row, column, value, printed):
        number, status, band = value_status(value, threshold)
        return {
            "onderdeel": section[0],
            "onderdeel_code": section[1],
            "tabel": table[0],
            "tabel_code": table[1],
            "rij": row[0],
            "rij_code": row[1],
            "kolom": column[0],
            "kolom_code": column[1],
            "waarde": number,
            "status": status,
            "band": band,
            "zoals_gedrukt": printed,
        }

    key_figures = ("Kerncijfers", "kerncijfers")
    for name, value in data["figure_values"].items():
        if name in KEY_FIGURES:
            records.append(
                record(
                    key_figures,
                    key_figures,
                    (KEY_FIGURE_LABELS[name], KEY_FIGURE_CODES[name]),
                    ("Aantal", "aantal"),
                    value,
                    shown["figures"][name],
                )
            )
    for section, shown_section in zip(data.get("sections", []), shown["sections"], strict=True):
        where = (section.get("heading", ""), SECTION_CODES.get(section["key"], section["key"]))
        for block, shown_block in zip(section["blocks"], shown_section["blocks"], strict=True):
            table = block.get("table")
            if not table:
                continue
            columns = (table.get("columns") or [])[1:]
            rows = shown_block["table"]["rows"]
            for row, values, row_code in zip(
                rows, table["values"], table["row_codes"], strict=True
            ):
                for index, value in enumerate(values):
                    records.append(
                        record(
                            where,
                            (table.get("caption", ""), table["code"]),
                            (row[0], row_code),
                            (
                                columns[index] if index < len(columns) else "",
                                table["column_codes"][index],
                            ),
                            value,
                            row[index + 1],
                        )
                    )
    return records
