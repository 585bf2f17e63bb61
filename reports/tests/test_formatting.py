import pytest

from reports.formatting import format_euro, format_number, format_percent


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (0, 0, "0"),
        (53, 0, "53"),
        (1234, 0, "1.234"),
        (1234567, 0, "1.234.567"),
        (1.5, 1, "1,5"),
        (2.25, 1, "2,3"),
        (-1234, 0, "-1.234"),
        (None, 0, "–"),
    ],
)
def test_format_number(value, places, expected):
    assert format_number(value, places) == expected


def test_format_percent():
    assert format_percent(3, 4) == "75%"
    assert format_percent(1, 4) == "25%"
    assert format_percent(1, 3) == "33%"
    assert format_percent(2, 3) == "67%"
    assert format_percent(0, 0) == "–"
    assert format_percent(0.46) == "46%"
    assert format_percent(1, 3, places=1) == "33,3%"


def test_format_euro():
    assert format_euro(10000) == "€ 10.000"
    assert format_euro(800) == "€ 800"
    assert format_euro(1234.5) == "€ 1.234,50"
    assert format_euro(None) == "–"
