"""What the preview and a refused publication say: cells named, hidden cells and problems."""

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
    notes = []
    for key, label in result.published.items():
        if key in letter.bands:
            continue
        if index in letter.owners.get(key, ()) and isinstance(label, str):
            reason = result.reasons.get(key, "")
            notes.append(f"{describe(letter, key)}: {label} – {reason}")
    return notes


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
