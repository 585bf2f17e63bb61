"""Small-count protection for published figures: one table, or a whole letter linked with the
earlier letters of its municipality. The reasoning is in docs/disclosure.md; this package's
modules are listed there. Callers import from here."""

from ..coarsening import coarsen_months, merge_small
from .grain import choose_grain
from .labels import (
    DEFAULT_THRESHOLD,
    HIDDEN,
    WITHHELD,
    Band,
    band_around,
    is_small,
    parse_band,
    protect_count,
    small_label,
)
from .protection import linked_ranges, pinned_anyway, protect_publication
from .publication import LinkedPublication, PublicationResult
from .solver import feasible_ranges
from .table import protect_rows, protect_table, suppress

__all__ = [
    "Band",
    "band_around",
    "parse_band",
    "pinned_anyway",
    "DEFAULT_THRESHOLD",
    "HIDDEN",
    "WITHHELD",
    "LinkedPublication",
    "PublicationResult",
    "choose_grain",
    "coarsen_months",
    "feasible_ranges",
    "is_small",
    "linked_ranges",
    "merge_small",
    "protect_count",
    "protect_publication",
    "protect_rows",
    "protect_table",
    "small_label",
    "suppress",
]
