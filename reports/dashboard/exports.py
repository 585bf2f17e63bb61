"""Every dashboard table as CSV or XLSX, with the filter in the file name and a header row.

For publication every count goes through small-count protection (`disclosure`): one-way tables
with their total, and the key figures as the partitions they are (women/men/other of persons,
track A/B of visits, …), so no hidden count can be worked out from a total beside it.
"""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from relatieloket.spreadsheet import csv_bytes, is_formula_like

from ..disclosure import is_small, protect_count, protect_rows
from ..formatting import format_euro, format_number, format_percent, format_signed_percent

# table key -> (Dutch title, figure family). One-way tables have rows with "label" and "count".
# The titles are headings on the dashboard (translated) and in the export files (Dutch).
ONE_WAY_TABLES = {
    "gemeenten": (_("Municipality"), "municipalities"),
    "vragen": (_("Question"), "questions"),
    "kanalen": (_("Channel"), "channels"),
    "uitkomsten": (_("Outcome"), "outcomes"),
    "gevonden-via": (_("How they found us"), "found_via"),
    "life-events": (_("Life event"), "life_events"),
    "adviesgebieden": (_("Advice domain"), "advice_domains"),
    "verwezen-door": (_("Referred by"), "referred_by"),
    "doorverwezen-naar": (_("Referred to"), "referred_to"),
}
TABLES = {
    "kerncijfers": (_("Key figures"), "key_figures"),
    **ONE_WAY_TABLES,
    "per-maand": (_("Visits per month"), "monthly"),
    "activiteiten": (_("Activities"), "activities"),
}


# Rows whose count the key figures publish too (starting a traject sets this outcome): they
# are not hidden as secondary cells, or the key figures would undo the hiding.
STATED_ELSEWHERE = {"outcomes": {"traject_gestart"}}


NO_TARIFF = "geen tarief"  # costs without a tariff are unknown, not € 0
UNKNOWN_COSTS = "onbekend: trajecten bij een loket zonder tarief"
UNKNOWN_COSTS_OF = "onbekend: %(n)d traject%(s)s bij een loket zonder tarief"

# Excel number formats (stored locale-free; a Dutch Excel shows "1.234", "3,5", "€ 2.000",
# "20%"). "[$€-413]" is the euro sign of the Dutch (Netherlands) locale.
NUMBER_FORMATS = {
    "count": "#,##0",
    "decimal": "#,##0.0",
    "euro": "[$€-413] #,##0;[$€-413] -#,##0",
    "euro_cents": "[$€-413] #,##0.00;[$€-413] -#,##0.00",
    "percent": "0%",
    "signed_percent": "+0%;-0%;0%",
}
_TEXT = {
    "decimal": lambda v: format_number(v, 1),
    "euro": format_euro,
    "percent": format_percent,
    "signed_percent": format_signed_percent,
}


@dataclass(frozen=True)
class Amount:
    """A number that is not a count (an average, an amount in euros, a share), kept a number
    until the file is written: a CSV writes it in Dutch notation, an XLSX as a number with a
    Dutch number format. None (no value) reads "–"."""

    value: Decimal | None
    kind: str  # "decimal" | "euro" | "percent" | "signed_percent"

    def __str__(self):
        return _TEXT[self.kind](self.value)

    def xlsx(self):
        """(cell value, number format) for a spreadsheet."""
        if self.value is None:
            return "–", None
        kind = self.kind
        if kind == "euro" and self.value != self.value.to_integral_value():
            kind = "euro_cents"
        return float(self.value), NUMBER_FORMATS[kind]


def _amount(value, kind):
    return value if isinstance(value, str) else Amount(value, kind)


def _protected_column(rows, key, threshold, *, fixed_rows=()):
    """The published values of one column of counts, and its published total."""
    column = [{"count": row[key]} for row in rows]
    if not column:
        return [], 0
    published, total = protect_rows(column, threshold, fixed_rows=fixed_rows)
    return [row["published"] for row in published], total


