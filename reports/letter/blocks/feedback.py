"""Blocks about what visitors said: the feedback questionnaire and partner returns."""

from intake.constants import (
    GotAnswer,
)

from ... import sentences
from ...constants import BlockKind
from ..builder import Table
from ..wording import say
from .registry import register

ANSWER_ROWS = (("Ja", GotAnswer.YES), ("Deels", GotAnswer.PARTLY), ("Nee", GotAnswer.NO))


@register(BlockKind.FEEDBACK)
def render_feedback(spec, letter):
    total = letter.count("feedback", label="Ingevulde vragenlijsten")
    rows = [(label, [letter.count(f"answer:{a}", label=label)]) for label, a in ANSWER_ROWS]
    table = letter.table(
        "Antwoord gekregen op de hulpvraag (vragenlijst)", ["Antwoord", "Aantal"], rows, total
    )
    recommend = letter.count("recommend", shown=False, label="Zou het loket aanbevelen")
    rating = letter.count("rating", shown=False, label="Rapportcijfers")
    answered = letter.share(rows[0][1][0], total)
    recommends = letter.share(recommend, total)
    average = letter.ratio(rating, total, places=1)

    def render(view):
        if not letter.values[total]:
            return {"paragraphs": [say("feedback.none")]}
        paragraph = say(
            "feedback.summary",
            total=view.amount(total),
            answered=answered.value if view.says(answered) else None,
            recommends=recommends.value if view.says(recommends) else None,
            average=average.value if view.says(average) else None,
        )
        return {"paragraphs": [paragraph], "table": view.table(table)}

    return render


@register(BlockKind.PARTNER_RETURNS)
def render_partner_returns(spec, letter):
    caption = "Periodieke opgaven van partners"
    rows = []
    for r in letter.data.partner_returns:
        label = (
            f"{r['organisation__name']}, {sentences.span_text(r['period_start'], r['period_end'])}"
        )
        keys = [
            letter.cell(("return", r["pk"], part), r[part], label=f"{label}: {name}")
            for part, name in (
                ("persons", "personen"),
                ("helped", "zelf geholpen"),
                ("referred_on", "doorverwezen"),
            )
        ]
        parts = keys[1:]
        rest = r["persons"] - r["helped"] - r["referred_on"]
        if rest:
            parts.append(letter.cell(("return", r["pk"], "rest"), rest, shown=False))
        # Without a rest the reader may take the parts for the whole ("hiervan werden zeventien
        # zelf geholpen en is één persoon doorverwezen"): 18 and 17 give the 1 away.
        letter.engine_table(f"{caption}: {label}", parts, keys[0])
        rows.append((label, keys))
    table = Table(
        caption,
        ["Partner en periode", "Personen met relatievragen", "Zelf geholpen", "Doorverwezen"],
        rows,
    )

    def render(view):
        if not rows:
            return None
        return {"paragraphs": [say("partner_returns.lead")], "table": view.table(table)}

    return render
