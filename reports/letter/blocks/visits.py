"""Blocks about the visits: summary, questions, women's share, who came, walk-in hours."""

from django.utils.translation import gettext as _

from intake.constants import (
    WhoCame,
)

from ... import disclosure, sentences
from ...constants import BlockKind, QuestionGrouping
from ..blocks.common import visits_of
from ..groupings import Group, question_groups
from ..keys import measure_of
from ..view import percent
from .registry import register


@register(BlockKind.VISITS_SUMMARY)
def render_visits_summary(spec, letter):
    persons = letter.count("persons", label="Inwoners")
    children = letter.count("children", label="Betrokken kinderen")
    desk = sentences.desk_phrase([d["name"] for d in letter.data.desks])
    opening = sentences.period_phrase(letter.start, letter.end)

    def render(view):
        text = sentences.visits_sentence(
            view.amount(persons),
            view.amount(children),
            opening=opening,
            desk=desk,
            threshold=view.threshold,
        )
        return {"paragraphs": [text]}

    return render


@register(BlockKind.QUESTION_SPLIT)
def render_question_split(spec, letter):
    grouping = spec.get("grouping") or QuestionGrouping.DASHBOARD
    visits = visits_of(letter)
    groups = question_groups(grouping)
    rows = []
    for i, group in enumerate(groups):
        measure = measure_of(f"question:{q}" for q in group.questions)
        count = letter.data.value(measure, letter.start, letter.end)
        if grouping != QuestionGrouping.DASHBOARD and i == len(groups) - 1 and not count:
            continue  # no "Andere hulpvraag 0" row
        rows.append({"label": group.label, "count": count, "measure": measure})
    by_label = {group.label: group for group in groups}
    candidates = [rows]
    if grouping == QuestionGrouping.DASHBOARD:
        candidates = disclosure.merge_small(rows, letter.threshold, rest_label="Overig")
    table, index, chosen = letter.grain_table(
        candidates,
        captions="Bezoeken naar hulpvraag",
        columns=["Hulpvraag", "Aantal bezoeken"],
        total=visits,
    )
    if index:
        letter.note(
            _("Groups merged into “%(rest)s” so that no small count remains: %(groups)s.")
            % {"rest": "Overig", "groups": ", ".join(chosen[-1]["merged"])}
        )
    keys = [keys[0] for _label, keys in table.rows]
    small = any(letter.small(letter.values[key]) for key in keys)
    # Percentages of one merged rest ("100% kwam voor een andere vraag") say nothing.
    telling = [row for row in chosen if row["count"] and "merged" not in row]
    shares = {} if small or not telling else {key: letter.share(key, visits) for key in keys}

    def render(view):
        content = {"table": view.table(table)}
        stated = [
            (label, shares[k[0]])
            for label, k in table.rows
            if shares.get(k[0]) and letter.values[k[0]]
        ]
        if stated and view.says(*(s for _label, s in stated)):
            parts = [
                (by_label.get(label) or Group(label, "met een andere vraag", ()), s)
                for label, s in stated
            ]
            content["paragraphs"] = [
                sentences.question_sentence(
                    [
                        (
                            group.phrase,
                            group.verb,
                            percent(s, word=grouping == QuestionGrouping.SEPARATED_OR_DOUBTS),
                        )
                        for group, s in parts
                    ],
                    style=grouping,
                )
            ]
            content["chart"] = view.bars(table)
        elif not letter.values[visits]:
            content["paragraphs"] = ["Er zijn in deze periode geen hulpvragen geregistreerd."]
        else:
            content["paragraphs"] = [sentences.TOO_FEW_FOR_PERCENTAGES % "naar hulpvraag"]
        return content

    return render


@register(BlockKind.WOMEN_SHARE)
def render_women_share(spec, letter):
    persons = letter.count("persons", shown=False, label="Inwoners")
    parts = [
        letter.count(measure, shown=False, label=label)
        for measure, label in (("women", "Vrouwen"), ("men", "Mannen"), ("other", "Anders"))
    ]
    letter.relation({persons: 1, **dict.fromkeys(parts, -1)})
    share = letter.share(parts[0], persons)

    def render(view):
        if not letter.values[persons]:
            return None
        if view.says(share):
            return {"paragraphs": [f"Circa {percent(share, word=True)} van de bezoekers is vrouw."]}
        return {"paragraphs": [sentences.TOO_FEW_FOR_PERCENTAGES % "van vrouwen en mannen"]}

    return render


WHO_ROWS = (
    ("Alleen", (WhoCame.ONE_PARTNER,)),
    ("Samen met de (ex-)partner", (WhoCame.BOTH_PARTNERS, WhoCame.EX_PARTNERS)),
    ("Ouder met een ander", (WhoCame.PARENT_WITH_OTHER,)),
)


@register(BlockKind.WHO_CAME)
def render_who_came(spec, letter):
    visits = visits_of(letter)
    rows = [
        (label, [letter.count(measure_of(f"who:{w}" for w in who), label=label)])
        for label, who in WHO_ROWS
    ]
    table = letter.table("Bezoeken naar wie er kwam", ["Wie kwam", "Aantal bezoeken"], rows, visits)
    small = any(letter.small(letter.values[keys[0]]) for _label, keys in rows)
    alone = together = None
    if not small:
        alone, together = (letter.share(rows[i][1][0], visits) for i in (0, 1))

    def render(view):
        if not letter.values[visits]:
            return None
        content = {"table": view.table(table)}
        if view.says(alone, together):
            lead = "De meeste bezoekers komen alleen: bij" if alone.value > 50 else "Bij"
            content["paragraphs"] = [
                f"{lead} {percent(alone)} van de bezoeken kwam één persoon, bij "
                f"{percent(together)} kwamen beide (ex-)partners samen."
            ]
        else:
            content["paragraphs"] = [sentences.TOO_FEW_FOR_PERCENTAGES % "naar wie er kwam"]
        return content

    return render


@register(BlockKind.WALK_IN)
def render_walk_in(spec, letter):
    desks = letter.data.desks

    def render(view):
        several = len(desks) > 1
        paragraphs = [
            p for p in (sentences.schedule_sentence(d, several=several) for d in desks) if p
        ]
        return {"paragraphs": paragraphs} if paragraphs else None

    return render
