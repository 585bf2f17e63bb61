"""What the preview and a refused publication say: cells named, hidden cells and problems."""

import datetime

from django.utils.translation import gettext as _

from intake.constants import (
    Outcome,
    Track,
    WhoCame,
)
from referrals.constants import Question

from .. import sentences
from ..constants import BlockKind
from .keys import atoms_of, is_period_key, key_dates
from .snapshot import earlier_facts

ATOM_LABELS = {
    "visits": "Bezoeken",
    "persons": "Inwoners",
    "children": "Betrokken kinderen",
    "women": "Vrouwen",
    "men": "Mannen",
    "trajects": "Kortdurende trajecten",
    "sessions": "Gesprekken",
    "referrals": "Doorverwijzingen",
    "feedback": "Ingevulde vragenlijsten",
    "found:none": "Niet gevraagd hoe zij het loket vonden",
    "referred_by:none": "Geen verwijzer vastgelegd",
}


def _atom_label(letter, atom):
    if atom in ATOM_LABELS:
        return ATOM_LABELS[atom]
    if atom in letter.data.names:
        return letter.data.names[atom]
    prefix, _sep, value = atom.partition(":")
    choices = {"question": Question, "outcome": Outcome, "who": WhoCame, "track": Track}
    if prefix in choices:
        try:
            return str(choices[prefix](value).label)
        except ValueError:
            pass
    return atom


def describe(letter, key):
    """How the preview and the refusal name a cell: its row, or its count and period."""
    if is_period_key(key):
        first, last = key_dates(key)
        name = letter.labels.get(key) or " + ".join(
            _atom_label(letter, a) for a in atoms_of(key[1])
        )
        if (first, last) == (letter.start, letter.end):
            return name
        return f"{name}, {sentences.period_text(first, last)}"
    if key in letter.labels:
        return letter.labels[key]
    return ", ".join(map(str, key)) if isinstance(key, tuple) else str(key)


def hidden_notes(letter, result, index):
    """Each hidden cell of the block with its reason, and the earlier letters it is hidden
    because of: those over the period of the small count it protects, when that is not
    this letter's period (December between a Jan–Nov letter and this annual letter)."""
    notes = []
    for key, label in result.published.items():
        if key in letter.bands:
            continue
        if index in letter.owners.get(key, ()) and isinstance(label, str):
            reason = result.reasons.get(key, "")
            note = f"{describe(letter, key)}: {label} – {reason}"
            letters = _earlier_behind(letter, result.protects.get(key))
            if letters:
                note += " " + _("(because of %(letters)s)") % {"letters": letters}
            notes.append(note)
    return notes


def _earlier_behind(letter, target):
    """The earlier letters that make a protected count of another period than this letter's
    (December between a Jan–Nov letter and an annual letter): those over it or next to it,
    named with their periods; "" when there are none."""
    if target is None or not is_period_key(target):
        return ""
    first, last = key_dates(target)
    if (first, last) == (letter.start, letter.end):
        return ""
    return ", ".join(_earlier_near(letter, [(first, last)]))


def _earlier_near(letter, periods):
    """The earlier letters over or next to any of `periods`, each named with its period."""
    day = datetime.timedelta(days=1)
    return [
        f"{row['title']} ({sentences.period_text(row['period_start'], row['period_end'])})"
        for row in letter.earlier
        if any(
            row["period_start"] <= last + day and first - day <= row["period_end"]
            for first, last in periods
        )
    ]


def unsafe_blocks(letter, result):
    """The figure blocks with a small count that stays exact even with bands and hidden cells:
    {block index: why it is left out of the letter, naming the earlier letters over or next
    to the periods of those counts}. A count that no block states (only the earlier letters
    and the links between periods) is none of them: problems_of names it."""
    cells = {}
    for key in sorted(result.exposed, key=repr):
        for block in letter.owners.get(key, ()):
            cells.setdefault(block, []).append(key)
    reasons = {}
    for block, keys in cells.items():
        letters = _earlier_near(letter, [key_dates(key) for key in keys if is_period_key(key)])
        reasons[block] = _(
            "Left out of the letter: even with bands and hidden cells a small count could still "
            "be worked out (%(cells)s) together with %(letters)s. In its place the letter says "
            "that these figures are left out so that no one can be recognised."
        ) % {
            "cells": ", ".join(sorted(describe(letter, key) for key in keys)),
            "letters": ", ".join(letters) or _("the earlier letters"),
        }
    return reasons


def problems_of(letter, result):
    problems = []
    by_block = {}
    for key in result.exposed:
        for block in letter.owners.get(key) or {None}:
            by_block.setdefault(block, []).append(describe(letter, key))
    for block, cells in sorted(by_block.items(), key=lambda item: (item[0] is None, item[0] or 0)):
        if block is None:
            problems.append(
                _(
                    "A small count could still be worked out together with earlier letters "
                    "(%(cells)s); choose another period or correct the earlier letter."
                )
                % {"cells": ", ".join(sorted(cells))}
            )
            continue
        spec = letter.report.blocks[block]
        problems.append(
            _(
                "Figure block %(number)s (%(kind)s) cannot be published safely: a small count "
                "could still be worked out (%(cells)s). Remove the block or choose another period."
            )
            % {
                "number": block + 1,
                "kind": BlockKind(spec["kind"]).label,
                "cells": ", ".join(sorted(cells)),
            }
        )
    return problems


def band_notes(letter, result, index):
    """Why a total of the block reads as a band: the earlier letters it would differ from by a
    small count."""
    notes = []
    for key, band in letter.bands.items():
        if index not in letter.owners.get(key, ()) or result.published.get(key) != band:
            continue
        measure = key[1] if is_period_key(key) else None
        titles = [
            f"{row['title']} ({sentences.period_text(row['period_start'], row['period_end'])})"
            for row in letter.earlier
            if any(
                is_period_key(k) and k[1] == measure
                for k, _label, _total in earlier_facts(row["snapshot"])[0]
            )
        ]
        notes.append(
            _(
                "%(cell)s: %(band)s instead of the exact number; the exact number would give a "
                "small count away together with %(letters)s."
            )
            % {
                "cell": describe(letter, key),
                "band": sentences.count_phrase(band),
                "letters": ", ".join(titles) or _("the earlier letters"),
            }
        )
    return notes