def _key_figure_rows(figures, *, threshold, publication):
    v, t, tracks = figures["visits"], figures["trajects"], figures["tracks"]
    running = t["started"] - t["completed"] - t["stopped"] - t["referred"]
    # Each group is a partition of its first line, so it is protected as a one-way table.
    groups = [
        [("Contacten", v["count"]), ("Spoor A", tracks["A"]), ("Spoor B", tracks["B"])],
        [
            ("Contacten", v["count"]),
            ("Stellen (beide partners of ex-partners)", v["couples"]),
            ("Eén partner", v["one_partner"]),
            ("Ouder met een ander", v["count"] - v["couples"] - v["one_partner"]),
        ],
        [("Personen", v["persons"]), ("Vrouwen", v["women"]), ("Mannen", v["men"])]
        + [("Anders of onbekend", v["other"])],
        [
            ("Trajecten gestart", t["started"]),
            ("Trajecten afgerond", t["completed"]),
            ("Trajecten voortijdig gestopt", t["stopped"]),
            ("Trajecten doorverwezen", t["referred"]),
            ("Trajecten lopend", running),
        ],
    ]
    rows, seen = [], set()
    for group in groups:
        (whole_label, whole), parts = group[0], group[1:]
        if publication:
            # "Spoor B" is the number of trajects started, which the key figures show too.
            fixed = [i for i, (label, _n) in enumerate(parts) if label == "Spoor B"]
            published, total = protect_rows(
                [{"count": n} for _l, n in parts], threshold, fixed_rows=fixed
            )
            values = [row["published"] for row in published]
            whole_value = total if whole == sum(n for _l, n in parts) else protect_count(whole)
        else:
            values, whole_value = [n for _l, n in parts], whole
        if whole_label not in seen:
            rows.append([whole_label, whole_value])
            seen.add(whole_label)
        rows += [[label, value] for (label, _n), value in zip(parts, values, strict=True)]
    few_trajects = publication and is_small(t["started"], threshold)
    children = protect_count(v["children"], threshold) if publication else v["children"]
    feedback = figures["feedback"]
    feedback_hidden = publication and (
        is_small(feedback["answered"], threshold)
        or is_small(feedback["total"] - feedback["answered"], threshold)
    )
    previous = figures["previous_year"]
    previous_hidden = publication and (
        is_small(previous["visits"], threshold) or is_small(v["count"], threshold)
    )
    costs = figures["costs"]
    # Costs without a tariff are unknown, not € 0: with trajects at a desk without one, the
    # total and the share of the budget say so (and how many, but not for publication).
    unknown = costs["trajects_without_tariff"]
    unknown_costs = (
        UNKNOWN_COSTS
        if publication
        else UNKNOWN_COSTS_OF % {"n": unknown, "s": "" if unknown == 1 else "en"}
    )
    rows += [
        ["Betrokken kinderen (schatting)", children],
        [
            "Gemiddeld aantal gesprekken per traject",
            "–" if few_trajects else _amount(t["avg_sessions"], "decimal"),
        ],
        [
            "Feedback: antwoord op hun vraag",
            "–" if feedback_hidden else _amount(feedback["answered_share"], "percent"),
        ],
        [
            "Kosten",
            "–"
            if few_trajects
            else unknown_costs
            if unknown
            else _amount(costs["total"], "euro")
            if costs["has_tariff"]
            else NO_TARIFF,
        ],
        [
            "Kosten per traject",
            "–"
            if few_trajects
            else _amount(costs["per_traject"], "euro")
            if costs["trajects_with_tariff"] or (costs["has_tariff"] and not unknown)
            else NO_TARIFF,
        ],
        ["Budget", _amount(costs["budget"], "euro")],
        [
            "Budget besteed",
            "–"
            if few_trajects
            else unknown_costs
            if unknown
            else _amount(costs["budget_used"], "percent")
            if costs["has_tariff"]
            else NO_TARIFF,
        ],
        [
            "Contacten dezelfde periode een jaar eerder",
            protect_count(previous["visits"], threshold) if publication else previous["visits"],
        ],
        [
            "Verschil met een jaar eerder",
            "–" if previous_hidden else _amount(previous["change"], "signed_percent"),
        ],
    ]
    return rows


