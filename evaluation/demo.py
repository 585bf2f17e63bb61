"""Demo evaluation: the Hendrik-Ido-Ambacht trajects get a goal, plausible scores at the first
and the last session, and a few follow-up answers (idempotent; seed_demo finds this module).
The evaluation letter over them is published by reports/demo.py."""

import random

from intake.models import Traject
from relatieloket.months import add_months

from . import services
from .constants import Goal, Moment, Respondent
from .instruments import instrument_install
from .models import FollowUpAnswer, Measurement

HIA_DESK = "Relatieloket Hendrik-Ido-Ambacht"
GOALS = [Goal.STRENGTHEN] * 6 + [Goal.CLARIFY] * 3 + [Goal.PART_WELL]


def _scores(rng, instrument_items, level):
    """Item scores around `level` (0–1 of each item's scale), within the scale."""
    return [
        max(item.scale_min, min(item.scale_max, round(item.scale_max * level + rng.gauss(0, 0.7))))
        for item in instrument_items
    ]


def seed(*, password=None, stdout=None):
    rng = random.Random(23)
    instrument = instrument_install()
    items = list(instrument.items.order_by("position"))
    trajects = (
        Traject.objects.filter(desk__name=HIA_DESK, evaluation__isnull=True)
        .prefetch_related("sessions")
        .order_by("started_on", "pk")
    )
    answered = 0
    for traject in trajects:
        sessions = sorted(traject.sessions.all(), key=lambda s: s.number)
        if not sessions:
            continue
        goal = rng.choice(GOALS)
        services.traject_goal_set(user=None, traject=traject, goal=goal)
        closed = traject.closed_on is not None and len(sessions) >= 2
        for respondent in Respondent:
            before = rng.uniform(0.3, 0.6)
            services.measurement_record(
                user=None,
                traject=traject,
                moment=Moment.START,
                respondent=respondent,
                scores=_scores(rng, items, before),
                date=sessions[0].date,
            )
            if not closed:
                continue
            after = min(1.0, before + rng.uniform(-0.05, 0.3))
            services.measurement_record(
                user=None,
                traject=traject,
                moment=Moment.END,
                respondent=respondent,
                scores=_scores(rng, items, after),
                date=sessions[-1].date,
            )
            follow_up_on = add_months(traject.closed_on, 3)
            if answered < 5 and follow_up_on <= services._today() and rng.random() < 0.6:
                measurement = services.measurement_record(
                    user=None,
                    traject=traject,
                    moment=Moment.FOLLOW_UP_3M,
                    respondent=respondent,
                    scores=_scores(rng, items, after),
                    date=follow_up_on,
                )
                together = goal != Goal.PART_WELL
                FollowUpAnswer.objects.create(
                    measurement=measurement,
                    still_together="yes" if together else "no",
                    separated_as_wished="not_applicable" if together else "yes",
                    would_recommend=True,
                )
                answered += 1
    if stdout is not None:
        count = Measurement.objects.filter(evaluation__desk__name=HIA_DESK).count()
        stdout.write(f"  evaluation: {count} scores at {HIA_DESK}")
