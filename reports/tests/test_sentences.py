import datetime
from decimal import Decimal

from reports import sentences
from reports.disclosure import Band

OPENING = "Sinds de opening"


def _visits(persons, children=None, desk="het relatieloket", threshold=5):
    return sentences.visits_sentence(
        persons, children, opening=OPENING, desk=desk, threshold=threshold
    )


PERSONS_NOT_VISITS = (
    " Wij tellen hier inwoners, geen bezoeken: komt een stel samen, dan zijn dat twee inwoners "
    "in één bezoek."
)


def test_visits_sentence_in_the_voice_of_the_seeds():
    # 53 residents beside tables that count 39 visits (HIA memo): the sentence says why.
    assert _visits(53, 74) == (
        "Sinds de opening hebben 53 inwoners het relatieloket bezocht; het aantal betrokken "
        "kinderen schatten wij op 74." + PERSONS_NOT_VISITS
    )
    assert _visits(Band(40, 45)) == (
        "Sinds de opening hebben 40 à 45 inwoners het relatieloket bezocht." + PERSONS_NOT_VISITS
    )


def test_small_counts_read_minder_dan_and_are_always_plural():
    # A singular "heeft … inwoner" would betray that exactly one resident came.
    assert _visits("< 5", "< 5") == (
        "Sinds de opening hebben minder dan 5 inwoners het relatieloket bezocht; het aantal "
        "betrokken kinderen schatten wij op minder dan 5." + PERSONS_NOT_VISITS
    )
    # One resident is one visit, no resident no visit, and an unpublished count is no number:
    # nothing to tell apart.
    assert _visits(1, threshold=1) == "Sinds de opening heeft 1 inwoner het relatieloket bezocht."
    assert _visits(0) == "Sinds de opening heeft nog geen inwoner het relatieloket bezocht."


def test_a_count_that_is_not_published_is_not_stated():
    text = _visits(None, 12)
    assert "hoeveel, publiceren wij niet" in text
    assert sentences.count_phrase(None) is None
    assert sentences.count_phrase("< 5") == "minder dan 5"
    assert sentences.count_phrase(1234) == "1.234"


def test_the_desk_is_named_from_the_data():
    assert sentences.desk_phrase(["Adviespunt SKO Dordrecht"]) == "het Adviespunt SKO Dordrecht"
    assert sentences.desk_phrase(["Relatieloket Hendrik-Ido-Ambacht"]) == (
        "het Relatieloket Hendrik-Ido-Ambacht"
    )
    assert sentences.desk_phrase(["Dordrecht Sociaal"]) == "Dordrecht Sociaal"
    assert sentences.desk_phrase(["Loket Zuid", "Loket Noord"]) == "de loketten"
    assert sentences.desk_phrase([]) == "het loket"


def test_question_sentences_in_the_words_of_hia_and_dordrecht():
    assert (
        sentences.question_sentence(
            [
                ("voor relatieversterking of -herstel", "kwam", "75%"),
                ("voor echtscheiding", "kwam", "25%"),
            ],
            style="relationship_or_divorce",
        )
        == "Circa 75% kwam voor relatieversterking of -herstel en 25% voor echtscheiding."
    )
    assert sentences.question_sentence(
        [
            ("gescheiden of van plan te gaan scheiden", "is", "70 procent"),
            ("twijfels over de relatie", "heeft", "25 procent"),
            ("met een andere vraag", "kwam", "5 procent"),
        ],
        style="separated_or_doubts",
    ) == (
        "Van de groep die komt is 70 procent gescheiden of van plan te gaan scheiden, heeft 25 "
        "procent twijfels over de relatie en kwam 5 procent met een andere vraag."
    )


def test_indicators_read_as_dutch_main_clauses():
    """ "14 procent van de inwoners kent het Adviespunt SKO", never "… blijkt dat … kent het"."""
    indicator = {
        "name": "Bekend met het Adviespunt SKO",
        "phrase": "kent het Adviespunt SKO",
        "value": "14.00",
        "unit": "percent",
        "source": "Monitor Sociaal Dordrecht",
        "year": 2023,
    }
    assert sentences.indicator_sentence(indicator) == (
        "14 procent van de inwoners kent het Adviespunt SKO, zo blijkt uit de Monitor Sociaal "
        "Dordrecht 2023."
    )
    assert sentences.indicator_sentence({**indicator, "value": "46.50"}).startswith(
        "46,5 procent van de inwoners"
    )
    assert sentences.indicator_sentence({**indicator, "phrase": ""}) == (
        "Bekend met het Adviespunt SKO: 14 procent (bron: Monitor Sociaal Dordrecht 2023)."
    )
    assert sentences.format_value("1234.50") == "1.234,5"


