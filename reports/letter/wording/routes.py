"""The words of the blocks about how visitors came and where they went."""

from ... import sentences
from .registry import fixed, wording

FIXED = {
    "referred_by.none": "In deze periode is bij geen bezoek een verwijzer vastgelegd.",
    "referred_by.lead": "Inwoners kwamen via de volgende verwijzers bij het loket.",
    "found_via.none": "In deze periode is niet vastgelegd hoe bezoekers het loket vonden.",
    "found_via.lead": "Zo hebben bezoekers het loket gevonden.",
    "referred_to.none": "In deze periode zijn geen doorverwijzingen vastgelegd.",
    "referred_to.lead": "Het loket verwees inwoners door naar de volgende organisaties.",
}
fixed(FIXED)


@wording("referred_to.total_only")
def total_only(threshold, *, total):
    """Every organisation had a small count: only the total can be said."""
    how_many = sentences.count_phrase(total, threshold)
    return (
        f"In deze periode verwees het loket {how_many} keer door"
        if how_many
        else "In deze periode verwees het loket inwoners door"
    ) + (
        "; naar welke organisaties publiceren wij niet, omdat de aantallen per organisatie te "
        "klein zijn."
    )
