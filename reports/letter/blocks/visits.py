"""Blocks about the visits: summary, questions, women's share, who came, walk-in hours."""

from django.utils.translation import gettext as _

from intake.constants import (
    WhoCame,
)

from ... import disclosure
from ...constants import BlockKind, QuestionGrouping
from ..blocks.common import visits_of
from ..groupings import question_groups
from ..keys import measure_of
from ..wording import say
from .registry import register


@register(BlockKind.VISITS_SUMMARY)
def render_visits_summary(spec, letter):
    persons = letter.count("persons", label="Inwoners")
    children = letter.count("children", label="Betrokken kinderen")

    def render(view):
        paragraph = say(
            "visits.summary",
            persons=view.amount(persons),
            children=view.amount(children),
            start=letter.start,
            end=letter.end,
            desks=[d["name"] for d in letter.data.desks],
        )
        return {"paragraphs": [paragraph]}

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
            parts = [(label, s.value) for label, s in stated]
            content["paragraphs"] = [say("questions.shares", grouping=grouping, parts=parts)]
            content["chart"] = view.bars(table)
        elif not letter.values[visits]:
            content["paragraphs"] = [say("questions.none")]
        else:
            content["paragraphs"] = [say("too_few_for_percentages", table=spec["kind"])]
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
            return {"paragraphs": [say("women.share", share=share.value)]}
        return {"paragraphs": [say("too_few_for_percentages", table=spec["kind"])]}

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
            paragraph = say("who.shares", alone=alone.value, together=together.value)
            content["paragraphs"] = [paragraph]
        else:
            content["paragraphs"] = [say("too_few_for_percentages", table=spec["kind"])]
        return content

    return render


@register(BlockKind.WALK_IN)
def render_walk_in(spec, letter):
    desks = letter.data.desks

    def render(view):
        # A desk without locations has no schedule to state.
        several = len(desks) > 1
        paragraphs = [
            say("walk_in.schedule", desk=desk, several=several)
            for desk in desks
            if desk["locations"]
        ]
        return {"paragraphs": paragraphs} if paragraphs else None

    return render
