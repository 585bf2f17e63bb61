"""Linking: identities between blocks, the parts of grouped counts, the segments of nested
periods and the figures of earlier letters."""

from intake.constants import (
    Outcome,
    Track,
)

from ..constants import BlockKind
from ..selectors import elementary_segments
from .grains import time_options
from .keys import atoms_of, is_period_key, key_dates, period_key
from .snapshot import earlier_facts

# --- linking: identities, grouped counts, periods, earlier letters -----------------------------

IDENTITY_LABELS = {
    "trajects": "Kortdurende trajecten gestart",
    f"track:{Track.SHORT_TRAJECT}": "Spoor B",
    f"outcome:{Outcome.TRAJECT_STARTED}": "Uitkomst traject gestart",
    f"outcome:{Outcome.REFERRED_ON}": "Uitkomst doorverwezen",
    "referrals:visits": "Verwijzingen vanuit bezoeken",
    "referrals:trajects": "Verwijzingen vanuit trajecten",
}


def _owners_of(letter, measure):
    """The blocks that state a count of any atom of the measure."""
    return set().union(*(letter.atom_owners.get(atom, set()) for atom in atoms_of(measure)))


def _latent(letter, key):
    """A part of a linked count, never stated: counted with today's data and protected like
    any count. Also outside this letter's period: a Jul–Dec letter after a Jan–Dec one gives
    Jan–Jun away, and that must not be a small count either."""
    if key in letter.values:
        return
    first, last = key_dates(key)
    letter.cell(key, letter.data.value(key[1], first, last), shown=False)
    for block in _owners_of(letter, key[1]):
        letter.owners.setdefault(key, set()).add(block)


def link(letter):
    """Add what a reader can combine beyond each block's own table."""
    data, values = letter.data, letter.values

    def identity(measures):
        """Counts that are one count by how the portal works, where the data agree (a visit
        corrected by hand may not): declared latent where no block states them."""
        keys = [letter.key(m) for m in measures]
        if not any(key in values for key in keys):
            return
        numbers = [data.value(m, letter.start, letter.end) for m in measures]
        for key, measure in zip(keys, measures, strict=True):
            if key not in values:
                letter.cell(
                    key,
                    data.value(measure, letter.start, letter.end),
                    shown=False,
                    label=IDENTITY_LABELS.get(measure),
                )
                for block in set().union(*(letter.owners.get(k, set()) for k in keys)):
                    letter.owners.setdefault(key, set()).add(block)
        for key, number in zip(keys[1:], numbers[1:], strict=True):
            if number == numbers[0]:
                letter.relation({keys[0]: 1, key: -1})
                letter.identities.append({keys[0]: 1, key: -1})

    identity([f"outcome:{Outcome.TRAJECT_STARTED}", "trajects", f"track:{Track.SHORT_TRAJECT}"])
    referrals = letter.key("referrals")
    if data.referral_identity:
        identity([f"outcome:{Outcome.REFERRED_ON}", "referrals:visits"])
    if referrals in values:
        # The referrals are those of visits and of trajects. Without any of trajects a reader
        # may take them all for the visits' (as the issue's example does): the stricter reading.
        parts = [letter.key("referrals:visits"), letter.key("referrals:trajects")]
        if not data.value("referrals:trajects", letter.start, letter.end):
            parts = parts[:1]
        for part in parts:
            _latent(letter, part)
            letter.labels.setdefault(part, IDENTITY_LABELS[part[1]])
        letter.relation({referrals: 1, **dict.fromkeys(parts, -1)})

    # Earlier letters as they read: every cell, and what their reader knows besides (their
    # tables add up, their identities, their percentages and averages).
    for row in letter.earlier:
        cells, relations, statements = earlier_facts(row["snapshot"])
        letter.earlier_cells += cells
        letter.earlier_relations += relations
        letter.earlier_statements += statements
    published_earlier = {key for key, _label, _total in letter.earlier_cells}
    for relation in letter.earlier_relations:
        for key in relation:
            if is_period_key(key) and key not in published_earlier:
                _latent(letter, key)  # a count an earlier letter only implied
    for _kind, part, whole, _value, _places in letter.earlier_statements:
        for key in (part, whole):
            if is_period_key(key) and key not in published_earlier:
                _latent(letter, key)

    # A count over a range is the sum of its count over the segments that all ranges of the
    # same count cut it into (Jan–Dec = Jan–Jun + Jul–Dec, a quarter = its months), and a
    # grouped count is the sum of its parts (so that letters that group differently link).
    keys = {key for key in values if is_period_key(key)}
    keys |= {key for key, _label, _total in letter.earlier_cells if is_period_key(key)}
    seen = set()

    def add(relation):
        frozen = frozenset(relation.items())
        if frozen not in seen:
            seen.add(frozen)
            letter.relation(relation)

    def by_segments(measures):
        spans = {}
        for key in list(keys):
            if key[1] in measures:
                spans.setdefault(key[1], set()).add(key_dates(key))
        for measure, ranges in sorted(spans.items()):
            if len(ranges) < 2:
                continue
            segments = elementary_segments(sorted(ranges))
            for first, last in sorted(ranges):
                inside = [s for s in segments if first <= s[0] and s[1] <= last]
                if len(inside) < 2:
                    continue
                parts = [period_key(measure, *s) for s in inside]
                for part in parts:
                    _latent(letter, part)
                keys.update(parts)
                add({period_key(measure, first, last): 1, **dict.fromkeys(parts, -1)})

    by_segments({key[1] for key in keys})
    for key in sorted(keys):
        atoms = atoms_of(key[1])
        if len(atoms) > 1:
            parts = [period_key(atom, *key_dates(key)) for atom in atoms]
            for part in parts:
                _latent(letter, part)
            keys.update(parts)
            add({key: 1, **dict.fromkeys(parts, -1)})
    by_segments({key[1] for key in keys if len(atoms_of(key[1])) == 1})


def letter_ranges(report, earlier, plan=None):
    """The date ranges a letter counts over: its period, the rows of the readable grains of its
    table of visits over time (with a publication plan, its periods too) and every range of the
    earlier letters it links to."""
    start, end = report.period_start, report.period_end
    ranges = [(start, end)]
    if any(spec.get("kind") == BlockKind.MONTHLY for spec in report.blocks):
        for _grain, rows in time_options([], start, end, plan):
            ranges += [(row["start"], row["end"]) for row in rows]
    for key in _earlier_keys(earlier):
        if is_period_key(key):
            ranges.append(key_dates(key))
    return ranges


def _earlier_keys(earlier):
    """Every key an earlier letter names: its cells, relations and statements."""
    for row in earlier:
        cells, relations, statements = earlier_facts(row["snapshot"])
        for key, _label, _total in cells:
            yield key
        for relation in relations:
            yield from relation
        for _kind, part, whole, _value, _places in statements:
            yield part
            yield whole
