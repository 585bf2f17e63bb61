"""Dutch sentences for council reports, generated from a figures snapshot.

These sentences are document content of a raadsinformatiebrief (always Dutch, like the seeds),
not user-interface text, so they do not go through gettext. Counts from 1 up to the threshold
are shown as "minder dan 5"; percentages are never given when one of the parts is protected,
so no protected count can be worked out from the others.
"""

from datetime import date

from .formatting import format_euro, format_number, format_percent

DEFAULT_THRESHOLD = 5

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def format_date(value) -> str:
    """date(2024, 7, 9) -> "9 juli 2024"; also accepts an ISO string."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_month(value) -> str:
    """ "2024-03" -> "maart 2024"."""
    year, month = str(value)[:7].split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def is_protected(count, threshold=DEFAULT_THRESHOLD) -> bool:
    return count is not None and 0 < count < threshold


def count_text(count, threshold=DEFAULT_THRESHOLD) -> str:
    """53 -> "53"; 3 -> "minder dan 5"; 0 -> "0"."""
    if is_protected(count, threshold):
        return f"minder dan {threshold}"
    return format_number(count or 0)


def period_phrase(start, end) -> str:
    return f"In de periode van {format_date(start)} tot en met {format_date(end)}"


def visits_sentence(figures, *, opening="Sinds de opening", threshold=DEFAULT_THRESHOLD) -> str:
    """E.g. "Sinds de opening hebben 53 inwoners het relatieloket bezocht; het aantal betrokken
    kinderen schatten wij op 74."""
    persons = figures.get("persons") or 0
    children = figures.get("children") or 0
    if not persons:
        return f"{opening} heeft nog geen inwoner het relatieloket bezocht."
    verb = "heeft" if persons == 1 else "hebben"
    noun = "inwoner" if persons == 1 else "inwoners"
    sentence = f"{opening} {verb} {count_text(persons, threshold)} {noun} het relatieloket bezocht"
    if children:
        sentence += (
            f"; het aantal betrokken kinderen schatten wij op {count_text(children, threshold)}"
        )
    return sentence + "."


def question_sentence(rows, *, threshold=DEFAULT_THRESHOLD) -> str:
    """rows: [{"label": "relatieversterking of -herstel", "count": 3}, ...] in display order.

    E.g. "Circa 75% kwam voor relatieversterking of -herstel en 25% voor echtscheiding."
    """
    present = [row for row in rows if row["count"]]
    total = sum(row["count"] for row in present)
    if not total:
        return "Er zijn in deze periode geen hulpvragen geregistreerd."
    if any(is_protected(row["count"], threshold) for row in present):
        return (
            "Een verdeling naar hulpvraag geven wij niet, omdat de aantallen te klein zijn "
            "om te publiceren zonder dat bezoekers herkenbaar kunnen worden."
        )
    parts = [f"{format_percent(row['count'], total)} voor {row['label']}" for row in present]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
    return f"Circa {_insert_verb(joined)}."


def _insert_verb(joined: str) -> str:
    # "75% voor A en 25% voor B" -> "75% kwam voor A en 25% voor B"
    head, _, tail = joined.partition(" voor ")
    return f"{head} kwam voor {tail}"


def indicator_sentence(indicator) -> str:
    """E.g. "Weet waar professionele hulp te vinden bij echtscheiding: 46% (bron: Monitor
    Sociaal Dordrecht 2023)."""
    value = indicator["value"]
    unit = indicator["unit"]
    if unit == "percent":
        shown = format_percent(float(value) / 100)
    elif unit == "euro":
        shown = format_euro(value)
    else:
        shown = format_number(value)
    return f"{indicator['name']}: {shown} (bron: {indicator['source']} {indicator['year']})."


def budget_sentence(budget) -> str:
    """E.g. "Voor 2024 is een budget van € 10.000 beschikbaar voor circa 10 trajecten."""
    if budget is None:
        return "Voor deze periode is geen budget vastgelegd."
    sentence = (
        f"Voor {budget['year']} is een budget van {format_euro(budget['amount'])} beschikbaar"
    )
    if budget.get("planned_trajects"):
        sentence += f" voor circa {format_number(budget['planned_trajects'])} trajecten"
    return sentence + "."
