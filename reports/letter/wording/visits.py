"""The words of the blocks about the visits: summary, questions, women's share, who came,
walk-in hours; and the sentence of a distribution too small for percentages."""

from ... import sentences
from ..groupings import Group, question_groups
from .registry import percent, wording

# "Een verdeling … in procenten geven wij niet": of which table (by block kind).
TOO_FEW_OF = {
    "question_split": "naar hulpvraag",
    "women_share": "van vrouwen en mannen",
    "who_came": "naar wie er kwam",
    "tracks": "naar spoor",
    "effect": "naar betrouwbare verandering",
}


@wording("too_few_for_percentages")
def too_few(threshold, *, table):
    return sentences.TOO_FEW_FOR_PERCENTAGES % TOO_FEW_OF[table]


@wording("visits.summary")
def summary(threshold, *, persons, children, start, end, desks):
    return sentences.visits_sentence(
        persons,
        children,
        opening=sentences.period_phrase(start, end),
        desk=sentences.desk_phrase(desks),
        threshold=threshold,
    )


@wording("questions.shares")
def question_shares(threshold, *, grouping, parts):
    """parts: [(row label, percentage)] of the table's rows, in its order."""
    groups = {group.label: group for group in question_groups(grouping)}
    word = grouping == "separated_or_doubts"
    clauses = []
    for label, share in parts:
        group = groups.get(label) or Group(label, "met een andere vraag", ())
        clauses.append((group.phrase, group.verb, percent(share, word=word)))
    return sentences.question_sentence(clauses, style=grouping)


@wording("questions.none")
def no_questions(threshold):
    return "Er zijn in deze periode geen hulpvragen geregistreerd."


@wording("women.share")
def women_share(threshold, *, share):
    return f"Circa {percent(share, word=True)} van de bezoekers is vrouw."


@wording("who.shares")
def who_shares(threshold, *, alone, together):
    lead = "De meeste bezoekers komen alleen: bij" if alone > 50 else "Bij"
    return (
        f"{lead} {percent(alone)} van de bezoeken kwam één persoon, bij "
        f"{percent(together)} kwamen beide (ex-)partners samen."
    )


@wording("walk_in.schedule")
def schedule(threshold, *, desk, several):
    return sentences.schedule_sentence(desk, several=several)
