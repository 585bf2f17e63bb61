"""The whole letter: its blocks rendered, linked and protected as one publication."""

import copy
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from .. import disclosure, sentences
from ..constants import BlockKind
from ..models import CouncilReport
from ..selectors import earlier_letters, letter_data
from . import snapshot
from .blocks import RENDERERS
from .builder import Letter
from .linking import letter_ranges, link
from .plan import plan_of
from .preview import band_notes, describe, hidden_notes, problems_of, unsafe_blocks
from .view import Published
from .wording import say

# --- the whole letter --------------------------------------------------------------------------


@dataclass
class Composition:
    snapshot: dict
    problems: list = field(default_factory=list)
    # What was protected, for the audit (series_audit): not part of the snapshot.
    letter: Letter | None = field(default=None, repr=False, compare=False)
    result: disclosure.PublicationResult | None = field(default=None, repr=False, compare=False)
    dropped: set = field(default_factory=set, repr=False, compare=False)
    # The municipality's publication plan (plan.Plan) and whether the letter keeps to it.
    plan: object = field(default=None, repr=False, compare=False)
    in_plan: bool = field(default=True, repr=False, compare=False)
    # The blocks left out because nothing safe is left of them: {index: why}.
    left_out: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def left_out_blocks(self):
        """The protection entries ({"number", "title", "notes"}) of the blocks left out."""
        return [
            block for block in self.snapshot["protection"] if block["number"] - 1 in self.left_out
        ]


def compose(*, report, threshold) -> Composition:
    """Compute, protect and write the figure blocks of a report: the snapshot to freeze, and the
    problems that forbid publishing it (a small count that would stay exact).

    A block with a small count that stays exact even with bands and hidden cells is left out:
    the letter is composed again without its cells, and says in its place that its figures
    are left out so that no one can be recognised (Composition.left_out names why)."""
    earlier = earlier_letters(report=report)
    plan = plan_of(report.municipality)
    data = letter_data(
        municipality=report.municipality,
        ranges=letter_ranges(report, earlier, plan),
        indicator_ids=[
            spec.get("indicator")
            for spec in report.blocks
            if spec.get("kind") == BlockKind.INDICATOR
        ],
        monthly=any(spec.get("kind") == BlockKind.MONTHLY for spec in report.blocks),
    )
    left_out = {}
    while True:
        composition = _compose(report, threshold, earlier, plan, data, left_out)
        unsafe = unsafe_blocks(composition.letter, composition.result)
        if not unsafe:
            return composition
        left_out = {**left_out, **unsafe}


def _compose(report, threshold, earlier, plan, data, left_out):
    letter = Letter(
        report=report,
        data=data,
        threshold=threshold,
        earlier=earlier,
        plan=plan,
    )
    letter.kinds = {
        spec.get("kind") for index, spec in enumerate(report.blocks) if index not in left_out
    }
    renderers = []
    for index, spec in enumerate(report.blocks):
        letter.block = index
        if index in left_out:
            renderers.append(None)
            continue
        renderers.append(RENDERERS[BlockKind(spec["kind"])](spec, letter))
    letter.block = None
    link(letter)
    result, dropped = letter.protect()
    view = Published(letter, result, dropped)

    blocks, protection = [], []
    for index, (spec, render) in enumerate(zip(report.blocks, renderers, strict=True)):
        letter.block = index
        title = str(BlockKind(spec["kind"]).label)
        if render is None:
            blocks.append(
                {
                    "heading": spec["heading"],
                    "kind": spec["kind"],
                    "paragraphs": [say("letter.left_out")],
                    "table": None,
                    "chart": None,
                }
            )
            protection.append({"number": index + 1, "title": title, "notes": [left_out[index]]})
            continue
        content = render(view)
        notes = list(letter.notes.get(index, []))
        notes += band_notes(letter, result, index)
        notes += hidden_notes(letter, result, index)
        if any(s.block == index for s in dropped):
            notes.append(
                _(
                    "Percentages and averages left out: together with the other figures they "
                    "would give a small count away."
                )
            )
        if content is None:
            notes.append(_("Nothing to say for this period: the block is left out of the letter."))
        else:
            blocks.append(
                {
                    "heading": spec["heading"],
                    "kind": spec["kind"],
                    "paragraphs": content.get("paragraphs", []),
                    "table": content.get("table"),
                    "chart": content.get("chart"),
                }
            )
        protection.append({"number": index + 1, "title": title, "notes": notes})
    snapshot.number_block_tables(blocks)

    problems = problems_of(letter, result)
    shown = dict(result.published)
    return Composition(
        snapshot=snapshot.dump(
            threshold=threshold,
            figures={
                name: shown.get(letter.key(name))
                for name in snapshot.KEY_FIGURES
                if letter.key(name) in shown
            },
            sections=[
                {
                    "key": key,
                    "heading": heading,
                    "text": getattr(report, key),
                    "blocks": [b for b in blocks if b["heading"] == key],
                }
                for key, heading in CouncilReport.HEADINGS
            ],
            # Every published cell with its key, so that later letters of the municipality
            # are protected together with this one.
            cells=[(key, label, key in letter.totals) for key, label in shown.items()],
            relations=[
                *({**dict.fromkeys(rows, 1), total: -1} for rows, total in letter.tables.values()),
                *letter.identities,
            ],
            statements=[
                (s.kind, s.part, s.whole, s.value, s.places)
                for s in letter.statements
                if s not in dropped
            ],
            protection=protection,
            linked_letters=[
                {
                    "title": row["title"],
                    "version": row["version"],
                    "period": sentences.period_text(row["period_start"], row["period_end"]),
                }
                for row in earlier
                if snapshot.earlier_facts(row["snapshot"])[0]
            ],
            outdated=[
                {"cell": describe(letter, key), "earlier": [str(v) for v in labels]}
                for key, labels in result.outdated.items()
            ],
        ),
        problems=problems,
        letter=letter,
        result=result,
        dropped=dropped,
        plan=letter.plan,
        left_out=left_out,
        in_plan=letter.plan is None or letter.plan.contains(letter.start, letter.end),
    )


