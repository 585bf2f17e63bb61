"""The words of the blocks about money: the budget of the period, the costs of the trajects."""

from ... import sentences
from ...formatting import format_euro, format_number
from .registry import wording

NO_BUDGET = "Voor deze periode is geen budget vastgelegd."


@wording("budget.none")
def no_budget(threshold):
    return NO_BUDGET


@wording("budget.sentence")
def budget(threshold, *, budget, start, end):
    return sentences.budget_sentence(budget, start, end)


def _budget_part(part):
    """What the costs say about the budget: `part` {"kind": "", "no_budget", "used" (of the
    budget block's budget) or "sentence" (the budget itself), "used": percentage or None}."""
    kind, used = part["kind"], part.get("used")
    used = f"{format_number(used)}%" if used is not None else None
    if kind == "no_budget":
        return " " + NO_BUDGET
    if kind == "used":
        return f" Daarmee is {used} van het budget van deze periode besteed." if used else ""
    if kind == "sentence":
        text = " " + sentences.budget_sentence(part["budget"], part["start"], part["end"])
        return text + (f" Daarvan is {used} besteed." if used else "")
    return ""


@wording("costs.none_started")
def none_started(threshold, *, budget_part):
    text = "In deze periode zijn geen kortdurende trajecten gestart."
    return (text + _budget_part(budget_part)).strip()


@wording("costs.hidden")
def hidden(threshold, *, budget_part):
    return (
        "De kosten van de trajecten geven wij niet, omdat het aantal trajecten te klein is om te "
        "publiceren zonder dat deelnemers herkenbaar kunnen worden." + _budget_part(budget_part)
    )


@wording("costs.unknown")
def unknown(threshold, *, budget_part):
    return (
        "De kosten van de trajecten zijn niet bekend: voor een loket waar trajecten liepen is "
        "geen tarief vastgelegd." + _budget_part(budget_part)
    )


@wording("costs.stated")
def stated(threshold, *, started, cost, per_traject, budget_part):
    if started == 1:
        text = f"Het kortdurende traject van deze periode kost {format_euro(cost)}."
    else:
        text = (
            f"De {format_number(started)} kortdurende trajecten van deze periode kosten "
            f"{format_euro(cost)}, gemiddeld {format_euro(per_traject)} per traject."
        )
    return text + _budget_part(budget_part)
