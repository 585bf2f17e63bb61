"""The question groupings of the question block, in the words of the seeds."""

from dataclasses import dataclass

from referrals.constants import Question

from ..constants import QuestionGrouping
from ..selectors import QUESTION_GROUPS

# --- question groupings ------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    label: str  # the row of the table
    phrase: str  # the words in the sentence
    questions: tuple
    verb: str = "kwam"


# The words of the seeds: "Waarvan circa 75% voor relatieversterking/herstel en 25% voor
# echtscheiding" (HIA memo, 2024); "Van de groep die komt is 75 procent gescheiden of van plan
# te gaan scheiden … De overige 25 procent bestaat uit inwoners die twijfels hebben over hun
# relatie" (Dordrecht letter, 2024).
GROUPINGS = {
    QuestionGrouping.RELATIONSHIP_OR_DIVORCE: (
        Group(
            "Relatieversterking of -herstel",
            "voor relatieversterking of -herstel",
            (Question.STRENGTHEN, Question.RESTORE),
        ),
        Group(
            "Echtscheiding",
            "voor echtscheiding",
            (Question.CONSIDERING_SEPARATION, Question.SEPARATING),
        ),
    ),
    QuestionGrouping.SEPARATED_OR_DOUBTS: (
        Group(
            "Gescheiden of van plan te gaan scheiden",
            "gescheiden of van plan te gaan scheiden",
            (
                Question.CONSIDERING_SEPARATION,
                Question.SEPARATING,
                Question.AFTER_SEPARATION,
                Question.CONTACT_ARRANGEMENT,
            ),
            verb="is",
        ),
        Group("Twijfels over de relatie", "twijfels over de relatie", (Question.DOUBTS,), "heeft"),
    ),
}
REST_PHRASES = {
    QuestionGrouping.RELATIONSHIP_OR_DIVORCE: ("voor een andere vraag", "kwam"),
    QuestionGrouping.SEPARATED_OR_DOUBTS: ("met een andere vraag", "kwam"),
}
# The dashboard's groups inside a sentence: "Circa 40% kwam voor relatieversterking of -herstel".
DASHBOARD_PHRASES = {
    "strengthen_restore": "voor relatieversterking of -herstel",
    "doubts": "voor twijfels over de relatie",
    "separation": "voor echtscheiding",
    "after_separation": "voor vragen na de scheiding of over de omgang",
    "other": "voor een andere vraag",
}


def question_groups(grouping):
    """The groups of a grouping, in order, the last one holding every other question."""
    if grouping in GROUPINGS:
        groups = list(GROUPINGS[grouping])
        taken = {q for group in groups for q in group.questions}
        phrase, verb = REST_PHRASES[grouping]
        rest = tuple(q for q in Question if q not in taken)
        return [*groups, Group("Andere hulpvraag", phrase, rest, verb)]
    # The dashboard's groups (reports.selectors), so that letter and dashboard agree.
    return [
        Group(str(label), DASHBOARD_PHRASES[key], tuple(questions))
        for key, label, questions in QUESTION_GROUPS
    ]
