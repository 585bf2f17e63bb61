"""The block of the effect of the short trajects: both partners' scores at the first and the
last session, per goal, and the follow-up (figures from `evaluation.letter`).

Its counts (partners with both scores, reliably improved, unchanged, deteriorated, recovered,
per goal, the follow-up) are cells of the letter's linked publication like any block's, under
keys of their own ("effect", first day, last day, …). A mean, an interval, an effect size or a
percentage is stated only over at least the disclosure threshold; below it the letter says
there are too few trajects. With `"part": "limitations"` the block is only the standard
paragraph on what the figures cannot show (the "Evaluatie" template puts it last).
"""

import datetime
from decimal import Decimal

from evaluation import letter as evaluation
from relatieloket.numbers import round_half_up

from ... import sentences
from ...constants import BlockKind
from ...disclosure import WITHHELD
from ...formatting import format_cell, format_number
from ...selectors import elementary_segments
from ..snapshot import earlier_facts
from ..view import percent
from .registry import register

CAPTION = "Effect van de kortdurende trajecten"
CHANGE_ROWS = (
    ("reliably_improved", "Betrouwbaar vooruitgegaan"),
    ("unchanged", "Niet betrouwbaar veranderd"),
    ("reliably_deteriorated", "Betrouwbaar achteruitgegaan"),
)
# (code, label, decimals) of the statistics of the table
STATISTIC_ROWS = (
    ("mean_change", "Gemiddelde verandering (punten)", 1),
    ("ci95_low", "95%-betrouwbaarheidsinterval, ondergrens", 1),
    ("ci95_high", "95%-betrouwbaarheidsinterval, bovengrens", 1),
    ("effect_size", "Effectgrootte", 2),
)


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


def _additive(figures):
    """The counts of the block that add up over periods (by the traject's start): the partners
    with both scores, in all and per goal. (Reliable change does not: its threshold follows
    from the spread of each period's start totals.)"""
    counts = {("pairs",): figures["pairs"]}
    for goal in evaluation.GOAL_PHRASES:
        counts[("goal", str(goal), "pairs")] = figures["by_goal"][str(goal)]["pairs"]
    return counts


def _link_periods(letter, span, figures):
    """Earlier letters' effect blocks over other periods: a Jan–Dec letter after a Jan–Jun one
    gives Jul–Dec away. Each period's additive counts are declared as the sum of the segments
    all these periods cut it into, counted with today's data and protected like any count."""
    spans = set()
    for row in letter.earlier:
        for key, _label, _total in earlier_facts(row["snapshot"])[0]:
            if isinstance(key, tuple) and len(key) > 3 and key[0] == "effect":
                spans.add((key[1], key[2]))
    if not spans - {span}:
        return
    ranges = sorted(
        {tuple(datetime.date.fromisoformat(day) for day in pair) for pair in spans | {span}}
    )
    counts = {}
    for first, last in elementary_segments(ranges):
        segment = evaluation.effect_figures(
            municipality=letter.report.municipality, start=first, end=last
        )
        counts[(first, last)] = _additive(segment)
    for first, last in ranges:
        inside = [seg for seg in counts if first <= seg[0] and seg[1] <= last]
        if len(inside) < 2:
            continue
        for what in _additive(figures):
            whole = ("effect", first.isoformat(), last.isoformat(), *what)
            parts = [("effect", a.isoformat(), b.isoformat(), *what) for a, b in inside]
            name = "Partners met begin- en eindmeting" + (
                f" (doel ‘{evaluation.GOAL_PHRASES[what[1]]}’)" if what[0] == "goal" else ""
            )
            for seg, part in zip(inside, parts, strict=True):
                label = f"{name}, {sentences.period_text(*seg)}"
                letter.cell(part, counts[seg][what], shown=False, label=label)
            total = sum(counts[seg][what] for seg in inside)
            label = f"{name}, {sentences.period_text(first, last)}"
            letter.cell(whole, total, shown=False, label=label)
            letter.relation({whole: 1, **dict.fromkeys(parts, -1)})


def _points(value):
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{format_number(abs(value), 1)}"


