"""The block of an external indicator with its source."""

from ... import sentences
from ...constants import BlockKind
from .registry import register


@register(BlockKind.INDICATOR)
def render_indicator(spec, letter):
    indicator = letter.data.indicators.get(spec.get("indicator"))

    def render(view):
        return {"paragraphs": [sentences.indicator_sentence(indicator)]} if indicator else None

    return render
