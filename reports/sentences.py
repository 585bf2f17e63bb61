"""Dutch sentences and phrases of council letters.

These sentences are document content of a raadsinformatiebrief (always Dutch, like the seeds),
not user-interface text, so they do not go through gettext. They receive what may be published
(reports.letter decides): a count, "< T" for a small one (written "minder dan 5"), or None for a
count that is not published and must not be stated.
"""

from datetime import date, timedelta
from decimal import Decimal

from relatieloket.numbers import round_half_up

from .disclosure import DEFAULT_THRESHOLD, HIDDEN, WITHHELD, Band
from .formatting import NO_VALUE, format_euro, format_number

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
    if NO_VALUE in cells:
        parts.append(f"{NO_VALUE}: geen waarde, er is niets om te tellen")
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


def count_phrase(amount, threshold=DEFAULT_THRESHOLD):
    """53 -> "53"; "< 5" -> "minder dan 5"; a band -> "40 à 45"; None (not published) ->
    None."""
    if amount is None:
        return None
    if isinstance(amount, Band):
        return f"{format_number(amount.low)} à {format_number(amount.high)}"
    if isinstance(amount, str):
        return f"minder dan {threshold}"
    return format_number(amount)


TOO_FEW_FOR_PERCENTAGES = (
    "Een verdeling %s in procenten geven wij niet, omdat de aantallen te klein zijn om te "
    "publiceren zonder dat bezoekers herkenbaar kunnen worden."
)


# The tables of a letter count visits, this sentence counts residents: a couple who come
# together are two residents in one visit. Said where the number stands, so a council member
# who adds up the tables (53 residents, 39 visits in the HIA memo's period) is not left puzzled.
PERSONS_NOT_VISITS = (
    "Wij tellen hier inwoners, geen bezoeken: komt een stel samen, dan zijn dat twee inwoners "
    "in één bezoek."
)


def visits_sentence(persons, children, *, opening, desk, threshold=DEFAULT_THRESHOLD) -> str:
    """E.g. "Sinds de opening hebben 53 inwoners het Relatieloket Hendrik-Ido-Ambacht bezocht;
    het aantal betrokken kinderen schatten wij op 74. Wij tellen hier inwoners, geen bezoeken:
    komt een stel samen, dan zijn dat twee inwoners in één bezoek."

    A protected count is always plural ("minder dan 5 inwoners hebben"): a singular verb would
    betray that exactly one resident came.
    """
    if persons == 0:
        return f"{opening} heeft nog geen inwoner {desk} bezocht."
    if persons is None:
        sentence = (
            f"{opening} hebben inwoners {desk} bezocht; hoeveel, publiceren wij niet om kleine "
            "aantallen te beschermen"
        )
    else:
        singular = persons == 1
        verb, noun = ("heeft", "inwoner") if singular else ("hebben", "inwoners")
        sentence = f"{opening} {verb} {count_phrase(persons, threshold)} {noun} {desk} bezocht"
    if children:
        sentence += (
            f"; het aantal betrokken kinderen schatten wij op {count_phrase(children, threshold)}"
        )
    if persons is not None and persons != 1:
        return f"{sentence}. {PERSONS_NOT_VISITS}"
    return sentence + "."


