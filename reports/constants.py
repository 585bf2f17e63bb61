"""Choices of the council letters: the kinds of figure block and the question groupings.

`BlockKind` is the one list of block kinds: the block form offers it, the services accept only
its values, and `reports.letter.blocks` registers one renderer per kind.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BlockKind(models.TextChoices):
    VISITS_SUMMARY = "visits_summary", _("Visitors and children (sentence)")
    QUESTION_SPLIT = "question_split", _("Questions in groups (sentence, table and chart)")
    WOMEN_SHARE = "women_share", _("Share of women (sentence)")
    WHO_CAME = "who_came", _("Who came: alone or as a couple (sentence and table)")
    WALK_IN = "walk_in", _("Walk-in hours and appointments (sentence, from the schedule)")
    MONTHLY = "monthly", _("Visits over time (table and chart)")
    REFERRED_BY = "referred_by", _("Referred by (table)")
    FOUND_VIA = "found_via", _("How visitors found the desk (table)")
    TRACKS = "tracks", _("Tracks A and B (sentence and table)")
    TRAJECTS = "trajects", _("Short trajects (sentence and table)")
    SESSION_LENGTH = "session_length", _("Length of the traject sessions (sentence)")
    OUTCOMES = "outcomes", _("Outcomes of the visits (table)")
    REFERRED_TO = "referred_to", _("Referred to (table)")
    FEEDBACK = "feedback", _("Feedback questionnaire (sentence and table)")
    PARTNER_RETURNS = "partner_returns", _("Partner returns (table)")
    BUDGET = "budget", _("Budget of the period (sentence)")
    COSTS = "costs", _("Costs of the trajects against the budget (sentence)")
    INDICATOR = "indicator", _("External indicator with its source")
    EFFECT = "effect", _("Effect of the trajects: scores before and after (sentence and table)")


class QuestionGrouping(models.TextChoices):
    """How a question block groups the help questions (see `reports.selectors.GROUPINGS`)."""

    DASHBOARD = "dashboard", _("The dashboard's five groups")
    RELATIONSHIP_OR_DIVORCE = (
        "relationship_or_divorce",
        _("Strengthening or restoring the relationship / divorce (as in Hendrik-Ido-Ambacht)"),
    )
    SEPARATED_OR_DOUBTS = (
        "separated_or_doubts",
        _("Separated or planning to separate / doubts (as in Dordrecht)"),
    )


# Free text of a council report: long enough for the longest section of the seeds (about
# 9,000 characters of "Wat is de te delen informatie?" in the Dordrecht letter), bounded so
# that no form post can store megabytes. Enforced in the form, the model and the database.
TEXT_LIMITS = {
    "title": 200,
    "answer_title": 200,
    "answer_number": 50,
    "reference": 50,
    "contact_person": 100,
    "contact_team": 100,
    "signed_secretary": 100,
    "signed_mayor": 100,
    "reason": 5000,
    "information": 20000,
    "next_steps": 5000,
    "costs": 5000,
    "decisions": 5000,
}
MAX_BLOCKS = 40
