"""Blocks about tracks and short trajects: tracks, trajects, session length, outcomes."""

from intake.constants import (
    Outcome,
    Track,
    TrajectStatus,
)

from ...constants import BlockKind
from ..blocks.common import offers_trajects, visits_of
from ..wording import say
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
            paragraph = say("tracks.no_visits")
        elif not b:
            paragraph = say("tracks.all_a")
        elif shares and view.says(*shares):
            paragraph = say("tracks.shares", a=shares[0].value, b=shares[1].value)
        else:
            paragraph = say("too_few_for_percentages", table=spec["kind"])
        content["paragraphs"] = [paragraph]
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
            return {"paragraphs": [say("trajects.none")]}
        content = {"table": view.table(table)}
        stated = view.says(average) and letter.values[sessions]
        content["paragraphs"] = [
            say(
                "trajects.started",
                started=view.amount(trajects),
                average=average.value if stated else None,
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
        stated = average.value if view.says(average) else None
        return {"paragraphs": [say("session_length.average", average=stated)]}

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
        return {"paragraphs": [say("outcomes.lead")], "table": view.table(table)}

    return render
