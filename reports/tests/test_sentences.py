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
        "Weet waar professionele hulp te vinden bij echtscheiding: 46% "
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
