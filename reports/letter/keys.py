"""Cell keys: a count over a period is ("p", measure, first day, last day); a measure is atoms
joined by "+". How keys are stored in a snapshot (JSON lists) and read back."""

import datetime
import functools


def period_key(measure, start, end):
    """The key of a count over a date range (inclusive): ("p", measure, first, last day)."""
    return ("p", measure, start.isoformat(), end.isoformat())


def is_period_key(key):
    return isinstance(key, tuple) and len(key) == 4 and key[0] == "p"


def key_dates(key):
    return datetime.date.fromisoformat(key[2]), datetime.date.fromisoformat(key[3])


@functools.lru_cache(maxsize=4096)
def atoms_of(measure):
    return tuple(sorted(set(measure.split("+"))))


def measure_of(atoms):
    return "+".join(sorted(set(atoms)))


def stored_key(key):
    """Keys are stored in a snapshot as JSON lists; read back as tuples."""
    return tuple(stored_key(k) for k in key) if isinstance(key, list) else key


def json_key(key):
    return list(key) if isinstance(key, tuple) else key
