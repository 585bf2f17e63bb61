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
from ...selectors import elementary_segments
from ..snapshot import earlier_facts
from ..wording import say
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


@register(BlockKind.EFFECT)
def render_effect(spec, letter):
    if spec.get("part") == "limitations":
        return lambda view: {"paragraphs": [say("effect.limitations")]}
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
        waves.append((wave, invited, answered, rate))
        rows.append((f"follow_up:{wave}:invited", f"Na {phrase}: uitgenodigd", "count", invited))
        rows.append((f"follow_up:{wave}:answered", f"Na {phrase}: ingevuld", "count", answered))
        rows.append((f"follow_up:{wave}:response_rate", f"Na {phrase}: respons (%)", "rate", rate))

    def table(view):
        values, codes, places = [], [], []
        for code, _label, kind, what in rows:
            if kind == "count":
                value, decimals = view.label(what), 0
            else:
                if kind == "rate":
                    number, decimals = (what.value if view.says(what) else None), 0
                else:
                    number, decimals = what
                value = float(number) if number is not None else WITHHELD
            values.append([value])
            codes.append(code)
            places.append(decimals)
        return {
            "caption": CAPTION,
            "columns": ["Onderdeel", "Waarde"],
            "labels": [label for _code, label, _kind, _what in rows],
            "values": values,
            "places": places,
            "row_codes": codes,
            "column_codes": ["waarde"],
        }

    def render(view):
        if instrument is None:
            return None
        if not figures["trajects_started"] and not n:
            return {"paragraphs": [say("effect.none")]}
        paragraphs = [
            say(
                "effect.instrument",
                **{
                    name: instrument[name]
                    for name in ("name", "items", "scale_min", "scale_max", "higher_is_better")
                },
            )
        ]
        if not enough(n):
            paragraphs.append(say("effect.too_few", pairs=view.amount(pairs)))
        else:
            paragraphs.append(say("effect.change", pairs=view.amount(pairs), **statistics))
            said = [shares.get(code) for code, _label in CHANGE_ROWS]
            if reliable and view.says(*said):
                recovered = shares.get("recovered")
                paragraphs.append(
                    say(
                        "effect.reliable_change",
                        improved=said[0].value,
                        unchanged=said[1].value,
                        deteriorated=said[2].value,
                        recovered=recovered.value if view.says(recovered) else None,
                    )
                )
            elif reliable:
                paragraphs.append(say("too_few_for_percentages", table=spec["kind"]))
        told = [(goal, mean) for goal, _phrase, _n, mean in goals if mean is not None]
        if told:
            paragraphs.append(say("effect.goals", told=told, others=len(told) < len(goals)))
        elif enough(n):
            paragraphs.append(say("effect.goals_too_few"))
        for wave, invited, answered, rate in waves:
            if not letter.values[invited]:
                continue
            if view.amount(invited) is not None and view.amount(answered) is not None:
                paragraphs.append(
                    say(
                        "effect.follow_up",
                        wave=wave,
                        invited=view.amount(invited),
                        answered=view.amount(answered),
                        rate=rate.value if view.says(rate) else None,
                    )
                )
        if not limitations_apart:
            paragraphs.append(say("effect.limitations"))
        return {"paragraphs": paragraphs, "table": table(view)}

    return render
