"""Month arithmetic, written once: across the turn of the year and for runs of months."""

import datetime

from relatieloket.months import month_end, month_starts, next_month, previous_month

D = datetime.date


def test_next_and_previous_month_cross_the_turn_of_the_year():
    assert next_month(D(2023, 12, 31)) == D(2024, 1, 1)
    assert next_month(D(2024, 1, 31)) == D(2024, 2, 1)
    assert previous_month(D(2024, 1, 15)) == D(2023, 12, 1)
    assert previous_month(D(2024, 3, 1)) == D(2024, 2, 1)


def test_the_months_of_a_period_and_the_end_of_a_run_of_months():
    assert list(month_starts(D(2023, 11, 20), D(2024, 2, 1))) == [
        D(2023, 11, 1),
        D(2023, 12, 1),
        D(2024, 1, 1),
        D(2024, 2, 1),
    ]
    assert list(month_starts(D(2024, 3, 2), D(2024, 2, 28))) == []
    assert month_end(D(2024, 2, 1)) == D(2024, 2, 29)
    assert month_end(D(2024, 10, 1), 3) == D(2024, 12, 31)
    assert month_end(D(2024, 7, 1), 6) == D(2024, 12, 31)
    assert month_end(D(2024, 11, 1), 6) == D(2025, 4, 30)
