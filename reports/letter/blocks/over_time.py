"""The block of visits over time: months, quarters, half-years, years or a plan's periods."""

from django.utils.translation import gettext as _

from ...constants import BlockKind
from ..blocks.common import visits_of
from ..grains import MAX_TIME_ROWS, PLAN_GRAIN, grain_word, time_options
from ..wording import say
from .registry import register


@register(BlockKind.MONTHLY)
def render_monthly(spec, letter):
    visits = visits_of(letter)
    monthly = sorted(letter.data.monthly.items())
    options = time_options(monthly, letter.start, letter.end, letter.plan)
    months = letter.plan.months if letter.plan else None
    words = [grain_word(grain, months) for grain, _rows in options]
    table, index, _rows = letter.grain_table(
        [rows for _grain, rows in options],
        captions=[f"Bezoeken per {word}" for word in words],
        columns=["Periode", "Aantal bezoeken"],
        total=visits,
    )
    grain = options[index][0]
    finest = table.allowed[0]
    if len(table.allowed) < len(options):
        # The publication plan chose the grains (its note says so): only a coarser grain
        # than the plan's finest is a choice of this letter.
        if index != finest:
            letter.note(_fewer_hidden(words[index], words[finest]))
    elif options[0][0] != 0:
        letter.note(
            _("Shown per %(grain)s: per month the table would have more than %(max)s rows.")
            % {"grain": words[index], "max": MAX_TIME_ROWS}
        )
    elif index:
        letter.note(_fewer_hidden(words[index], words[0]))
    facts = {"months": months} if grain == PLAN_GRAIN else {}

    def render(view):
        chart = view.bars(table) if letter.values[visits] else False
        return {
            "paragraphs": [say("monthly.lead", grain=grain, chart=chart, **facts)],
            "table": view.table(table),
            "chart": chart,
        }

    return render


def _fewer_hidden(grain, finer):
    return _(
        "Shown per %(grain)s instead of per %(finer)s: at this grain the fewest cells are hidden."
    ) % {"grain": grain, "finer": finer}
