"""Blocks about money: the budget of the period and the costs of the trajects."""

from decimal import Decimal

from relatieloket.numbers import round_half_up

from ... import sentences
from ...constants import BlockKind
from ...formatting import format_euro, format_number
from ..blocks.common import offers_trajects
from .registry import register


@register(BlockKind.BUDGET)
def render_budget(spec, letter):
    budget = letter.data.budget
    not_applicable = letter.heading_text(spec).startswith("niet van toepassing")

    def render(view):
        if budget["amount"] is None:
            if not_applicable or not letter.once("no budget"):
                return None
            return {"paragraphs": ["Voor deze periode is geen budget vastgelegd."]}
        return {"paragraphs": [sentences.budget_sentence(budget, letter.start, letter.end)]}

    return render


@register(BlockKind.COSTS)
def render_costs(spec, letter):
    trajects = letter.count("trajects", label="Kortdurende trajecten gestart")
    hourly = any(desk["offers_trajects"] and desk.get("hourly") for desk in letter.data.desks)
    minutes = letter.count("minutes", label="Minuten") if hourly else None
    budget = letter.data.budget
    cost = letter.data.cost(letter.start, letter.end)
    budget_block = BlockKind.BUDGET in letter.kinds
    not_applicable = letter.heading_text(spec).startswith("niet van toepassing")

    def budget_part(spent):
        if budget["amount"] is None:
            if budget_block or not_applicable or not letter.once("no budget"):
                return ""
            return " Voor deze periode is geen budget vastgelegd."
        used = (
            f"{format_number(round_half_up(100 * spent / budget['amount']))}%"
            if spent is not None
            else None
        )
        if budget_block:
            return f" Daarmee is {used} van het budget van deze periode besteed." if used else ""
        text = " " + sentences.budget_sentence(budget, letter.start, letter.end)
        return text + (f" Daarvan is {used} besteed." if used else "")

    def render(view):
        started = letter.values[trajects]
        if not started and not offers_trajects(letter) and budget["amount"] is None:
            return None
        if not started:
            return {
                "paragraphs": [
                    (
                        "In deze periode zijn geen kortdurende trajecten gestart."
                        + budget_part(Decimal(0))
                    ).strip()
                ]
            }
        shown = view.number(trajects) is not None and (
            minutes is None or view.number(minutes) is not None
        )
        if not shown:
            return {
                "paragraphs": [
                    (
                        "De kosten van de trajecten geven wij niet, omdat het aantal trajecten te "
                        "klein is om te publiceren zonder dat deelnemers herkenbaar kunnen worden."
                        + budget_part(None)
                    )
                ]
            }
        if started == 1:
            text = f"Het kortdurende traject van deze periode kost {format_euro(cost)}."
        else:
            text = (
                f"De {format_number(started)} kortdurende trajecten van deze periode kosten "
                f"{format_euro(cost)}, gemiddeld "
                f"{format_euro(round_half_up(cost / started))} per traject."
            )
        return {"paragraphs": [text + budget_part(cost)]}

    return render
