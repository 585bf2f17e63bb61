"""The composition of a council letter: its figure blocks, protected as one publication.

A letter is read whole, and beside the municipality's earlier letters. So every block declares
the counts it states (tables, figures in sentences), the counts it only implies (latent: the
women among the visitors of a stated share) and the percentages and averages it states, under
keys that name the count and its period: ("p", "question:scheiden", "2023-01-01",
"2023-12-31"). A key that two blocks declare is one cell, so "stated elsewhere" needs no rule
of its own. Then the identities between blocks (outcome "traject gestart" = trajects started =
track B; outcome "doorverwezen" = the referrals of those visits), the parts of grouped counts,
the figures of earlier letters (as they read there) and the segments of nested or overlapping
periods are added, and `disclosure.protect_publication` protects it all together. Only then
are the sentences written, from what may be published.

Where things live: `keys` (cell keys), `groupings` (question groups), `builder` (the letter
being composed), `linking` (identities, periods, earlier letters), `grains` (tables over time),
`view` (what may be published), `blocks/` (one module per family of blocks, each renderer
registered for its `BlockKind`: the cells it declares and the facts it states), `wording/`
(the Dutch sentences of each family of blocks), `compose` (the whole letter), `snapshot` (the
frozen figures, numbers only), `printed` (the letter as printed: numbers to Dutch text),
`preview` (what the preview and a refusal say), `validation` (whether a report's blocks
resolve). Callers import from here.
"""

from .blocks import RENDERERS
from .compose import Composition, alternatives, compose, letter_snapshot, series_audit
from .keys import period_key
from .validation import HEADING_KEYS, block_problems

__all__ = [
    "HEADING_KEYS",
    "RENDERERS",
    "Composition",
    "alternatives",
    "block_problems",
    "compose",
    "letter_snapshot",
    "period_key",
    "series_audit",
]
