"""Reads of the evaluation app: a traject's scores for the counsellor, and the figures.

The figures are exact, for staff (the dashboard and `manage.py evaluation_figures`); a
published letter applies the disclosure protection on top of them.
"""

import math
import statistics

from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from scipy import stats

from intake.models import Traject
from relatieloket.months import add_months

from .constants import FOLLOW_UP_WAVES, Goal, Moment, Respondent
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


# --- figures --------------------------------------------------------------------------------


def reliable_change_threshold(instrument, start_totals):
    """The instrument's threshold, or Jacobson & Truax (1991): 1.96 · √2 · SD · √(1 − r), with
    the instrument's reference SD or else the standard deviation of the start totals."""
    if instrument.reliable_change_threshold is not None:
        return float(instrument.reliable_change_threshold)
    if instrument.reliability is None:
        return None
    if instrument.standard_deviation is not None:
        sd = float(instrument.standard_deviation)
    elif len(start_totals) >= 2:
        sd = statistics.stdev(start_totals)
    else:
        return None
    return 1.96 * math.sqrt(2) * sd * math.sqrt(1 - float(instrument.reliability))


def change_statistics(pairs, *, higher_is_better=True, threshold=None, cutoff=None) -> dict:
    """Pre–post figures of (start, end) totals: n, mean change with its 95% confidence interval
    (t distribution), the pre–post effect size (mean change / SD of the start totals) and the
    counts of reliable and clinically significant change."""
    n = len(pairs)
    changes = [end - start for start, end in pairs]
    result = {
        "pairs": n,
        "mean_change": None,
        "ci95_low": None,
        "ci95_high": None,
        "effect_size": None,
        "reliably_improved": None,
        "unchanged": None,
        "reliably_deteriorated": None,
        "recovered": None,
    }
    if n == 0:
        return result
    mean = statistics.fmean(changes)
    result["mean_change"] = mean
    if n >= 2:
        sd_change = statistics.stdev(changes)
        if sd_change > 0:
            low, high = stats.t.interval(0.95, df=n - 1, loc=mean, scale=sd_change / math.sqrt(n))
        else:
            low = high = mean
        result["ci95_low"], result["ci95_high"] = float(low), float(high)
        sd_start = statistics.stdev([start for start, _end in pairs])
        if sd_start > 0:
            result["effect_size"] = mean / sd_start
    if threshold is not None:
        sign = 1 if higher_is_better else -1
        improved = [sign * change >= threshold for change in changes]
        deteriorated = [-sign * change >= threshold for change in changes]
        result["reliably_improved"] = sum(improved)
        result["reliably_deteriorated"] = sum(deteriorated)
        result["unchanged"] = n - sum(improved) - sum(deteriorated)
        if cutoff is not None:

            def functional(total):
                return total >= cutoff if higher_is_better else total <= cutoff

            result["recovered"] = sum(
                1
                for (start, end), better in zip(pairs, improved, strict=True)
                if better and not functional(start) and functional(end)
            )
    return result


def _scope_evaluations(*, municipalities, start, end, desks=None):
    """Evaluations of trajects that started in the period in the municipalities, linked or cut
    (a cut one keeps its own copy of the desk and the dates)."""
    evaluations = TrajectEvaluation.objects.annotate(
        eff_started=Coalesce("traject__started_on", "started_on"),
        eff_desk=Coalesce("traject__desk_id", "desk_id"),
        eff_municipality=Coalesce("traject__desk__municipality_id", "desk__municipality_id"),
    ).filter(
        eff_started__gte=start,
        eff_started__lte=end,
        eff_municipality__in=[m.pk for m in municipalities],
    )
    if desks is not None:
        evaluations = evaluations.filter(eff_desk__in=[d.pk for d in desks])
    return evaluations


