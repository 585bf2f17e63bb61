"""The registry of wordings, and how a paragraph's facts are frozen as JSON and read back."""

import datetime
from decimal import Decimal

from ...disclosure import Band
from ...formatting import format_number

WORDINGS = {}


def wording(name):
    """Register the decorated function `words(threshold, **facts) -> str` as wording `name`."""

    def decorate(function):
        if name in WORDINGS:
            raise ValueError(f"Wording {name!r} is registered already.")
        WORDINGS[name] = function
        return function

    return decorate


def fixed(texts):
    """Register wordings that are one fixed sentence each: {name: sentence}."""
    for name, sentence in texts.items():
        wording(name)(lambda threshold, _sentence=sentence: _sentence)


def encode(value):
    """A fact as JSON: a band {"band": [low, high]}, a Decimal a number with its decimals, a date
    {"date": "2024-01-31"}, a time {"time": "10:00"}; lists and dicts element by element."""
    if isinstance(value, Band):
        return {"band": [value.low, value.high]}
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.time):
        return {"time": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, dict):
        return {key: encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    return value


def decode(value):
    """The fact `encode` wrote: a number with decimals comes back as an exact Decimal."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        if value.keys() == {"band"}:
            return Band(*value["band"])
        if value.keys() == {"date"}:
            return datetime.date.fromisoformat(value["date"])
        if value.keys() == {"time"}:
            return datetime.time.fromisoformat(value["time"])
        return {key: decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode(item) for item in value]
    return value


def say(name, /, **facts):
    """A paragraph of a block: the wording's name and its facts, as the snapshot keeps them."""
    if name not in WORDINGS:
        raise ValueError(f"No wording {name!r}.")
    return {"say": name, **encode(facts)}


def text(paragraph, threshold):
    """The Dutch sentence of a paragraph (a frozen text is printed as it is)."""
    if isinstance(paragraph, str):
        return paragraph
    facts = decode({key: value for key, value in paragraph.items() if key != "say"})
    return WORDINGS[paragraph["say"]](threshold, **facts)


def percent(value, *, word=False):
    """A stated percentage, rounded already: 57 -> "57%", or "57 procent" in running text."""
    return f"{format_number(value)}{' procent' if word else '%'}"
