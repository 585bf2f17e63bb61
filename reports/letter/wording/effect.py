"""The words of the block of the effect of the short trajects (figures: evaluation.letter)."""

from decimal import Decimal

from evaluation import letter as evaluation

from ... import sentences
from ...formatting import format_number
from .registry import fixed, percent, wording

FIXED = {
    "effect.none": (
        "In deze periode is geen kortdurend traject gestart, dus over het effect valt niets te "
        "zeggen."
    ),
    "effect.limitations": evaluation.LIMITATIONS,
    "effect.goals_too_few": f"Per doel van het paar zijn er {evaluation.TOO_FEW}.",
}
fixed(FIXED)


def _points(value):
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{format_number(abs(value), 1)}"


def _size_word(effect_size):
    """Cohen's rule of thumb for a standardised mean difference."""
    size = abs(effect_size)
    if size < Decimal("0.2"):
        return "verwaarloosbaar"
    if size < Decimal("0.5"):
        return "klein"
    if size < Decimal("0.8"):
        return "middelgroot"
    return "groot"


@wording("effect.instrument")
def instrument(threshold, *, name, items, scale_min, scale_max, higher_is_better):
    scale = "hoger is beter" if higher_is_better else "lager is beter"
    return (
        "Aan het begin en aan het eind van een kortdurend traject vullen beide partners een "
        f"korte vragenlijst in over hun relatie, de {name}: {format_number(items)} vragen met "
        f"samen een score van {format_number(scale_min)} tot {format_number(scale_max)} "
        f"({scale})."
    )


@wording("effect.too_few")
def too_few(threshold, *, pairs):
    how_many = sentences.count_phrase(pairs, threshold)
    text = f"In deze periode zijn er {evaluation.TOO_FEW}"
    if pairs != 0 and how_many:
        text += f": van {how_many} partners zijn een begin- en een eindmeting bekend"
    return text + "."


@wording("effect.change")
def change(threshold, *, pairs, mean_change, ci95_low, ci95_high, effect_size):
    how_many = sentences.count_phrase(pairs, threshold)
    text = (
        f"Van {how_many} partners zijn een begin- en een eindmeting bekend. Hun score "
        "veranderde gemiddeld met"
        if how_many
        else "Bij de partners met een begin- en een eindmeting veranderde de score gemiddeld met"
    )
    text += f" {_points(mean_change)} punten"
    if ci95_low is not None:
        text += f" (95%-betrouwbaarheidsinterval {_points(ci95_low)} tot {_points(ci95_high)})"
    text += "."
    if effect_size is not None:
        text += (
            f" De effectgrootte is {format_number(effect_size, 2)}: volgens de gangbare "
            f"vuistregel {_size_word(effect_size)}."
        )
    return text


@wording("effect.reliable_change")
def reliable_change(threshold, *, improved, unchanged, deteriorated, recovered):
    text = (
        f"Bij {percent(improved)} is de vooruitgang groter dan meetfout kan verklaren "
        f"(betrouwbaar vooruit), bij {percent(unchanged)} is er geen betrouwbare verandering "
        f"en bij {percent(deteriorated)} ging de score betrouwbaar achteruit."
    )
    if recovered is not None:
        text += (
            f" {percent(recovered)} ging bovendien van een score die op relatieproblemen wijst "
            "naar een score die dat niet meer doet (hersteld)."
        )
    return text


@wording("effect.goals")
def goals(threshold, *, told, others):
    """`told`: [(goal, mean change)] of the goals with enough partners; `others`: whether
    other goals had too few."""
    text = "Per doel van het paar veranderde de score gemiddeld met: " + "; ".join(
        f"{evaluation.GOAL_PHRASES[goal]}: {_points(mean)} punten" for goal, mean in told
    )
    if others:
        text += f". Over de andere doelen zijn er {evaluation.TOO_FEW}"
    return text + "."


@wording("effect.follow_up")
def follow_up(threshold, *, wave, invited, answered, rate):
    """`invited` and `answered` as published (both stated, the block checks), `rate` the
    response percentage or None."""
    phrase = evaluation.WAVE_PHRASES[wave]
    asked = sentences.count_phrase(invited, threshold)
    done = sentences.count_phrase(answered, threshold)
    if done == "0":
        return (
            f"Na {phrase} vulde nog geen van de {asked} uitgenodigde partners de vervolgmeting in."
        )
    text = f"Na {phrase} vulden {done} van de {asked} uitgenodigde partners de vervolgmeting in"
    if rate is not None:
        text += f" ({percent(rate)})"
    return text + "."
