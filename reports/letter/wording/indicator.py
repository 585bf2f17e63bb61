"""The words of the block of an external indicator."""

from ... import sentences
from .registry import wording


@wording("indicator.sentence")
def indicator(threshold, *, indicator):
    return sentences.indicator_sentence(indicator)
