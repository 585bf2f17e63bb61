"""Every dashboard table as CSV or XLSX, with the filter in the file name and a header row."""

import csv
import io

from openpyxl import Workbook

from .disclosure import protect_rows

# table key -> (Dutch title for the file name, figure family, columns)
TABLES = {
    "vragen": ("Hulpvraag", "questions"),
    "kanalen": ("Kanaal", "channels"),
    "uitkomsten": ("Uitkomst", "outcomes"),
    "life-events": ("Life-event", "life_events"),
    "adviesgebieden": ("Adviesgebied", "advice_domains"),
    "verwezen-door": ("Verwezen door", "referred_by"),
    "doorverwezen-naar": ("Doorverwezen naar", "referred_to"),
    "per-maand": ("Maand", "monthly"),
}


def table_rows(figures, table, *, threshold, publication):
    """Rows [label, count] of a table; for publication with small-count protection."""
    label, family = TABLES[table]
    rows = [dict(row) for row in figures[family]]
    total = sum(row["count"] for row in rows)
    if publication:
        rows, total = protect_rows(rows, threshold)
        return [label, "Aantal"], [[r["label"], r["published"]] for r in rows], total
    return [label, "Aantal"], [[r["label"], r["count"]] for r in rows], total


def filename(table, *, code, start, end, extension):
    return f"relatieloket_{table}_{code}_{start}_{end}.{extension}"


def header_lines(*, table, scope, start, end, publication):
    return [
        [f"Relatieloket – {TABLES[table][0]}"],
        [f"Filter: {scope}, {start} t/m {end}"],
        [
            "Kleine aantallen beschermd (< drempel)"
            if publication
            else "Niet voor publicatie: exacte aantallen"
        ],
    ]


def as_csv(header, columns, rows, total):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(header)
    writer.writerow(columns)
    writer.writerows(rows)
    writer.writerow(["Totaal", total])
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(header, columns, rows, total):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tabel"
    for line in header:
        sheet.append(line)
    sheet.append(columns)
    for row in rows:
        sheet.append(row)
    sheet.append(["Totaal", total])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
