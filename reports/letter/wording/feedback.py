"""The words of the blocks about what visitors said: the questionnaire, partner returns."""

from ... import sentences
from ...formatting import format_number
from .registry import fixed, percent, wording

FIXED = {
    "feedback.none": "In deze periode heeft geen bezoeker de vragenlijst ingevuld.",
    "partner_returns.lead": (
        "Partners geven periodiek door hoeveel inwoners met vragen over relaties bij hen "
        "aanklopten, hoeveel zij zelf hielpen en hoeveel zij doorverwezen."
    ),
}
fixed(FIXED)


@wording("feedback.summary")
def summary(threshold, *, total, answered, recommends, average):
    """`total`: the questionnaires as published; the percentages and the average rating,
    or None when not stated."""
    parts = []
    if answered is not None:
        parts.append(f"kreeg {percent(answered, word=True)} antwoord op de hulpvraag")
    if recommends is not None:
        parts.append(f"zou {percent(recommends, word=True)} het loket aanbevelen")
    text = "Na afloop van een gesprek kunnen bezoekers vrijblijvend een vragenlijst invullen"
    how_many = sentences.count_phrase(total, threshold)
    if how_many:
        one = total == 1  # a protected count is always plural
        text += f"; in deze periode {'deed' if one else 'deden'} {how_many} "
        text += f"{'bezoeker' if one else 'bezoekers'} dat."
    else:
        text += "."
    if parts:
        text += " Van hen " + " en ".join(parts) + "."
    if average is not None:
        text += f" Het gemiddelde rapportcijfer is {format_number(average, 1)}."
    return text