def _joined(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


def question_sentence(parts, *, style) -> str:
    """parts: [(phrase, verb, percentage)] in table order, e.g.
    ("voor relatieversterking of -herstel", "kwam", "75%").

    "Circa 75% kwam voor relatieversterking of -herstel en 25% voor echtscheiding." (HIA);
    "Van de groep die komt is 75 procent gescheiden of van plan te gaan scheiden en heeft 25
    procent twijfels over de relatie." (Dordrecht).
    """
    if style == "separated_or_doubts":
        clauses = [f"{verb} {percentage} {phrase}" for phrase, verb, percentage in parts]
        return f"Van de groep die komt {_joined(clauses)}."
    (phrase, verb, percentage), *others = parts
    clauses = [f"{percentage} {verb} {phrase}"] + [f"{p} {ph}" for ph, _v, p in others]
    return f"Circa {_joined(clauses)}."


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
    """In the voice of the seeds, as a main clause: "14 procent van de inwoners kent het
    Adviespunt SKO, zo blijkt uit de Monitor Sociaal Dordrecht 2023."

    The phrase completes "… procent van de inwoners" with its verb first ("kent het Adviespunt
    SKO", "weet waar zij hulp kunnen vinden"); a subordinate "blijkt dat …" would need the
    verb at the end ("… het Adviespunt SKO kent"), which a phrase cannot give. Without a
    phrase: the name and its source. Values keep their own decimals (46,5 stays 46,5).
    """
    value = indicator["value"]
    unit = indicator["unit"]
    phrase = (indicator.get("phrase") or "").strip().rstrip(".")
    if unit == "percent":
        shown = f"{format_value(value)} procent"
        if phrase:
            source = _source_phrase(indicator["source"], indicator["year"])
            return f"{shown} van de inwoners {phrase}, zo blijkt uit {source}."
    elif unit == "euro":
        shown = format_euro(value)
    else:
        shown = format_value(value)
    return f"{indicator['name']}: {shown} (bron: {indicator['source']} {indicator['year']})."


def _trajects(n):
    return f"circa {format_number(n)} {'traject' if n == 1 else 'trajecten'}"


def budget_sentence(budget, start, end) -> str:
    """The budget of a period (reports.selectors.period_budget), e.g. "Voor 2024 is een budget
    van € 10.000 beschikbaar voor circa 10 trajecten." For a period that is not one calendar
    year, the pro-rata amount and the yearly budgets it comes from."""
    years = budget["years"]
    whole_year = (
        len(years) == 1
        and start == date(years[0]["year"], 1, 1)
        and end == date(years[0]["year"], 12, 31)
    )
    planned = budget["planned_trajects"]
    if whole_year:
        sentence = f"Voor {years[0]['year']} is een budget van {format_euro(budget['amount'])}"
        sentence += " beschikbaar"
        if planned:
            sentence += f" voor {_trajects(planned)}"
        return sentence + "."
    amount = format_euro(round_half_up(budget["amount"]))
    sentence = f"Voor deze periode is naar rato een budget van {amount} beschikbaar"
    if planned:
        sentence += f", voor {_trajects(round_half_up(planned))}"
    yearly = [
        f"{format_euro(y['amount'])} in {y['year']}"
        + (f" voor {_trajects(y['planned_trajects'])}" if y["planned_trajects"] else "")
        for y in years
    ]
    sentence += f" (per jaar: {_joined(yearly)})."
    if budget["years_without"]:
        without = _joined([str(y) for y in budget["years_without"]])
        sentence += f" Voor {without} is geen budget vastgelegd."
    return sentence


def trajects_sentence(started, average, *, threshold=DEFAULT_THRESHOLD) -> str:
    """E.g. "In deze periode zijn 10 kortdurende trajecten gestart, met gemiddeld 4,6
    gesprekken per traject." Always plural when the count is protected."""
    if started is None:
        return "Het aantal kortdurende trajecten van deze periode publiceren wij niet."
    if started == 1:
        sentence = "In deze periode is 1 kortdurend traject gestart"
    else:
        sentence = (
            f"In deze periode zijn {count_phrase(started, threshold)} kortdurende trajecten gestart"
        )
    if average is not None:
        sentence += f", met gemiddeld {format_number(average, 1)} gesprekken per traject"
    return sentence + "."


def hours(minutes) -> str:
    """90 -> "1,5 uur"; 60 -> "1 uur"; 75 -> "1,3 uur"."""
    value = Decimal(minutes) / 60
    places = 0 if value == value.to_integral_value() else 1
    return f"{format_number(value, places)} uur"


WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
# "aan de Brouwersdijk", "in de Voorstraat", otherwise "in Zwijndrecht".
ALONG = ("dijk", "weg", "laan", "kade", "singel", "gracht", "wal", "haven", "dreef", "park")


def place_phrase(location, desk_name="") -> str:
    """ "aan de Brouwersdijk"; a location named like its desk is named by its address."""
    name = location["name"].strip()
    if name == desk_name.strip() and location.get("address"):
        name = location["address"].split(",")[0].strip()
    last = name.split()[-1].lower() if name else ""
    if last.endswith(ALONG):
        return f"aan de {name}"
    if last.endswith(("straat", "steeg")):
        return f"in de {name}"
    if last.endswith(("plein", "markt")):
        return f"op de {name}"
    return f"in {name}"


def time_text(value) -> str:
    """time(10) -> "10.00 uur"."""
    return f"{value.hour}.{value.minute:02d} uur"


def schedule_sentence(desk, *, several=False) -> str:
    """The walk-in hours and appointment places of a desk, from its schedule, in the words of
    the Dordrecht letter: "… op vrijdag van 10.00 uur tot 12.00 uur aan de Brouwersdijk."."""
    name = desk_phrase([desk["name"]])
    hours_text, appointments = [], []
    for location in desk["locations"]:
        if location["hours"]:
            for weekday, start, end in location["hours"]:
                hours_text.append(
                    f"op {WEEKDAYS[weekday - 1]} van {time_text(start)} tot {time_text(end)} "
                    f"{place_phrase(location, desk['name'])}"
                )
        else:
            appointments.append(place_phrase(location, desk["name"]))
    subject = name[:1].upper() + name[1:]
    parts = []
    if hours_text:
        parts.append(f"{subject} houdt wekelijks inloopspreekuur: {_joined(hours_text)}.")
    if appointments:
        lead = "Daarnaast kunnen inwoners" if hours_text else f"Bij {name} kunnen inwoners"
        parts.append(f"{lead} op afspraak terecht {_joined(appointments)}.")
    return " ".join(parts)


def span_text(start, end) -> str:
    """The period of a partner return: "2023", "januari – juni 2024", "oktober 2021 –
    september 2022", or its days."""
    if start.day != 1 or (end + timedelta(days=1)).day != 1:
        return f"{format_date(start)} – {format_date(end)}"
    if start.month == 1 and end.month == 12 and start.year == end.year:
        return str(start.year)
    if start.year == end.year:
        return f"{MONTHS[start.month - 1]} – {MONTHS[end.month - 1]} {end.year}"
    return f"{MONTHS[start.month - 1]} {start.year} – {MONTHS[end.month - 1]} {end.year}"