@register(BlockKind.EFFECT)
def render_effect(spec, letter):
    if spec.get("part") == "limitations":
        return lambda view: {"paragraphs": [evaluation.LIMITATIONS]}
    limitations_apart = any(
        s.get("kind") == BlockKind.EFFECT and s.get("part") == "limitations"
        for s in letter.report.blocks
    )
    figures = evaluation.effect_figures(
        municipality=letter.report.municipality, start=letter.start, end=letter.end
    )
    instrument = figures["instrument"]
    span = (letter.start.isoformat(), letter.end.isoformat())

    def key(*parts):
        return ("effect", *span, *parts)

    def count(parts, value, label, *, shown=True, fixed=False):
        return letter.cell(key(*parts), value, shown=shown, fixed=fixed, label=label)

    def enough(n):
        """A mean or a percentage only over at least the threshold."""
        return n is not None and n >= letter.threshold

    pairs_label = "Partners met een begin- en een eindmeting"
    # The number a mean is over is stated with it, never hidden (a small one reads "< T").
    pairs = count(("pairs",), figures["pairs"], pairs_label, fixed=True)
    n = figures["pairs"]
    reliable = figures["reliably_improved"] is not None
    rows = []  # (code, label, kind, what): kind "count" (a key) or "number" (value, places)
    rows.append(("pairs", pairs_label, "count", pairs))
    shares = {}
    if reliable:
        parts = [(code, label, count((code,), figures[code], label)) for code, label in CHANGE_ROWS]
        letter.engine_table(f"{CAPTION}: betrouwbare verandering", [p[2] for p in parts], pairs)
        rows += [(code, label, "count", k) for code, label, k in parts]
        # Percentages only when no part is small: a percentage beside a hidden part of a
        # stated whole gives that part away (the engine would then drop every percentage).
        small = any(letter.small(figures[code]) for code, _label in CHANGE_ROWS)
        for code, _label, k in parts:
            shares[code] = letter.share(k, pairs) if enough(n) and not small else None
        if figures["recovered"] is not None:
            label = "Hersteld (betrouwbaar vooruit en over de grens)"
            recovered = count(("recovered",), figures["recovered"], label)
            rest = count(
                ("improved_not_recovered",),
                figures["reliably_improved"] - figures["recovered"],
                "Betrouwbaar vooruit, niet hersteld",
                shown=False,
            )
            letter.relation({parts[0][2]: 1, recovered: -1, rest: -1})
            rows.append(("recovered", label, "count", recovered))
            shares["recovered"] = (
                letter.share(recovered, pairs)
                if enough(n) and not small and not letter.small(figures["recovered"])
                else None
            )
    statistics = {}
    for code, label, places in STATISTIC_ROWS:
        value = figures[code]
        given = enough(n) and value is not None
        statistics[code] = round_half_up(Decimal(str(value)), places) if given else None
        rows.append((code, label, "number", (statistics[code], places)))

    _link_periods(letter, span, figures)

    # per goal: partners with both scores (adding up to all), the mean change over enough
    goals = []
    goal_keys = []
    for goal, phrase in evaluation.GOAL_PHRASES.items():
        values = figures["by_goal"][str(goal)]
        prefix = "Geen doel vastgelegd" if goal == "none" else f"Doel ‘{phrase}’"
        label = f"{prefix}: partners met begin- en eindmeting"
        k = count(("goal", str(goal), "pairs"), values["pairs"], label)
        goal_keys.append(k)
        mean = values["mean_change"]
        mean = (
            round_half_up(Decimal(str(mean)), 1)
            if enough(values["pairs"]) and mean is not None
            else None
        )
        goals.append((goal, phrase, values["pairs"], mean))
        rows.append((f"goal:{goal}:pairs", label, "count", k))
        rows.append(
            (
                f"goal:{goal}:mean_change",
                f"{prefix}: gemiddelde verandering (punten)",
                "number",
                (mean, 1),
            )
        )
    letter.engine_table(f"{CAPTION}: per doel", goal_keys, pairs)

    # the follow-up: answered of invited, the rest latent
    waves = []
    for wave, values in figures["follow_up"].items():
        phrase = evaluation.WAVE_PHRASES[wave]
        invited = count(
            ("follow_up", wave, "invited"),
            values["invited"],
            f"Vervolgmeting na {phrase}: uitgenodigde partners",
        )
        answered = count(
            ("follow_up", wave, "answered"),
            values["answered"],
            f"Vervolgmeting na {phrase}: ingevuld",
        )
        silent = count(
            ("follow_up", wave, "not_answered"),
            max(values["invited"] - values["answered"], 0),
            f"Vervolgmeting na {phrase}: niet ingevuld",
            shown=False,
        )
        if values["invited"] >= values["answered"]:
            letter.relation({invited: 1, answered: -1, silent: -1})
        rate = (
            letter.share(answered, invited)
            if enough(values["invited"]) and values["invited"] >= values["answered"]
            else None
        )
        waves.append((phrase, invited, answered, rate))
        rows.append((f"follow_up:{wave}:invited", f"Na {phrase}: uitgenodigd", "count", invited))
        rows.append((f"follow_up:{wave}:answered", f"Na {phrase}: ingevuld", "count", answered))
        rows.append((f"follow_up:{wave}:response_rate", f"Na {phrase}: respons (%)", "rate", rate))

    def table(view):
        printed, values, codes = [], [], []
        for code, label, kind, what in rows:
            if kind == "count":
                value = view.label(what)
                text = format_cell(value)
            else:
                if kind == "rate":
                    number, places = (what.value if view.says(what) else None), 0
                else:
                    number, places = what
                value = float(number) if number is not None else WITHHELD
                text = format_number(number, places) if number is not None else WITHHELD
            printed.append([label, text])
            values.append([value])
            codes.append(code)
        return {
            "caption": CAPTION,
            "columns": ["Onderdeel", "Waarde"],
            "rows": printed,
            "values": values,
            "row_codes": codes,
            "column_codes": ["waarde"],
            "legend": sentences.table_legend(
                [text for _label, text in printed], threshold=view.threshold
            ),
            "all_shown": False,
        }

    def render(view):
        if instrument is None:
            return None
        if not figures["trajects_started"] and not n:
            return {
                "paragraphs": [
                    "In deze periode is geen kortdurend traject gestart, dus over het effect "
                    "valt niets te zeggen."
                ]
            }
        scale = "hoger is beter" if instrument["higher_is_better"] else "lager is beter"
        paragraphs = [
            "Aan het begin en aan het eind van een kortdurend traject vullen beide partners een "
            f"korte vragenlijst in over hun relatie, de {instrument['name']}: "
            f"{format_number(instrument['items'])} vragen met samen een score van "
            f"{format_number(instrument['scale_min'])} tot "
            f"{format_number(instrument['scale_max'])} ({scale})."
        ]
        if not enough(n):
            how_many = sentences.count_phrase(view.amount(pairs), view.threshold)
            text = f"In deze periode zijn er {evaluation.TOO_FEW}"
            if n and how_many:
                text += f": van {how_many} partners zijn een begin- en een eindmeting bekend"
            paragraphs.append(text + ".")
        else:
            how_many = sentences.count_phrase(view.amount(pairs), view.threshold)
            text = (
                f"Van {how_many} partners zijn een begin- en een eindmeting bekend. Hun score "
                "veranderde gemiddeld met"
                if how_many
                else "Bij de partners met een begin- en een eindmeting veranderde de score "
                "gemiddeld met"
            )
            text += f" {_points(statistics['mean_change'])} punten"
            if statistics["ci95_low"] is not None:
                text += (
                    f" (95%-betrouwbaarheidsinterval {_points(statistics['ci95_low'])} tot "
                    f"{_points(statistics['ci95_high'])})"
                )
            text += "."
            if statistics["effect_size"] is not None:
                text += (
                    f" De effectgrootte is {format_number(statistics['effect_size'], 2)}: "
                    f"volgens de gangbare vuistregel {_size_word(statistics['effect_size'])}."
                )
            paragraphs.append(text)
            said = [shares.get(code) for code, _label in CHANGE_ROWS]
            if reliable and view.says(*said):
                text = (
                    f"Bij {percent(said[0])} is de vooruitgang groter dan meetfout kan "
                    f"verklaren (betrouwbaar vooruit), bij {percent(said[1])} is er geen "
                    f"betrouwbare verandering en bij {percent(said[2])} ging de score "
                    "betrouwbaar achteruit."
                )
                if view.says(shares.get("recovered")):
                    text += (
                        f" {percent(shares['recovered'])} ging bovendien van een score die op "
                        "relatieproblemen wijst naar een score die dat niet meer doet (hersteld)."
                    )
                paragraphs.append(text)
            elif reliable:
                paragraphs.append(
                    sentences.TOO_FEW_FOR_PERCENTAGES % "naar betrouwbare verandering"
                )
        told = [
            f"{phrase}: {_points(mean)} punten"
            for _goal, phrase, _n, mean in goals
            if mean is not None
        ]
        if told:
            text = "Per doel van het paar veranderde de score gemiddeld met: " + "; ".join(told)
            if len(told) < len(goals):
                text += f". Over de andere doelen zijn er {evaluation.TOO_FEW}"
            paragraphs.append(text + ".")
        elif enough(n):
            paragraphs.append(f"Per doel van het paar zijn er {evaluation.TOO_FEW}.")
        for phrase, invited, answered, rate in waves:
            if not letter.values[invited]:
                continue
            asked = sentences.count_phrase(view.amount(invited), view.threshold)
            done = sentences.count_phrase(view.amount(answered), view.threshold)
            if asked and done == "0":
                paragraphs.append(
                    f"Na {phrase} vulde nog geen van de {asked} uitgenodigde partners de "
                    "vervolgmeting in."
                )
            elif asked and done:
                text = (
                    f"Na {phrase} vulden {done} van de {asked} uitgenodigde partners de "
                    "vervolgmeting in"
                )
                if view.says(rate):
                    text += f" ({percent(rate)})"
                paragraphs.append(text + ".")
        if not limitations_apart:
            paragraphs.append(evaluation.LIMITATIONS)
        return {"paragraphs": paragraphs, "table": table(view)}

    return render
