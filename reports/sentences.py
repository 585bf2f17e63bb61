"""Dutch sentences for council reports, generated from a figures snapshot.

These sentences are document content of a raadsinformatiebrief (always Dutch, like the seeds),
not user-interface text, so they do not go through gettext. Counts from 1 up to the threshold
are shown as "minder dan 5"; percentages are never given when one of the parts is protected,
so no protected count can be worked out from the others.
"""

from datetime import date
from decimal import Decimal

from .disclosure import DEFAULT_THRESHOLD, HIDDEN, WITHHELD
from .disclosure import is_small as is_protected
from .formatting import format_euro, format_number, format_percent

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


def count_text(count, threshold=DEFAULT_THRESHOLD) -> str:
    """53 -> "53"; 3 -> "minder dan 5"; 0 -> "0"."""
    if is_protected(count, threshold):
        return f"minder dan {threshold}"
    return format_number(count or 0)


def period_phrase(start, end) -> str:
    return f"In de periode van {format_date(start)} tot en met {format_date(end)}"


def period_text(start, end) -> str:
    """The "Periode" line of the letterhead: "1 januari 2024 tot en met 30 juni 2024"."""
    return f"{format_date(start)} tot en met {format_date(end)}"


# Tables write a hidden count one way, explained by a legend under the table.
SECONDARY = HIDDEN


def table_legend(cells, *, threshold=DEFAULT_THRESHOLD) -> str:
    """The legend under a table, for the kinds of hidden cells it has; "" when none."""
    parts = []
    if f"< {threshold}" in cells:
        parts.append(
            f"< {threshold}: minder dan {threshold}, niet gepubliceerd om inwoners te beschermen"
        )
    if SECONDARY in cells:
        parts.append(f"{SECONDARY}: verborgen zodat de kleine aantallen niet zijn terug te rekenen")
    if WITHHELD in cells:
        parts.append(f"{WITHHELD}: niet gepubliceerd, de aantallen zijn te klein")
    return "; ".join(parts) + "." if parts else ""


# Head nouns of desk names that take "het": "het Relatieloket …", "het Adviespunt SKO …".
HET_NOUNS = {
    "adviespunt",
    "centrum",
    "informatiepunt",
    "inloopspreekuur",
    "loket",
    "meldpunt",
    "punt",
    "relatieloket",
    "servicepunt",
    "spreekuur",
    "steunpunt",
    "team",
    "wijkteam",
}


def desk_phrase(names) -> str:
    """How the letter names the desks of a municipality: one desk by its name, else generic.

    ["Adviespunt SKO Dordrecht"] -> "het Adviespunt SKO Dordrecht"; two desks -> "de loketten";
    none -> "het loket".
    """
    names = [name.strip() for name in names if name and name.strip()]
    if len(names) > 1:
        return "de loketten"
    if not names:
        return "het loket"
    name = names[0]
    first = name.split()[0].lower()
    if first in ("de", "het") or first not in HET_NOUNS:
        return name
    return f"het {name}"


def visits_sentence(
    figures,
    *,
    opening="Sinds de opening",
    threshold=DEFAULT_THRESHOLD,
    desk="het relatieloket",
) -> str:
    """E.g. "Sinds de opening hebben 53 inwoners het Relatieloket Hendrik-Ido-Ambacht bezocht;
    het aantal betrokken kinderen schatten wij op 74."

    A protected count is always plural ("minder dan 5 inwoners hebben"): a singular verb would
    betray that exactly one resident came.
    """
    persons = figures.get("persons") or 0
    children = figures.get("children") or 0
    if not persons:
        return f"{opening} heeft nog geen inwoner {desk} bezocht."
    singular = persons == 1 and not is_protected(persons, threshold)
    verb, noun = ("heeft", "inwoner") if singular else ("hebben", "inwoners")
    sentence = f"{opening} {verb} {count_text(persons, threshold)} {noun} {desk} bezocht"
    if children:
        sentence += (
            f"; het aantal betrokken kinderen schatten wij op {count_text(children, threshold)}"
        )
    return sentence + "."


