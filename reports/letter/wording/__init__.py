"""The Dutch words of a letter's blocks, one module per family of blocks (as in `blocks/`).

A block states its figures as paragraphs of facts, `say("visits.summary", persons=48, …)`:
a wording name and numbers, protection marks ("< 5", "x", "–") and bands, never text made
from a number. The snapshot freezes these facts; `text(paragraph, threshold)` writes the
sentence when the letter is rendered, with the wording registered under that name
(`registry`). A paragraph frozen before schema 3 is already text and is printed as it is.
"""

from . import (  # noqa: F401
    effect,
    feedback,
    indicator,
    letter,
    money,
    over_time,
    routes,
    trajects,
    visits,
)
from .registry import WORDINGS, decode, encode, say, text

__all__ = ["WORDINGS", "decode", "encode", "say", "text"]