def _budget(years, without=()):
    amount = sum(Decimal(y["amount"]) * y["days"] / y["days_in_year"] for y in years)
    planned = sum(Decimal(y["planned_trajects"]) * y["days"] / y["days_in_year"] for y in years)
    return {
        "amount": amount.quantize(Decimal("0.01")),
        "planned_trajects": planned.quantize(Decimal("0.1")),
        "years": years,
        "years_without": list(without),
    }


def test_budget_sentences():
    year = {"year": 2024, "amount": 10000, "planned_trajects": 10, "days": 366, "days_in_year": 366}
    assert (
        sentences.budget_sentence(
            _budget([year]), datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
        )
        == "Voor 2024 is een budget van € 10.000 beschikbaar voor circa 10 trajecten."
    )
    part = {**year, "year": 2025, "days": 120, "days_in_year": 365}
    assert sentences.budget_sentence(
        _budget([year, part], without=[2023]),
        datetime.date(2023, 10, 1),
        datetime.date(2025, 4, 30),
    ) == (
        "Voor deze periode is naar rato een budget van € 13.288 beschikbaar, voor circa 13 "
        "trajecten (per jaar: € 10.000 in 2024 voor circa 10 trajecten en € 10.000 in 2025 voor "
        "circa 10 trajecten). Voor 2023 is geen budget vastgelegd."
    )


def test_trajects_sentence():
    assert sentences.trajects_sentence("< 5", None) == (
        "In deze periode zijn minder dan 5 kortdurende trajecten gestart."
    )
    assert sentences.trajects_sentence(10, Decimal("4.6")) == (
        "In deze periode zijn 10 kortdurende trajecten gestart, met gemiddeld 4,6 gesprekken "
        "per traject."
    )
    assert "publiceren wij niet" in sentences.trajects_sentence(None, None)


def test_walk_in_hours_from_the_schedule():
    desk = {
        "name": "Adviespunt SKO Dordrecht",
        "locations": [
            {
                "name": "Brouwersdijk",
                "address": "Brouwersdijk, Dordrecht",
                "hours": [(5, datetime.time(10), datetime.time(12))],
            },
            {"name": "Bibliotheek Zwijndrecht", "address": "", "hours": []},
        ],
    }
    assert sentences.schedule_sentence(desk) == (
        "Het Adviespunt SKO Dordrecht houdt wekelijks inloopspreekuur: op vrijdag van 10.00 uur "
        "tot 12.00 uur aan de Brouwersdijk. Daarnaast kunnen inwoners op afspraak terecht in "
        "Bibliotheek Zwijndrecht."
    )
    desk = {
        "name": "Relatieloket Hendrik-Ido-Ambacht",
        "locations": [
            {
                "name": "Relatieloket Hendrik-Ido-Ambacht",
                "address": "Hendrik-Ido-Ambacht",
                "hours": [],
            }
        ],
    }
    assert sentences.schedule_sentence(desk) == (
        "Bij het Relatieloket Hendrik-Ido-Ambacht kunnen inwoners op afspraak terecht in "
        "Hendrik-Ido-Ambacht."
    )


def test_hours_and_periods_in_dutch():
    assert sentences.hours(90) == "1,5 uur"
    assert sentences.hours(60) == "1 uur"
    assert sentences.format_date(datetime.date(2024, 7, 9)) == "9 juli 2024"
    assert sentences.period_phrase(datetime.date(2023, 10, 1), datetime.date(2024, 3, 31)) == (
        "In de periode van 1 oktober 2023 tot en met 31 maart 2024"
    )
    d = datetime.date
    assert sentences.span_text(d(2023, 1, 1), d(2023, 12, 31)) == "2023"
    assert sentences.span_text(d(2024, 1, 1), d(2024, 6, 30)) == "januari – juni 2024"
    assert sentences.span_text(d(2021, 10, 1), d(2022, 9, 30)) == ("oktober 2021 – september 2022")


def test_table_legend_explains_each_mark_and_tells_withheld_from_no_value():
    assert sentences.table_legend(["10", "< 5", "x"]) == (
        "< 5: minder dan 5, niet gepubliceerd om inwoners te beschermen; "
        "x: verborgen zodat de kleine aantallen niet zijn terug te rekenen."
    )
    assert sentences.table_legend(["–", "n.v.t."]) == (
        "–: niet gepubliceerd, de aantallen zijn te klein; "
        "n.v.t.: geen waarde, er is niets om te tellen."
    )
    assert sentences.table_legend(["10", "0"]) == ""
