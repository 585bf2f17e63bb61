"""The block of visits over time: months, quarters, half-years or years."""

from django.utils.translation import gettext as _

from ...constants import BlockKind
from ..blocks.common import visits_of
from ..grains import GRAINS, MAX_TIME_ROWS, readable_grains, time_grains
from ..wording import say
from .registry import register


@register(BlockKind.MONTHLY)
def render_monthly(spec, letter):
    visits = visits_of(letter)
    monthly = sorted(letter.data.monthly.items())
    grains = time_grains(monthly, letter.start, letter.end)
    readable = readable_grains(letter.start, letter.end)
    table, index, _rows = letter.grain_table(
        [grains[i] for i in readable],
        captions=[f"Bezoeken per {GRAINS[i]}" for i in readable],
        columns=["Periode", "Aantal bezoeken"],
        total=visits,
    )
    grain = readable[index]
    if 0 not in readable:
        letter.note(
            _("Shown per %(grain)s: per month the table would have more than %(max)s rows.")
            % {"grain": GRAINS[grain], "max": MAX_TIME_ROWS}
        )
    elif grain:
        letter.note(
            _(
                "Shown per %(grain)s instead of per month: at this grain the fewest cells are "
                "hidden."
            )
            % {"grain": GRAINS[grain]}
        )

    def render(view):
        chart = view.bars(table) if letter.values[visits] else False
        return {
            "paragraphs": [say("monthly.lead", grain=grain, chart=chart)],
            "table": view.table(table),
            "chart": chart,
        }

    return render
