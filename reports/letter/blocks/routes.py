"""Blocks about how visitors came and where they went: referred by, found via, referred to."""

from django.utils.translation import gettext as _

from intake.constants import (
    FoundVia,
)

from ... import disclosure
from ...constants import BlockKind
from ..blocks.common import visits_of
from ..wording import say
from .registry import register


def _category_rows(letter, prefix, *, none_label=None):
    found = letter.data.atoms_with_prefix(f"{prefix}:", letter.start, letter.end)
    rows = [
        {"label": letter.data.names.get(atom, atom), "count": count, "measure": atom}
        for atom, count in found.items()
        if not atom.endswith(":none")
    ]
    rows.sort(key=lambda row: (-row["count"], row["label"]))
    none = found.get(f"{prefix}:none", 0)
    if none_label and none:
        rows.append({"label": none_label, "count": none, "measure": f"{prefix}:none"})
    return rows


def _merged_table(letter, rows, rest, caption, columns, total):
    """A category table over the letter's time grain, small groups merged into `rest`, with a
    note naming the merged groups; returns grain_table's (table, index, chosen)."""
    table, index, chosen = letter.grain_table(
        disclosure.merge_small(rows, letter.threshold, rest_label=rest) if rows else [rows],
        captions=caption,
        columns=columns,
        total=total,
    )
    if index:
        letter.note(
            _("Groups merged into “%(rest)s” so that no small count remains: %(groups)s.")
            % {"rest": rest, "groups": ", ".join(chosen[-1]["merged"])}
        )
    return table, index, chosen


@register(BlockKind.REFERRED_BY)
def render_referred_by(spec, letter):
    visits = visits_of(letter)
    rows = _category_rows(letter, "referred_by", none_label="Geen verwijzer vastgelegd")
    table, index, chosen = _merged_table(
        letter,
        rows,
        "Overige verwijzers",
        "Verwezen door",
        ["Verwijzer", "Aantal bezoeken"],
        visits,
    )

    def render(view):
        if not letter.values[visits]:
            return None
        if all(row["measure"] == "referred_by:none" for row in rows):
            return {"paragraphs": [say("referred_by.none")]}
        return {
            "paragraphs": [say("referred_by.lead")],
            "table": view.table(table),
        }

    return render


@register(BlockKind.FOUND_VIA)
def render_found_via(spec, letter):
    """ "Hoe heeft u ons gevonden?": the findability the councils ask about (seeds 001, 004)."""
    visits = visits_of(letter)
    found = letter.data.atoms_with_prefix("found:", letter.start, letter.end)
    labels = {f"found:{choice.value}": str(choice.label) for choice in FoundVia}
    rows = [
        {"label": labels[atom], "count": count, "measure": atom}
        for atom, count in found.items()
        if atom in labels
    ]
    rows.sort(key=lambda row: (-row["count"], row["label"]))
    if found.get("found:none"):
        rows.append(
            {
                "label": "Niet gevraagd of geen antwoord",
                "count": found["found:none"],
                "measure": "found:none",
            }
        )
    table, index, chosen = _merged_table(
        letter,
        rows,
        "Overige manieren",
        "Hoe bezoekers het loket vonden",
        ["Gevonden via", "Aantal bezoeken"],
        visits,
    )

    def render(view):
        if not letter.values[visits]:
            return None
        if all(row["measure"] == "found:none" for row in rows):
            return {"paragraphs": [say("found_via.none")]}
        return {
            "paragraphs": [say("found_via.lead")],
            "table": view.table(table),
        }

    return render


@register(BlockKind.REFERRED_TO)
def render_referred_to(spec, letter):
    total = letter.count("referrals", label="Doorverwijzingen")
    rows = _category_rows(letter, "to")
    table, index, chosen = _merged_table(
        letter,
        rows,
        "Overige organisaties",
        "Doorverwezen naar",
        ["Organisatie", "Aantal verwijzingen"],
        total,
    )

    def render(view):
        if not letter.values[total]:
            return {"paragraphs": [say("referred_to.none")]}
        if len(table.rows) == 1 and "merged" in chosen[0]:
            # Every organisation had a small count: only the total can be said.
            return {"paragraphs": [say("referred_to.total_only", total=view.amount(total))]}
        return {
            "paragraphs": [say("referred_to.lead")],
            "table": view.table(table),
        }

    return render
