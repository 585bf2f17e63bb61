"""The words of the blocks about tracks and short trajects."""

from intake.constants import MAX_SESSIONS

from ... import sentences
from .registry import fixed, percent, wording

FIXED = {
    "tracks.no_visits": "Er zijn in deze periode geen bezoeken geregistreerd.",
    "tracks.all_a": (
        "Bij alle bezoeken van deze periode volstond één adviesgesprek (spoor A); er is geen "
        "kortdurend traject (spoor B) gestart."
    ),
    "trajects.none": "In deze periode is geen kortdurend traject gestart.",
    "outcomes.lead": "Zo liepen de bezoeken af.",
}
fixed(FIXED)


@wording("tracks.shares")
def track_shares(threshold, *, a, b):
    return (
        f"Bij {percent(a)} van de bezoeken volstond één adviesgesprek (spoor A); "
        f"bij {percent(b)} volgde een kortdurend traject (spoor B)."
    )


@wording("trajects.started")
def started(threshold, *, started, average):
    return sentences.trajects_sentence(started, average, threshold=threshold)


@wording("session_length.average")
def session_length(threshold, *, average):
    """`average`: the minutes of a session on average, or None when not stated."""
    text = f"Een kortdurend traject bestaat uit ten hoogste {MAX_SESSIONS} gesprekken"
    if average is not None:
        text += f"; een gesprek duurde in deze periode gemiddeld {sentences.hours(average)}"
    return text + "."
