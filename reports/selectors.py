"""Dashboard figures: pure functions from filters to plain data, aggregated in the database.

`dashboard_figures(*, municipalities, desks=None, start, end)` returns JSON-serialisable data
(ints, strings, lists, dicts), one key per figure family, each computed by one aggregate query
whatever the number of visits. Council reports and exports read the same data.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from intake.constants import Channel, Outcome, Track, TrajectStatus, WhoCame
from intake.models import Activity, Desk, Feedback, Traject, Visit
from referrals.constants import Question
from referrals.models import Referral

from .formatting import format_euro, format_number, format_percent
from .models import Budget, Indicator

# Labels are translated where they are shown; council reports compute them in Dutch.
QUESTION_GROUPS = [
    (
        "strengthen_restore",
        _("Strengthening or restoring the relationship"),
        [Question.STRENGTHEN, Question.RESTORE],
    ),
    ("doubts", _("Doubts about the relationship"), [Question.DOUBTS]),
    (
        "separation",
        _("(Considering) separation"),
        [Question.CONSIDERING_SEPARATION, Question.SEPARATING],
    ),
    (
        "after_separation",
        _("After the separation, contact arrangements"),
        [Question.AFTER_SEPARATION, Question.CONTACT_ARRANGEMENT],
    ),
    ("other", _("Other"), [Question.OTHER]),
]
ADVICE_DOMAIN_LABELS = (
    ("social_emotional", _("Social-emotional")),
    ("financial", _("Financial")),
    ("legal", _("Legal")),
    ("parenting", _("Parenting")),
)


def dashboard_scope(*, user):
    """(municipalities, desks) whose figures a user may see on the dashboard.

    Policy staff see every desk of their municipalities; a coordinator sees only the desks they
    work at (DESIGN: "their desk's dashboard"), with those desks' municipalities.
    """
    from referrals.models import Municipality
    from relatieloket.roles import Role, has_role

    if has_role(user, Role.POLICY):
        municipalities = user.municipalities.all()
        return municipalities, Desk.objects.filter(municipality__in=municipalities)
    desks = Desk.objects.filter(staff=user) if user.is_authenticated else Desk.objects.none()
    return Municipality.objects.filter(desks__in=desks).distinct(), desks


def desks_in_scope(*, desks, municipalities, desk=None):
    """The desks of a selection: those in scope in the chosen municipalities, or the one desk."""
    desks = desks.filter(municipality__in=municipalities)
    return desks.filter(pk=desk.pk) if desk else desks


def _labelled(rows, key, choices):
    labels = dict(choices)
    return [
        {
            "key": row[key] or "",
            "label": str(labels.get(row[key], row[key] or "–")),
            "count": row["count"],
        }
        for row in rows
    ]


def _signed(percentage):
    """ "19%" -> "+19%"; "-5%" and "0%" and "–" stay as they are."""
    return "+" + percentage if percentage[0].isdigit() and percentage != "0%" else percentage


def _shifted(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def visit_totals(visits, question_groups=QUESTION_GROUPS) -> dict:
    """Counts and sums over visits in one aggregate query; `q_<key>` per question group."""
    totals = visits.aggregate(
        count=Count("pk"),
        women=Sum("women"),
        men=Sum("men"),
        other=Sum("other_gender"),
        children=Sum("children"),
        couples=Count("pk", filter=Q(who_came__in=[WhoCame.BOTH_PARTNERS, WhoCame.EX_PARTNERS])),
        one_partner=Count("pk", filter=Q(who_came=WhoCame.ONE_PARTNER)),
        track_a=Count("pk", filter=Q(track=Track.ONE_CONVERSATION)),
        track_b=Count("pk", filter=Q(track=Track.SHORT_TRAJECT)),
        safety=Count("pk", filter=Q(safety_concern=True)),
        social_emotional=Count("pk", filter=Q(advice_social_emotional=True)),
        financial=Count("pk", filter=Q(advice_financial=True)),
        legal=Count("pk", filter=Q(advice_legal=True)),
        parenting=Count("pk", filter=Q(advice_parenting=True)),
        **{
            f"q_{key}": Count("pk", filter=Q(question__in=questions))
            for key, _label, questions in question_groups
        },
    )
    return {k: v or 0 for k, v in totals.items()}


def dashboard_figures(*, municipalities, desks=None, start, end) -> dict:
    """All dashboard figures for a period (inclusive), municipality scope and optional desks."""
    if desks is None:
        desks = Desk.objects.filter(municipality__in=municipalities)
    visits = Visit.objects.filter(desk__in=desks, date__gte=start, date__lte=end)

    totals = visit_totals(visits)
    persons = totals["women"] + totals["men"] + totals["other"]

    by_channel = visits.values("channel").annotate(count=Count("pk")).order_by("-count", "channel")
    by_outcome = visits.values("outcome").annotate(count=Count("pk")).order_by("-count", "outcome")
    by_event = (
        visits.filter(life_events__isnull=False)
        .values("life_events__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "life_events__name")
    )
    by_referrer = (
        visits.filter(referred_by__isnull=False)
        .values("referred_by__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "referred_by__name")
    )
    referred_to = (
        Referral.objects.filter(
            Q(visits__desk__in=desks) | Q(trajects__desk__in=desks),
            from_organisation__desk_nodes__in=desks,
            date__gte=start,
            date__lte=end,
        )
        .values("to_organisation__name")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-count", "to_organisation__name")
    )
    trajects = (
        Traject.objects.filter(desk__in=desks, started_on__gte=start, started_on__lte=end)
        .values("desk", "desk__tariff_per_session_hour", "desk__tariff_per_traject")
        .annotate(
            started=Count("pk", distinct=True),
            completed=Count("pk", distinct=True, filter=Q(status=TrajectStatus.COMPLETED)),
            stopped=Count("pk", distinct=True, filter=Q(status=TrajectStatus.STOPPED_EARLY)),
            referred=Count("pk", distinct=True, filter=Q(status=TrajectStatus.REFERRED_ON)),
            session_count=Count("sessions"),
            minutes=Sum("sessions__minutes"),
        )
        .order_by("desk")
    )
    feedback = Feedback.objects.filter(
        desk__in=desks, submitted_at__date__gte=start, submitted_at__date__lte=end
    ).aggregate(total=Count("pk"), answered=Count("pk", filter=Q(got_answer="ja")))
    activities = (
        Activity.objects.filter(desk__in=desks, date__gte=start, date__lte=end)
        .values("kind", "audience")
        .annotate(count=Count("pk"), attendees=Sum("attendees"))
        .order_by("kind", "audience")
    )
    budget = Budget.objects.filter(
        municipality__in=municipalities, year__gte=start.year, year__lte=end.year
    ).aggregate(amount=Sum("amount"), planned=Sum("planned_trajects"))
    previous_start, previous_end = _shifted(start, -1), _shifted(end, -1)
    in_period = Q(date__gte=start, date__lte=end)
    in_previous = Q(date__gte=previous_start, date__lte=previous_end)
    # Per month, the visits inside the period and inside the same period a year earlier, so
    # a period that starts or ends mid-month counts only its own days in both series.
    months = (
        Visit.objects.filter(in_period | in_previous, desk__in=desks)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(count=Count("pk", filter=in_period), previous=Count("pk", filter=in_previous))
        .order_by("month")
    )

    # Plain data from here on: loops run over the few aggregate rows, never over visits.
    traject_rows = list(trajects)
    started = sum(r["started"] for r in traject_rows)
    sessions = sum(r["session_count"] for r in traject_rows)
    cost = Decimal(0)
    for row in traject_rows:
        if row["desk__tariff_per_traject"] is not None:
            cost += row["desk__tariff_per_traject"] * row["started"]
        elif row["desk__tariff_per_session_hour"] is not None:
            cost += row["desk__tariff_per_session_hour"] * Decimal(row["minutes"] or 0) / 60
    month_rows = {
        row["month"].strftime("%Y-%m")
        if hasattr(row["month"], "strftime")
        else str(row["month"])[:7]: row
        for row in months
    }
    monthly = []
    cursor = datetime.date(start.year, start.month, 1)
    while cursor <= end:
        key = cursor.strftime("%Y-%m")
        before = _shifted(cursor, -1).strftime("%Y-%m")
        monthly.append(
            {
                "month": key,
                "label": date_format(cursor, "F Y"),
                "count": month_rows.get(key, {}).get("count", 0),
                "previous": month_rows.get(before, {}).get("previous", 0),
            }
        )
        cursor = datetime.date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    previous_total = sum(row["previous"] for row in month_rows.values())
    budget_amount = budget["amount"]
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "visits": {
            "count": totals["count"],
            "persons": persons,
            "women": totals["women"],
            "men": totals["men"],
            "other": totals["other"],
            "couples": totals["couples"],
            "one_partner": totals["one_partner"],
            "children": totals["children"],
            "safety_concerns": totals["safety"],
            "women_share": format_percent(totals["women"], persons),
            "couples_share": format_percent(totals["couples"], totals["count"]),
        },
        "tracks": {
            "A": totals["track_a"],
            "B": totals["track_b"],
            "B_share": format_percent(totals["track_b"], totals["count"]),
        },
        "trajects": {
            "started": started,
            "completed": sum(r["completed"] for r in traject_rows),
            "stopped": sum(r["stopped"] for r in traject_rows),
            "referred": sum(r["referred"] for r in traject_rows),
            "sessions": sessions,
            "avg_sessions": format_number(Decimal(sessions) / started, 1) if started else "–",
        },
        "questions": [
            {
                "key": key,
                "label": str(label),
                "count": totals[f"q_{key}"],
                "share": format_percent(totals[f"q_{key}"], totals["count"]),
            }
            for key, label, _q in QUESTION_GROUPS
        ],
        "life_events": [
            {"key": r["life_events__name"], "label": r["life_events__name"], "count": r["count"]}
            for r in by_event
        ],
        "advice_domains": [
            {"key": key, "label": str(label), "count": totals[key]}
            for key, label in ADVICE_DOMAIN_LABELS
        ],
        "channels": _labelled(by_channel, "channel", Channel.choices),
        "outcomes": _labelled(by_outcome, "outcome", Outcome.choices),
        "referred_by": [
            {"key": r["referred_by__name"], "label": r["referred_by__name"], "count": r["count"]}
            for r in by_referrer
        ],
        "referred_to": [
            {
                "key": r["to_organisation__name"],
                "label": r["to_organisation__name"],
                "count": r["count"],
            }
            for r in referred_to
        ],
        "feedback": {
            "total": feedback["total"],
            "answered": feedback["answered"],
            "answered_share": format_percent(feedback["answered"], feedback["total"]),
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
            "total": format_euro(cost),
            "per_traject": format_euro(cost / started) if started else "–",
            "budget": format_euro(budget_amount) if budget_amount is not None else "–",
            "planned_trajects": budget["planned"],
            "budget_used": format_percent(cost, budget_amount) if budget_amount else "–",
        },
        "monthly": monthly,
        "previous_year": {
            "start": previous_start.isoformat(),
            "end": previous_end.isoformat(),
            "visits": previous_total,
            "change": _signed(format_percent(totals["count"] - previous_total, previous_total)),
        },
    }


def report_sources(*, report, with_dashboard=False) -> dict:
    """What a council report's figures are built from, in a fixed number of queries: the visit
    figures of the recipient municipality in the period (one aggregate), the indicators its
    blocks name (of that municipality only), the budget of the period's last year, the names of
    the municipality's desks, and, when a block needs them, the dashboard figures."""
    municipality, start, end = report.municipality, report.period_start, report.period_end
    row = visit_totals(
        Visit.objects.filter(desk__municipality=municipality, date__gte=start, date__lte=end)
    )
    indicator_ids = [b.get("indicator") for b in report.blocks if b["kind"] == "indicator"]
    budget = (
        Budget.objects.filter(municipality=municipality, year=end.year)
        .values("year", "amount", "planned_trajects")
        .first()
    )
    if budget:
        budget["amount"] = str(budget["amount"])
    return {
        "visits": {
            "visits": row["count"],
            "persons": row["women"] + row["men"] + row["other"],
            "children": row["children"],
            "questions": [
                {"key": key, "label": str(label), "count": row[f"q_{key}"]}
                for key, label, _q in QUESTION_GROUPS
            ],
        },
        "indicators": {
            str(indicator["pk"]): {**indicator, "value": str(indicator["value"])}
            for indicator in Indicator.objects.filter(
                pk__in=[i for i in indicator_ids if i], municipality=municipality
            ).values("pk", "name", "value", "unit", "source", "year", "phrase")
        },
        "budget": budget,
        "desk_names": list(
            Desk.objects.filter(municipality=municipality)
            .order_by("name")
            .values_list("name", flat=True)
        ),
        "dashboard": dashboard_figures(municipalities=[municipality], start=start, end=end)
        if with_dashboard
        else None,
    }