def letter_snapshot(*, report, threshold=None) -> Composition:
    """The letter's figures as they would be published now, and what forbids publishing.

    The small-count threshold is the recipient municipality's (default 5). The letter is a
    Dutch document whatever the language of the request or command that renders it.
    """
    if threshold is None:
        threshold = report.municipality.small_count_threshold or disclosure.DEFAULT_THRESHOLD
    with translation.override("nl"):
        return compose(report=report, threshold=threshold)


def series_audit(*, report, threshold=None):
    """The exact audit of a letter together with every earlier letter of its municipality (a
    published letter is audited with those before it, as it was published): the small counts
    of any cell, period or difference of periods that a reader can pin down from all of it,
    as the preview names them. Empty when the series is safe."""
    composition = letter_snapshot(report=report, threshold=threshold)
    letter, result = composition.letter, composition.result
    pub = letter.publication(composition.dropped)
    ranges = disclosure.linked_ranges(pub, result)
    return sorted(
        describe(letter, key)
        for key, (low, high) in ranges.items()
        if low == high and letter.small(pub.cells[key].value)
    )


# At most this many other periods are composed to find a safe one (each takes a whole
# composition).
ALTERNATIVES_TRIED = 3


def alternatives(*, report, composition):
    """The same letter over nearby periods that keep to the publication plan or, when it
    cannot be published whole (refused, or a block left out), to the periods of the earlier
    letters: [{"start", "end", "period", "checked"}], nearest first. When it cannot be
    published whole each is composed, and only those published whole are offered
    ("checked": True)."""
    start, end = report.period_start, report.period_end
    plan = composition.plan
    periods = plan.alternatives(start, end) if plan is not None else []
    whole = not (composition.problems or composition.left_out)
    if not whole:
        periods = [*periods, *_earlier_aligned(composition.letter)]
    found, seen = [], set()
    for first, last in periods:
        if (first, last) in seen or (first, last) == (start, end) or first > last:
            continue
        seen.add((first, last))
        found.append(
            {
                "start": first,
                "end": last,
                "period": sentences.period_text(first, last),
                "checked": False,
            }
        )
    if whole:
        return [] if composition.in_plan else found
    safe = []
    for option in found[:ALTERNATIVES_TRIED]:
        other = copy.copy(report)
        other.period_start, other.period_end = option["start"], option["end"]
        tried = letter_snapshot(report=other, threshold=composition.snapshot["threshold"])
        if not (tried.problems or tried.left_out):
            safe.append({**option, "checked": True})
    return safe


def _earlier_aligned(letter):
    """Periods near the letter's whose start and end are those of earlier letters (or its
    own): a difference with them is then a whole earlier letter, not a few quiet weeks."""
    start, end = letter.start, letter.end
    starts = {row["period_start"] for row in letter.earlier} | {start}
    ends = {row["period_end"] for row in letter.earlier} | {end}
    candidates = {(s, e) for s in starts for e in ends if s <= e} - {(start, end)}
    return sorted(candidates, key=lambda p: abs((p[0] - start).days) + abs((p[1] - end).days))