def evaluation_figures(
    *, municipalities, start, end, desks=None, today=None, instrument=None
) -> dict:
    """The exact figures of trajects whose start falls in [start, end] (inclusive), of the
    municipalities (and only `desks`, if given); a respondent's total is the sum of the item
    scores. A fixed number of queries whatever the numbers."""
    today = today or timezone.localdate()
    municipalities = list(municipalities)
    desks = list(desks) if desks is not None else None
    instrument = instrument or default_instrument()
    trajects = Traject.objects.filter(
        desk__municipality__in=[m.pk for m in municipalities],
        started_on__gte=start,
        started_on__lte=end,
    )
    if desks is not None:
        trajects = trajects.filter(desk__in=[d.pk for d in desks])
    closed = list(trajects.filter(closed_on__isnull=False).values_list("closed_on", flat=True))
    started = trajects.count()
    evaluations = _scope_evaluations(
        municipalities=municipalities, start=start, end=end, desks=desks
    )
    rows = Measurement.objects.filter(evaluation__in=evaluations.values("pk")).values_list(
        "evaluation_id", "evaluation__goal", "respondent", "moment", "total", "instrument_id"
    )
    totals, goals, answered = {}, {}, dict.fromkeys(FOLLOW_UP_WAVES, 0)
    for evaluation_id, goal, respondent, moment, total, instrument_id in rows:
        if moment in FOLLOW_UP_WAVES:
            answered[moment] += 1
        elif instrument is not None and instrument_id == instrument.pk:
            totals[(evaluation_id, respondent, moment)] = total
            goals[evaluation_id] = goal
    pairs_by_goal = {}
    for (evaluation_id, respondent, moment), total in totals.items():
        if moment == Moment.START and (evaluation_id, respondent, Moment.END) in totals:
            pair = (total, totals[(evaluation_id, respondent, Moment.END)])
            pairs_by_goal.setdefault(goals[evaluation_id], []).append(pair)
    pairs = [pair for group in pairs_by_goal.values() for pair in group]
    figures = {"instrument": None}
    options = {}
    if instrument is not None:
        items = list(instrument.items.values_list("scale_min", "scale_max"))
        threshold = reliable_change_threshold(instrument, [s for s, _e in pairs])
        cutoff = float(instrument.cutoff) if instrument.cutoff is not None else None
        options = {
            "higher_is_better": instrument.higher_is_better,
            "threshold": threshold,
            "cutoff": cutoff,
        }
        figures["instrument"] = {
            "name": instrument.name,
            "items": len(items),
            "scale_min": sum(low for low, _high in items),
            "scale_max": sum(high for _low, high in items),
            "higher_is_better": instrument.higher_is_better,
            "reliable_change_threshold": threshold,
            "cutoff": cutoff,
        }
    figures["trajects_started"] = started
    figures["trajects_closed"] = len(closed)
    figures.update(change_statistics(pairs, **options))
    figures["by_goal"] = {
        goal or "none": change_statistics(pairs_by_goal.get(goal, []), **options)
        for goal in [*Goal.values, ""]
    }
    follow_up = {}
    for wave, months in FOLLOW_UP_WAVES.items():
        invited = 2 * sum(1 for day in closed if add_months(day, months) <= today)
        follow_up[wave] = {
            "invited": invited,
            "answered": answered[wave],
            "response_rate": answered[wave] / invited if invited else None,
        }
    figures["follow_up"] = follow_up
    return figures


def dashboard_section(selection) -> dict:
    """The evaluation figures for a dashboard selection (its municipalities, desks, period),
    with the goals labelled for the template."""
    figures = evaluation_figures(
        municipalities=selection["municipalities"],
        desks=selection["desks"],
        start=selection["start"],
        end=selection["end"],
    )
    labels = {**dict(Goal.choices), "none": _("no goal stated")}
    figures["goal_rows"] = [
        {"label": labels[goal], **values} for goal, values in figures["by_goal"].items()
    ]
    figures["wave_rows"] = [
        {"label": Moment(wave).label, **values} for wave, values in figures["follow_up"].items()
    ]
    return figures
