"""Reads of the evaluation app: a traject's scores for the counsellor, and the figures.

The figures are exact, for staff (the dashboard and `manage.py evaluation_figures`); a
published letter applies the disclosure protection on top of them.
"""

from .constants import Moment, Respondent
from .models import Measurement, TrajectEvaluation
from .services import default_instrument


def traject_summary(traject) -> dict:
    """The goal, the totals per moment and partner, and what to record next (3 queries)."""
    evaluation = TrajectEvaluation.objects.filter(traject=traject).first()
    measurements = (
        list(Measurement.objects.filter(evaluation=evaluation).select_related("instrument"))
        if evaluation
        else []
    )
    totals = {(m.moment, m.respondent): m for m in measurements}
    start = next((m for m in measurements if m.moment == Moment.START), None)
    instrument = start.instrument if start else default_instrument()
    items = list(instrument.items.order_by("position")) if instrument else []
    has_start = any(m.moment == Moment.START for m in measurements)
    rows = [
        {
            "moment": moment,
            "cells": [totals.get((moment.value, r.value)) for r in Respondent],
        }
        for moment in Moment
        if any((moment.value, r.value) in totals for r in Respondent)
    ]
    return {
        "evaluation": evaluation,
        "goal": evaluation.goal if evaluation else "",
        "goal_label": evaluation.get_goal_display() if evaluation and evaluation.goal else "",
        "rows": rows,
        "instrument": instrument,
        "items": items,
        "total_max": sum(i.scale_max for i in items),
        "next_moment": Moment.END.value if has_start else Moment.START.value,
        "complete": all((Moment.END.value, r.value) in totals for r in Respondent),
    }
