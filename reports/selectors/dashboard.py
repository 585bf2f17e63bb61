"""The dashboard's figures: every figure family of a selection, as numbers (never text)."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.formats import date_format

from intake.constants import Channel, Outcome, Track, WhoCame
from intake.models import Activity, Desk, Feedback
from relatieloket.months import month_starts
from relatieloket.numbers import round_half_up

from .. import summary
from ..formatting import share
from .budget import period_budget
from .counts import (
    QUESTION_GROUPS,
    advice_domain_rows,
    choice_rows,
    desk_ids,
    found_via_rows,
    labelled,
    question_group_counts,
    shifted,
    submitted_between,
)


def dashboard_figures(*, municipalities, desks=None, start, end) -> dict:
    """All dashboard figures for a period (inclusive), municipality scope and optional desks."""
    if desks is None:
        desks = Desk.objects.filter(municipality__in=municipalities)
    # The scope once, as ids: every query below filters on a plain list instead of repeating
    # the scope's joins (municipalities, staff) as a subquery.
    desks = desk_ids(desks)
    # Whole months from the figures per desk and month, the edge months from the visits.
    previous_start, previous_end = shifted(start, -1), shifted(end, -1)
    visit_figures = summary.visit_figures(
        desks=desks,
        start=start,
        end=end,
        previous=(previous_start, previous_end),
    )
    totals = visit_figures["totals"]
    persons, count = totals["persons"], totals["visits"]
    couples = totals[f"who:{WhoCame.BOTH_PARTNERS}"] + totals[f"who:{WhoCame.EX_PARTNERS}"]
    track_b = totals[f"track:{Track.SHORT_TRAJECT}"]
    by_group = question_group_counts(totals)

    # Policy staff of several municipalities (the Drechtsteden share the Adviespunt) see them
    # combined, and here how the visits divide over them: by the desk's municipality.
    by_municipality = [
        {"desk__municipality__name": name, "count": n}
        for name, n in summary.visits_by_municipality(desks=desks, start=start, end=end)
    ]
    by_channel = choice_rows(totals, "channel", Channel)
    by_outcome = choice_rows(totals, "outcome", Outcome)
    by_event = [{"life_events__name": name, "count": n} for name, n in visit_figures["life_events"]]
    by_referrer = [
        {"referred_by__name": name, "count": n} for name, n in visit_figures["referred_by"]
    ]
    referred_to = summary.referred_to(desks=desks, start=start, end=end)
    traject_rows = summary.traject_figures(desks=desks, start=start, end=end)
    feedback = Feedback.objects.filter(desk__in=desks, **submitted_between(start, end)).aggregate(
        total=Count("pk"), answered=Count("pk", filter=Q(got_answer="ja"))
    )
    activities = (
        Activity.objects.filter(desk__in=desks, date__gte=start, date__lte=end)
        .values("kind", "audience")
        .annotate(count=Count("pk"), attendees=Sum("attendees"))
        .order_by("kind", "audience")
    )
    budget = period_budget(municipalities=municipalities, start=start, end=end)
    # Per month, the visits inside the period and inside the same period a year earlier, so
    # a period that starts or ends mid-month counts only its own days in both series.
    this_period, previous_period = visit_figures["monthly"], visit_figures["previous_monthly"]

    # Plain data from here on: loops run over the few aggregate rows, never over visits.
    started = sum(r["started"] for r in traject_rows)
    sessions = sum(r["session_count"] for r in traject_rows)
    # Costs come from the desks' tariffs. A traject at a desk without one has an unknown cost,
    # never € 0: it is counted apart, and the share of the budget is then unknown too.
    cost = Decimal(0)
    costed = uncosted = 0
    desks_without_tariff = []
    for row in traject_rows:
        if row["desk__tariff_per_traject"] is not None:
            cost += row["desk__tariff_per_traject"] * row["started"]
            costed += row["started"]
        elif row["desk__tariff_per_session_hour"] is not None:
            cost += row["desk__tariff_per_session_hour"] * Decimal(row["minutes"] or 0) / 60
            costed += row["started"]
        elif row["started"]:
            uncosted += row["started"]
            desks_without_tariff.append(row["desk__name"])
    month_rows = {}
    for key, n in this_period.items():
        month_rows.setdefault(key, {"count": 0, "previous": 0})["count"] = n
    for key, n in previous_period.items():
        month_rows.setdefault(key, {"count": 0, "previous": 0})["previous"] = n
    monthly = []
    for cursor in month_starts(start, end):
        key = cursor.strftime("%Y-%m")
        before = shifted(cursor, -1).strftime("%Y-%m")
        monthly.append(
            {
                "month": key,
                "label": date_format(cursor, "F Y"),
                "count": month_rows.get(key, {}).get("count", 0),
                "previous": month_rows.get(before, {}).get("previous", 0),
            }
        )
    previous_total = sum(row["previous"] for row in month_rows.values())
    budget_amount = budget["amount"]
    planned = budget["planned_trajects"]
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "visits": {
            "count": count,
            "persons": persons,
            "women": totals["women"],
            "men": totals["men"],
            "other": totals["other"],
            "couples": couples,
            "one_partner": totals[f"who:{WhoCame.ONE_PARTNER}"],
            "children": totals["children"],
            "safety_concerns": totals["safety"],
            "women_share": share(totals["women"], persons),
            "couples_share": share(couples, count),
        },
        "tracks": {
            "A": totals[f"track:{Track.ONE_CONVERSATION}"],
            "B": track_b,
            "B_share": share(track_b, count),
        },
        "trajects": {
            "started": started,
            "completed": sum(r["completed"] for r in traject_rows),
            "stopped": sum(r["stopped"] for r in traject_rows),
            "referred": sum(r["referred"] for r in traject_rows),
            "sessions": sessions,
            "avg_sessions": share(sessions, started),
        },
        "questions": [
            {
                "key": key,
                "label": str(label),
                "count": by_group[key],
                "share": share(by_group[key], count),
            }
            for key, label, _q in QUESTION_GROUPS
        ],
        "life_events": [
            {"key": r["life_events__name"], "label": r["life_events__name"], "count": r["count"]}
            for r in by_event
        ],
        "advice_domains": advice_domain_rows(totals),
        "channels": labelled(by_channel, "channel", Channel.choices),
        "municipalities": [
            {
                "key": r["desk__municipality__name"],
                "label": r["desk__municipality__name"],
                "count": r["count"],
            }
            for r in by_municipality
        ],
        "outcomes": labelled(by_outcome, "outcome", Outcome.choices),
        "found_via": found_via_rows(totals),
        "referred_by": [
            {"key": r["referred_by__name"], "label": r["referred_by__name"], "count": r["count"]}
            for r in by_referrer
        ],
        "referred_to": [{"key": name, "label": name, "count": n} for name, n in referred_to],
        "feedback": {
            "total": feedback["total"],
            "answered": feedback["answered"],
            "answered_share": share(feedback["answered"], feedback["total"]),
        },
        "activities": [
            {
                "kind": str(
                    dict(Activity._meta.get_field("kind").choices).get(r["kind"], r["kind"])
                ),
                "audience": str(
                    dict(Activity._meta.get_field("audience").choices).get(
                        r["audience"], r["audience"]
                    )
                ),
                "count": r["count"],
                "attendees": r["attendees"] or 0,
            }
            for r in activities
        ],
        "costs": {
            "has_tariff": Desk.objects.filter(pk__in=desks)
            .filter(Q(tariff_per_traject__isnull=False) | Q(tariff_per_session_hour__isnull=False))
            .exists(),
            # The costs of the trajects at desks with a tariff, and what they are unknown for.
            "total": cost,
            "per_traject": share(cost, costed),
            "trajects_with_tariff": costed,
            "trajects_without_tariff": uncosted,
            "desks_without_tariff": sorted(desks_without_tariff),
            "budget": round_half_up(budget_amount) if budget_amount is not None else None,
            "planned_trajects": int(round_half_up(planned)) if planned is not None else None,
            "budget_used": None if uncosted else share(cost, budget_amount),
        },
        "monthly": monthly,
        "previous_year": {
            "start": previous_start.isoformat(),
            "end": previous_end.isoformat(),
            "visits": previous_total,
            "change": share(count - previous_total, previous_total),
        },
    }