def table_rows(figures, table, *, threshold, publication):
    """(columns, rows, total row or None) of a table; for publication with protection."""
    label, family = TABLES[table]
    if family == "key_figures":
        return (
            ["Kerncijfer", "Waarde"],
            _key_figure_rows(figures, threshold=threshold, publication=publication),
            None,
        )
    rows = figures[family]
    if family == "monthly":
        columns = ["Maand", "Contacten", "Een jaar eerder"]
        keys = ("count", "previous")
        labels = [[row["label"]] for row in rows]
    elif family == "activities":
        columns = ["Soort", "Doelgroep", "Aantal", "Deelnemers"]
        keys = ("count", "attendees")
        labels = [[row["kind"], row["audience"]] for row in rows]
    else:
        columns = [str(label), "Aantal"]
        keys = ("count",)
        labels = [[row["label"]] for row in rows]
    values, totals = [], []
    stated = STATED_ELSEWHERE.get(family, set())
    fixed = [i for i, row in enumerate(rows) if row.get("key") in stated]
    for key in keys:
        if publication:
            column, total = _protected_column(rows, key, threshold, fixed_rows=fixed)
        else:
            column, total = [row[key] for row in rows], sum(row[key] for row in rows)
        values.append(column)
        totals.append(total)
    body = [first + list(cells) for first, *cells in zip(labels, *values, strict=True)]
    padding = [""] * (len(labels[0]) - 1) if labels else []
    return columns, body, ["Totaal", *padding, *totals]


def filename(table, *, code, desk=None, start, end, extension, publication=False):
    """The file's name; the protected one says `_publicatie`, so it is not mixed up with the
    exact one."""
    scope = f"{code}_{slugify(desk.name)}" if desk else code
    suffix = "_publicatie" if publication else ""
    return f"relatieloket_{table}_{scope}_{start}_{end}{suffix}.{extension}"


def header_lines(*, table, scope, desk=None, start, end, publication, threshold):
    where = f"{scope}, loket {desk.name}" if desk else scope
    return [
        [f"Relatieloket – {TABLES[table][0]}"],
        [f"Filter: {where}, {start} t/m {end}"],
        [
            f"Voor publicatie. '< {threshold}': minder dan {threshold}; 'x': verborgen zodat "
            "kleine aantallen niet zijn terug te rekenen; '–': niet gepubliceerd, te kleine "
            "aantallen"
            if publication
            else "Niet voor publicatie: exacte aantallen"
        ],
    ]


def _lines(header, columns, rows, total):
    yield from header
    yield columns
    yield from rows
    if total:
        yield total


def as_csv(header, columns, rows, total):
    """CSV for Excel (";", BOM); a formula-like text gets a leading apostrophe, so it is text."""
    return csv_bytes(
        [str(cell) if isinstance(cell, Amount) else cell for cell in line]
        for line in _lines(header, columns, rows, total)
    )


def as_xlsx(header, columns, rows, total):
    """XLSX with every text a text cell: a formula-like text is stored as a string (shown as
    written, never run); counts, amounts and shares are numbers with a Dutch number format
    (a protection mark such as "< 5" or "x" stays text)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tabel"
    for line in _lines(header, columns, rows, total):
        formats = []
        values = []
        for value in line:
            number_format = None
            if isinstance(value, Amount):
                value, number_format = value.xlsx()
            elif isinstance(value, int) and not isinstance(value, bool):
                number_format = NUMBER_FORMATS["count"]
            values.append(value)
            formats.append(number_format)
        sheet.append(values)
        for cell, number_format in zip(sheet[sheet.max_row], formats, strict=False):
            if number_format:
                cell.number_format = number_format
            if is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
