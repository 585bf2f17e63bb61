"""The block of an external indicator with its source."""

from ...constants import BlockKind
from ..wording import say
from .registry import register


@register(BlockKind.INDICATOR)
def render_indicator(spec, letter):
    indicator = letter.data.indicators.get(spec.get("indicator"))

    def render(view):
        if not indicator:
            return None
        return {"paragraphs": [say("indicator.sentence", indicator=indicator)]}

    return render