def question_sentence(rows, *, threshold=DEFAULT_THRESHOLD) -> str:
    """rows: [{"label": "relatieversterking of -herstel", "count": 3}, ...] in display order;
    a row with "hidden": True was suppressed in the table (secondary suppression).

    E.g. "Circa 75% kwam voor relatieversterking of -herstel en 25% voor echtscheiding."
    Percentages of a known total would give the hidden counts away, so none are given as soon
    as one group is protected.
    """
    present = [row for row in rows if row["count"]]
    total = sum(row["count"] for row in present)
    if not total:
        return "Er zijn in deze periode geen hulpvragen geregistreerd."
    if any(row.get("hidden") or is_protected(row["count"], threshold) for row in rows):
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


def format_value(value) -> str:
    """Dutch notation with the decimals the value has: "46.00" -> "46", "46.50" -> "46,5"."""
    number = Decimal(str(value))
    places = max(0, -number.normalize().as_tuple().exponent)
    return format_number(number, places)


def _source_phrase(source, year) -> str:
    """ "Monitor Sociaal Dordrecht", 2023 -> "de Monitor Sociaal Dordrecht 2023"."""
    article = "" if source.split()[0].lower() in ("de", "het") else "de "
    return f"{article}{source} {year}"


def indicator_sentence(indicator) -> str:
    """In the voice of the seeds: "Uit de Monitor Sociaal Dordrecht 2023 blijkt dat 46 procent
    van de inwoners weet waar zij professionele hulp kunnen vinden bij een echtscheiding."

    The phrase completes "… procent van de inwoners"; without one, the name and its source.
    Values keep their own decimals (46,5 stays 46,5).
    """
    value = indicator["value"]
    unit = indicator["unit"]
    phrase = (indicator.get("phrase") or "").strip().rstrip(".")
    if unit == "percent":
        shown = f"{format_value(value)} procent"
        if phrase:
            source = _source_phrase(indicator["source"], indicator["year"])
            return f"Uit {source} blijkt dat {shown} van de inwoners {phrase}."
    elif unit == "euro":
        shown = format_euro(value)
    else:
        shown = format_value(value)
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


def trajects_sentence(started, avg_sessions, *, sessions=None, threshold=DEFAULT_THRESHOLD) -> str:
    """E.g. "In deze periode zijn 10 kortdurende trajecten gestart, met gemiddeld 4,6
    gesprekken per traject." Always plural when the count is protected."""
    if not started:
        return "In deze periode is geen kortdurend traject gestart."
    if started == 1 and not is_protected(started, threshold):
        return "In deze periode is 1 kortdurend traject gestart."
    sentence = (
        f"In deze periode zijn {count_text(started, threshold)} kortdurende trajecten gestart"
    )
    if not is_protected(started, threshold) and sessions != 0 and avg_sessions not in (None, "–"):
        sentence += f", met gemiddeld {avg_sessions} gesprekken per traject"
    return sentence + "."


def costs_sentence(costs, *, started, threshold=DEFAULT_THRESHOLD) -> str:
    """The costs of the short trajects against the budget of the period.

    With a protected number of trajects no amounts are given: the total and the tariff per
    traject would give the number away.
    """
    if costs.get("budget") in (None, "–"):
        budget = "Voor deze periode is geen budget vastgelegd."
    else:
        budget = f"Het budget voor deze periode is {costs['budget']}"
        if costs.get("planned_trajects"):
            budget += f", voor circa {format_number(costs['planned_trajects'])} trajecten"
        budget += "."
    if not started:
        return f"In deze periode zijn geen kortdurende trajecten gestart. {budget}"
    if is_protected(started, threshold):
        return (
            "De kosten van de trajecten geven wij niet, omdat het aantal trajecten te klein is "
            f"om te publiceren zonder dat deelnemers herkenbaar kunnen worden. {budget}"
        )
    if started == 1:
        sentence = f"Het kortdurende traject van deze periode kost {costs['total']}. {budget}"
    else:
        sentence = (
            f"De {format_number(started)} kortdurende trajecten van deze periode kosten "
            f"{costs['total']}, gemiddeld {costs['per_traject']} per traject. {budget}"
        )
    if costs.get("budget_used") not in (None, "–"):
        sentence += f" Daarvan is {costs['budget_used']} besteed."
    return sentence
