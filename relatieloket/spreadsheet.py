"""Files a spreadsheet opens: CSV for Excel, and the guard against a text cell run as a formula
(OWASP: CSV injection). Every export of the portal writes its cells through this."""

import csv
import io
import re

# A spreadsheet reads a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Figures in Dutch notation ("-5%", "+19%", "-1.250,5") are numbers, not formulas.
_FIGURE = re.compile(r"[+-]?[0-9][0-9.]*(?:,[0-9]+)?%?")


def is_formula_like(value):
    """A text cell a spreadsheet would run as a formula; numbers and figures are not."""
    return (
        isinstance(value, str) and value.startswith(FORMULA_START) and not _FIGURE.fullmatch(value)
    )


def csv_bytes(lines):
    """CSV for Excel (";", BOM); a formula-like text gets a leading apostrophe, so it is text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for line in lines:
        writer.writerow(["'" + cell if is_formula_like(cell) else cell for cell in line])
    return buffer.getvalue().encode("utf-8-sig")
