"""Blocks about tracks and short trajects: tracks, trajects, session length, outcomes."""

from intake.constants import (
    MAX_SESSIONS,
    Outcome,
    Track,
    TrajectStatus,
)

from ... import sentences
from ...constants import BlockKind
from ..blocks.common import offers_trajects, visits_of
from ..view import percent
from .registry import register


@register(BlockKind.TRACKS)
def render_tracks(spec, letter):
    visits = visits_of(letter)
    rows = [
        (
            "Eén adviesgesprek (spoor A)",
            [letter.count(f"track:{Track.ONE_CONVERSATION}", label="Spoor A")],
        ),
        (
            "Kortdurend traject (spoor B)",
            [letter.count(f"track:{Track.SHORT_TRAJECT}", label="Spoor B")],
        ),
    ]
    table = letter.table("Bezoeken naar spoor", ["Spoor", "Aantal bezoeken"], rows, visits)
    a, b = (letter.values[keys[0]] for _label, keys in rows)
    shares = None
    if b and not letter.small(a) and not letter.small(b):
        shares = (letter.share(rows[0][1][0], visits), letter.share(rows[1][1][0], visits))
    trajects = letter.data.value("trajects", letter.start, letter.end)

    def render(view):
        if not b and not trajects and not offers_trajects(letter):
            return None  # a desk without trajects: nothing to say about track B
        content = {"table": view.table(table)}
        if not letter.values[visits]:
            text = "Er zijn in deze periode geen bezoeken geregistreerd."
        elif not b:
            text = (
                "Bij alle bezoeken van deze periode volstond één adviesgesprek (spoor A); er is "
                "geen kortdurend traject (spoor B) gestart."
            )
        elif shares and view.says(*shares):
            text = (
                f"Bij {percent(shares[0])} van de bezoeken volstond één adviesgesprek (spoor A); "
                f"bij {percent(shares[1])} volgde een kortdurend traject (spoor B)."
            )
        else:
            text = sentences.TOO_FEW_FOR_PERCENTAGES % "naar spoor"
        content["paragraphs"] = [text]
        return content

    return render


TRAJECT_ROWS = (
    ("Afgerond", TrajectStatus.COMPLETED),
    ("Voortijdig gestopt", TrajectStatus.STOPPED_EARLY),
    ("Doorverwezen", TrajectStatus.REFERRED_ON),
    ("Loopt nog", TrajectStatus.RUNNING),
)


@register(BlockKind.TRAJECTS)
def render_trajects(spec, letter):
    trajects = letter.count("trajects", label="Kortdurende trajecten gestart")
    rows = [
        (label, [letter.count(f"traject:{status}", label=label)]) for label, status in TRAJECT_ROWS
    ]
    table = letter.table(
        "Kortdurende trajecten naar stand van zaken",
        ["Stand van zaken", "Aantal trajecten"],
        rows,
        trajects,
    )
    sessions = letter.count("sessions", shown=False, label="Gesprekken")
    average = letter.ratio(sessions, trajects, places=1)

    def render(view):
        started = letter.values[trajects]
        if not started and not offers_trajects(letter):
            return None
        if not started:
            return {"paragraphs": ["In deze periode is geen kortdurend traject gestart."]}
        content = {"table": view.table(table)}
        content["paragraphs"] = [
            sentences.trajects_sentence(
                view.amount(trajects),
                average.value if view.says(average) and letter.values[sessions] else None,
                threshold=view.threshold,
            )
        ]
        return content

    return render


@register(BlockKind.SESSION_LENGTH)
def render_session_length(spec, letter):
    sessions = letter.count("sessions", shown=False, label="Gesprekken")
    minutes = letter.count("minutes", shown=False, label="Minuten")
    average = letter.ratio(minutes, sessions, places=0)

    def render(view):
        if not letter.values[sessions]:
            return None
        text = f"Een kortdurend traject bestaat uit ten hoogste {MAX_SESSIONS} gesprekken"
        if view.says(average):
            text += (
                f"; een gesprek duurde in deze periode gemiddeld {sentences.hours(average.value)}"
            )
        return {"paragraphs": [text + "."]}

    return render


OUTCOME_ROWS = (
    ("Op weg geholpen", Outcome.HELPED),
    ("Traject gestart", Outcome.TRAJECT_STARTED),
    ("Doorverwezen", Outcome.REFERRED_ON),
    ("Geen vervolg", Outcome.NO_FOLLOW_UP),
)


@register(BlockKind.OUTCOMES)
def render_outcomes(spec, letter):
    visits = visits_of(letter)
    rows = [(label, [letter.count(f"outcome:{o}", label=label)]) for label, o in OUTCOME_ROWS]
    table = letter.table("Bezoeken naar uitkomst", ["Uitkomst", "Aantal bezoeken"], rows, visits)

    def render(view):
        if not letter.values[visits]:
            return None
        return {"paragraphs": ["Zo liepen de bezoeken af."], "table": view.table(table)}

    return render
