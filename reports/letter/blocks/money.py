"""Blocks about money: the budget of the period and the costs of the trajects."""

from decimal import Decimal

from relatieloket.numbers import round_half_up

from ...constants import BlockKind
from ..blocks.common import offers_trajects
from ..wording import say
from .registry import register


@register(BlockKind.BUDGET)
def render_budget(spec, letter):
    budget = letter.data.budget
    not_applicable = letter.heading_text(spec).startswith("niet van toepassing")

    def render(view):
        if budget["amount"] is None:
            if not_applicable or not letter.once("no budget"):
                return None
            return {"paragraphs": [say("budget.none")]}
        paragraph = say("budget.sentence", budget=budget, start=letter.start, end=letter.end)
        return {"paragraphs": [paragraph]}

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
        """What the costs say about the budget (wording.money): nothing, that there is none,
        the share of it spent, or the budget itself (when no budget block states it)."""
        if budget["amount"] is None:
            if budget_block or not_applicable or not letter.once("no budget"):
                return {"kind": ""}
            return {"kind": "no_budget"}
        used = round_half_up(100 * spent / budget["amount"]) if spent is not None else None
        if budget_block:
            return {"kind": "used", "used": used}
        return {
            "kind": "sentence",
            "used": used,
            "budget": budget,
            "start": letter.start,
            "end": letter.end,
        }

    def render(view):
        started = letter.values[trajects]
        if not started and not offers_trajects(letter) and budget["amount"] is None:
            return None
        if not started:
            return {"paragraphs": [say("costs.none_started", budget_part=budget_part(Decimal(0)))]}
        shown = view.number(trajects) is not None and (
            minutes is None or view.number(minutes) is not None
        )
        if not shown:
            return {"paragraphs": [say("costs.hidden", budget_part=budget_part(None))]}
        if letter.data.value("trajects:uncosted", letter.start, letter.end):
            return {"paragraphs": [say("costs.unknown", budget_part=budget_part(None))]}
        paragraph = say(
            "costs.stated",
            started=started,
            cost=cost,
            per_traject=round_half_up(cost / started),
            budget_part=budget_part(cost),
        )
        return {"paragraphs": [paragraph]}

    return render
