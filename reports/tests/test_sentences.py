import datetime

from reports import sentences

RELATIONSHIP = "relatieversterking of -herstel"
SEPARATION = "echtscheiding"


def test_visits_sentence_in_the_voice_of_the_seeds():
    assert sentences.visits_sentence({"persons": 53, "children": 74}) == (
        "Sinds de opening hebben 53 inwoners het relatieloket bezocht; het aantal betrokken "
        "kinderen schatten wij op 74."
    )


def test_question_sentence_75_25():
    rows = [{"label": RELATIONSHIP, "count": 15}, {"label": SEPARATION, "count": 5}]
    assert sentences.question_sentence(rows) == (
        "Circa 75% kwam voor relatieversterking of -herstel en 25% voor echtscheiding."
    )


def test_question_sentence_three_parts_and_rounding():
    rows = [
        {"label": RELATIONSHIP, "count": 20},
        {"label": "twijfels over de relatie", "count": 10},
        {"label": SEPARATION, "count": 0},
        {"label": "een andere vraag", "count": 10},
    ]
    assert sentences.question_sentence(rows) == (
        "Circa 50% kwam voor relatieversterking of -herstel, 25% voor twijfels over de relatie "
        "en 25% voor een andere vraag."
    )


def test_small_counts_are_protected():
    assert sentences.count_text(3) == "minder dan 5"
    assert sentences.count_text(5) == "5"
    assert sentences.count_text(0) == "0"
    assert sentences.count_text(1234) == "1.234"
    assert sentences.visits_sentence({"persons": 4, "children": 2}) == (
        "Sinds de opening hebben minder dan 5 inwoners het relatieloket bezocht; het aantal "
        "betrokken kinderen schatten wij op minder dan 5."
    )


def test_a_protected_count_of_visitors_is_always_plural():
    # A singular "heeft … inwoner" would betray that exactly one resident came.
    for persons in (1, 4):
        assert sentences.visits_sentence({"persons": persons}, desk="het loket") == (
            "Sinds de opening hebben minder dan 5 inwoners het loket bezocht."
        )
    assert sentences.visits_sentence({"persons": 1}, threshold=1) == (
        "Sinds de opening heeft 1 inwoner het relatieloket bezocht."
    )


def test_the_desk_is_named_from_the_data():
    assert sentences.desk_phrase(["Adviespunt SKO Dordrecht"]) == "het Adviespunt SKO Dordrecht"
    assert sentences.desk_phrase(["Relatieloket Hendrik-Ido-Ambacht"]) == (
        "het Relatieloket Hendrik-Ido-Ambacht"
    )
    assert sentences.desk_phrase(["Dordrecht Sociaal"]) == "Dordrecht Sociaal"
    assert sentences.desk_phrase(["Loket Zuid", "Loket Noord"]) == "de loketten"
    assert sentences.desk_phrase([]) == "het loket"
    assert sentences.visits_sentence(
        {"persons": 20}, desk=sentences.desk_phrase(["Adviespunt SKO Dordrecht"])
    ) == ("Sinds de opening hebben 20 inwoners het Adviespunt SKO Dordrecht bezocht.")


def test_no_percentages_when_a_part_is_protected():
    rows = [{"label": RELATIONSHIP, "count": 12}, {"label": SEPARATION, "count": 4}]
    text = sentences.question_sentence(rows)
    assert "%" not in text
    assert "te klein" in text


def test_threshold_is_a_parameter():
    assert sentences.count_text(7, threshold=10) == "minder dan 10"


def test_indicator_and_budget_sentences():
    indicator = {
        "name": "Weet waar professionele hulp te vinden bij echtscheiding",
        "value": "46.00",
        "unit": "percent",
        "source": "Monitor Sociaal Dordrecht",
        "year": 2023,
    }
    assert sentences.indicator_sentence(indicator) == (
        "Weet waar professionele hulp te vinden bij echtscheiding: 46 procent "
        "(bron: Monitor Sociaal Dordrecht 2023)."
    )
    budget = {"year": 2024, "amount": "10000.00", "planned_trajects": 10}
    assert sentences.budget_sentence(budget) == (
        "Voor 2024 is een budget van € 10.000 beschikbaar voor circa 10 trajecten."
    )


def test_dates_in_dutch():
    assert sentences.format_date(datetime.date(2024, 7, 9)) == "9 juli 2024"
    assert sentences.period_phrase(datetime.date(2023, 10, 1), datetime.date(2024, 3, 31)) == (
        "In de periode van 1 oktober 2023 tot en met 31 maart 2024"
    )


def test_indicator_in_the_voice_of_the_seeds_keeps_its_decimal():
    indicator = {
        "name": "Weet waar hulp te vinden bij scheiden",
        "phrase": "weet waar zij terechtkunnen met vragen over scheiden",
        "value": "46.00",
        "unit": "percent",
        "source": "Monitor Sociaal",
        "year": 2023,
    }
    assert sentences.indicator_sentence(indicator) == (
        "Uit de Monitor Sociaal 2023 blijkt dat 46 procent van de inwoners weet waar zij "
        "terechtkunnen met vragen over scheiden."
    )
    assert "blijkt dat 46,5 procent van de inwoners" in sentences.indicator_sentence(
        {**indicator, "value": "46.50"}
    )
    assert "blijkt dat 46,25 procent" in sentences.indicator_sentence(
        {**indicator, "value": "46.25"}
    )
    assert sentences.format_value("1234.50") == "1.234,5"


def test_no_percentages_when_a_group_is_hidden_by_secondary_suppression():
    rows = [
        {"label": RELATIONSHIP, "count": 12, "hidden": True},
        {"label": SEPARATION, "count": 30},
    ]
    assert "%" not in sentences.question_sentence(rows)


def test_table_legend_explains_each_kind_of_hidden_cell():
    assert sentences.table_legend(["10", "< 5", "x"]) == (
        "< 5: minder dan 5, niet gepubliceerd om inwoners te beschermen; "
        "x: verborgen zodat de kleine aantallen niet zijn terug te rekenen."
    )
    assert sentences.table_legend(["–", "6"]) == "–: niet gepubliceerd, de aantallen zijn te klein."
    assert sentences.table_legend(["10", "0"]) == ""


def test_trajects_and_costs_sentences_protect_small_counts():
    assert sentences.trajects_sentence(3, "4,3") == (
        "In deze periode zijn minder dan 5 kortdurende trajecten gestart."
    )
    assert sentences.trajects_sentence(10, "4,6") == (
        "In deze periode zijn 10 kortdurende trajecten gestart, met gemiddeld 4,6 gesprekken "
        "per traject."
    )
    costs = {
        "total": "€ 3.000",
        "per_traject": "€ 1.000",
        "budget": "€ 10.000",
        "planned_trajects": 10,
        "budget_used": "30%",
    }
    protected = sentences.costs_sentence(costs, started=3)
    assert "€ 3.000" not in protected and "€ 1.000" not in protected
    assert "Het budget voor deze periode is € 10.000, voor circa 10 trajecten." in protected
    assert sentences.costs_sentence({**costs, "total": "€ 10.000"}, started=10) == (
        "De 10 kortdurende trajecten van deze periode kosten € 10.000, gemiddeld € 1.000 per "
        "traject. Het budget voor deze periode is € 10.000, voor circa 10 trajecten. Daarvan "
        "is 30% besteed."
    )
