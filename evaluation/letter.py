"""The evaluation in a council letter: the figures of the effect block, its standard texts, and
the "Evaluatie" letter template that answers a motion's questions in order.

The figures are `selectors.evaluation_figures` of the letter's municipality and period
(trajects whose start falls in the period); `reports.letter.blocks.effect` declares their
counts to the letter's linked publication and states a mean or a percentage only over at least
the disclosure threshold.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import Goal
from .selectors import evaluation_figures

TOO_FEW = "te weinig trajecten om iets over het effect te zeggen"

# What the figures cannot show: stated whenever the effect is, in the letter's own words.
LIMITATIONS = (
    "Wat deze cijfers niet laten zien. Er is geen vergelijkingsgroep: we weten niet hoe het "
    "de paren zonder traject was vergaan, dus een verbetering is niet zonder meer het effect "
    "van het traject (ook zonder hulp gaat het met paren in een crisis vaak wat beter). De "
    "scores zijn zelfrapportage: partners vullen zelf in hoe zij hun relatie ervaren, aan het "
    "begin en aan het eind met de hulpverlener in de buurt. De aantallen zijn klein, zodat het "
    "betrouwbaarheidsinterval breed is en één paar het gemiddelde merkbaar verschuift. En alleen "
    "wie het traject afrondde en beide keren invulde telt mee; wie voortijdig stopte of de "
    "vervolgmeting niet invulde, kan er anders voor staan."
)

# The goals as the letter names them, in the order of the table.
GOAL_PHRASES = {
    Goal.STRENGTHEN: "de relatie versterken",
    Goal.CLARIFY: "uitzoeken of zij samen verder gaan",
    Goal.PART_WELL: "goed uit elkaar gaan als ouders",
    "none": "geen doel vastgelegd",
}
WAVE_PHRASES = {"follow_up_3m": "drie maanden", "follow_up_6m": "zes maanden"}


def effect_figures(*, municipality, start, end, today=None) -> dict:
    """The exact evaluation figures of a letter: its municipality, trajects started in the
    period; the follow-up waves as far as they are due `today` (default: today)."""
    return evaluation_figures(
        municipalities=[municipality],
        start=start,
        end=end,
        today=today or timezone.localdate(),
    )


# --- the "Evaluatie" letter template ---------------------------------------------------------

EVALUATION_TEMPLATE = "evaluation"

# A motion's questions in order: reach, process, experience, effect, cost, and what the
# figures cannot show. Costs stay under "information" so that the order reads as the questions.
EVALUATION_BLOCKS = (
    # reach: who came, how they found the desk
    {"heading": "information", "kind": "visits_summary"},
    {"heading": "information", "kind": "who_came"},
    {"heading": "information", "kind": "found_via"},
    {"heading": "information", "kind": "referred_by"},
    # process: tracks, trajects and their sessions, referrals
    {"heading": "information", "kind": "tracks"},
    {"heading": "information", "kind": "trajects"},
    {"heading": "information", "kind": "session_length"},
    {"heading": "information", "kind": "referred_to"},
    # experience: the questionnaire after a conversation
    {"heading": "information", "kind": "feedback"},
    # effect: scores before and after, per goal, follow-up
    {"heading": "information", "kind": "effect"},
    # cost per traject against the budget
    {"heading": "information", "kind": "budget"},
    {"heading": "information", "kind": "costs"},
    # the standard paragraph on what the figures cannot show
    {"heading": "information", "kind": "effect", "part": "limitations"},
)

EVALUATION_TEXTS = {
    "reason": (
        "Met deze raadsinformatiebrief informeren wij u over de resultaten van de proefperiode, "
        "zoals uw raad heeft gevraagd."
    ),
    "information": (
        "Wij beantwoorden de vragen in deze volgorde: wie het loket bereikte en hoe, hoe de "
        "hulp verliep, hoe bezoekers die ervoeren, wat het effect van de kortdurende trajecten "
        "was, wat een traject kost ten opzichte van het budget, en wat de cijfers niet kunnen "
        "laten zien."
    ),
}


def letter_templates():
    """The letter templates a new letter can start from: {value: (label, blocks, texts)}."""
    return {EVALUATION_TEMPLATE: (_("Evaluation"), EVALUATION_BLOCKS, EVALUATION_TEXTS)}


def template_fields(name, fields) -> dict:
    """The fields of a new letter from template `name`: its blocks, and its texts where the
    letter leaves a heading empty. An unknown or empty name changes nothing."""
    template = letter_templates().get(name)
    if template is None:
        return fields
    _label, blocks, texts = template
    fields = dict(fields)
    fields["blocks"] = [dict(block) for block in blocks]
    for key, text in texts.items():
        if not (fields.get(key) or "").strip():
            fields[key] = text
    return fields
