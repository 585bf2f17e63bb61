"""Figures of a period read from the figures per desk and month (intake.figures), with the raw
rows only for the partial months at the edges of the period: visits from VisitMonth and
VisitMonthCategory, trajects from TrajectMonth, outbound referrals from ReferralMonth.

A ten-year national dashboard sums some 41,000 desk-month rows instead of scanning a million
visits; the figures are the same as counting the rows (tests compare them on random
histories).
"""

import datetime

from django.db import connection
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import TruncMonth

from intake import figures as intake_figures
from intake import measures
from intake.models import (
    LifeEvent,
    ReferralMonth,
    Traject,
    TrajectMonth,
    Visit,
    VisitMonth,
    VisitMonthCategory,
)
from referrals.models import Organisation, Referral
from relatieloket.months import next_month, previous_month


def split_period(start, end):
    """(first whole month, last whole month or None, edge ranges): the whole months of the
    period come from the summary, the edge ranges (inclusive) from the visits."""
    first = start if start.day == 1 else next_month(start)
    if (end + datetime.timedelta(days=1)).day == 1:  # the period ends on a month's last day
        last = end.replace(day=1)
    else:
        last = previous_month(end.replace(day=1))
    if last < first:
        return None, None, [(start, end)]
    edges = []
    if start < first:
        edges.append((start, first - datetime.timedelta(days=1)))
    tail = next_month(last)
    if tail <= end:
        edges.append((tail, end))
    return first, last, edges


def _edge_filter(edges, end, field="date"):
    if not edges:  # nothing, still one query: constant counts
        return Q(**{f"{field}__gt": end, f"{field}__lt": end})
    return _in_any(edges, field)


def _month_key(value):
    return value.strftime("%Y-%m") if hasattr(value, "strftime") else str(value)[:7]


def _in_any(ranges, field="date"):
    condition = Q()
    for first, last in ranges:
        condition |= Q(**{f"{field}__gte": first, f"{field}__lte": last})
    return condition


def _named_categories(desks, first, last):
    """(kind, name, count) of the categories of whole months, summed per category first and
    named after (one query: naming each of half a million rows took a second)."""
    quote = connection.ops.quote_name
    category = quote(VisitMonthCategory._meta.db_table)
    sql = (
        "SELECT c.kind, COALESCE(e.name, o.name), c.n FROM ("
        f"SELECT kind, {quote('key')} AS k, SUM({quote('count')}) AS n FROM {category} "
        f"WHERE month >= %s AND month <= %s AND desk_id IN ({', '.join(['%s'] * len(desks))}) "
        f"GROUP BY kind, {quote('key')}) c "
        f"LEFT JOIN {quote(LifeEvent._meta.db_table)} e ON c.kind = %s AND e.id = c.k "
        f"LEFT JOIN {quote(Organisation._meta.db_table)} o ON c.kind = %s AND o.id = c.k"
    )
    if not desks:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                first,
                last,
                *desks,
                VisitMonthCategory.Kind.LIFE_EVENT.value,
                VisitMonthCategory.Kind.REFERRED_BY.value,
            ],
        )
        return cursor.fetchall()


def visit_figures(*, desks, start, end, previous):
    """The visit figures of desk ids over a period (inclusive), in six queries whatever the
    length of the period: {"totals": the counts of every measure by its key (intake.measures:
    the summed VisitMonth columns and the edge days' visits), "life_events":
    [(name, count)], "referred_by": [(name, count)], "monthly": {"YYYY-MM": visits},
    "previous_monthly": {"YYYY-MM": visits}} — the months of `previous` (start, end), the
    same period a year earlier."""
    first, last, edges = split_period(start, end)
    p_first, p_last, p_edges = split_period(*previous)
    whole = [(first, last)] if first else []
    p_whole = [(p_first, p_last)] if p_first else []

    # 1. whole months of both periods, per month: totals and months of the period, months of
    #    the previous period (the periods may overlap: each row is one month, counted where it
    #    belongs)
    monthly, previous_monthly = {}, {}
    summed = {}
    if whole or p_whole:
        rows = (
            VisitMonth.objects.filter(_in_any(whole + p_whole, "month"), desk__in=desks)
            .values("month")
            .annotate(**{name: Sum(name) for name in measures.columns()})
            .order_by()
        )
        for row in rows:
            month = row.pop("month")
            if whole and first <= month <= last:
                monthly[_month_key(month)] = row["visits"]
                for name, value in row.items():
                    summed[name] = summed.get(name, 0) + (value or 0)
            if p_whole and p_first <= month <= p_last:
                previous_monthly[_month_key(month)] = row["visits"]
    totals = measures.from_columns(summed)

    # 2. the edge days of the period, from the visits
    raw = Visit.objects.filter(_edge_filter(edges, end), desk__in=desks)
    for key, value in measures.totals(raw).items():
        totals[key] = totals.get(key, 0) + value

    # 3. the edge days of both periods per month
    edge_days = edges + p_edges
    if edge_days:
        for row in (
            Visit.objects.filter(_in_any(edge_days), desk__in=desks)
            .annotate(month=TruncMonth("date"))
            .values("month")
            .annotate(
                n=Count("pk", filter=_in_any(edges) if edges else Q(pk__isnull=True)),
                p=Count("pk", filter=_in_any(p_edges) if p_edges else Q(pk__isnull=True)),
            )
            .order_by()
        ):
            key = _month_key(row["month"])
            if row["n"]:
                monthly[key] = monthly.get(key, 0) + row["n"]
            if row["p"]:
                previous_monthly[key] = previous_monthly.get(key, 0) + row["p"]

    # 4. life events and referrers of the whole months, named
    counts = {VisitMonthCategory.Kind.LIFE_EVENT: {}, VisitMonthCategory.Kind.REFERRED_BY: {}}
    if whole:
        for kind, name, n in _named_categories(desks, first, last):
            found = counts[kind]
            found[name] = found.get(name, 0) + n

    # 5. and of the edge days, in one query
    events = (
        raw.filter(life_events__isnull=False)
        .annotate(kind=Value(VisitMonthCategory.Kind.LIFE_EVENT.value), name=F("life_events__name"))
        .values("kind", "name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    referrers = (
        raw.filter(referred_by__isnull=False)
        .annotate(
            kind=Value(VisitMonthCategory.Kind.REFERRED_BY.value), name=F("referred_by__name")
        )
        .values("kind", "name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in events.union(referrers, all=True):
        found = counts[row["kind"]]
        found[row["name"]] = found.get(row["name"], 0) + row["n"]

    def by_name(kind):
        return sorted(
            ((name, n) for name, n in counts[kind].items() if n),
            key=lambda item: (-item[1], item[0]),
        )

    return {
        "totals": totals,
        "life_events": by_name(VisitMonthCategory.Kind.LIFE_EVENT),
        "referred_by": by_name(VisitMonthCategory.Kind.REFERRED_BY),
        "monthly": monthly,
        "previous_monthly": previous_monthly,
    }


def visits_by_municipality(*, desks, start, end) -> list:
    """[(municipality name, visits)] of desk ids over a period, most first: whole months from
    the figures per desk and month, the edge days from the visits (two queries)."""
    first, last, edges = split_period(start, end)
    counts = {}
    if first:
        rows = (
            VisitMonth.objects.filter(desk__in=desks, month__gte=first, month__lte=last)
            .values("desk__municipality__name")
            .annotate(n=Sum("visits"))
            .order_by()
        )
        for row in rows:
            name = row["desk__municipality__name"]
            counts[name] = counts.get(name, 0) + (row["n"] or 0)
    for row in (
        Visit.objects.filter(_edge_filter(edges, end), desk__in=desks)
        .values("desk__municipality__name")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        name = row["desk__municipality__name"]
        counts[name] = counts.get(name, 0) + row["n"]
    return sorted(((n, c) for n, c in counts.items() if c), key=lambda item: (-item[1], item[0]))


TRAJECT_FIGURES = ["started", "completed", "stopped", "referred", "session_count", "minutes"]


def traject_figures(*, desks, start, end) -> list:
    """Per desk of the desk ids, the trajects started in a period (inclusive) with their
    sessions: [{"desk", "desk__name", "desk__tariff_per_session_hour", "desk__tariff_per_traject",
    "started", "completed", "stopped", "referred", "session_count", "minutes"}], by desk.
    Whole months from TrajectMonth, the edge days from the trajects (two queries)."""
    first, last, edges = split_period(start, end)
    tariffs = ["desk", "desk__name", "desk__tariff_per_session_hour", "desk__tariff_per_traject"]
    by_desk = {}

    def add(row):
        found = by_desk.setdefault(row["desk"], {**row, **dict.fromkeys(TRAJECT_FIGURES, 0)})
        for name in TRAJECT_FIGURES:
            found[name] += row[name] or 0

    if first:
        for row in (
            TrajectMonth.objects.filter(desk__in=desks, month__gte=first, month__lte=last)
            .values(*tariffs)
            .annotate(
                started=Sum("started"),
                completed=Sum("completed"),
                stopped=Sum("stopped_early"),
                referred=Sum("referred_on"),
                session_count=Sum("sessions"),
                minutes=Sum("session_minutes"),
            )
            .order_by()
        ):
            add(row)
    for row in (
        Traject.objects.filter(_edge_filter(edges, end, "started_on"), desk__in=desks)
        .values(*tariffs)
        .annotate(**intake_figures.traject_aggregates())
        .order_by()
    ):
        add(row)
    return [by_desk[desk] for desk in sorted(by_desk)]


def outbound_referrals(*, desks, condition):
    """Outbound referrals (doorverwezen naar) of desk ids matching `condition`: referrals of
    the desks' visits or trajects that start from that desk's own organisation. The two links
    are separate semi-joins: as one OR over LEFT JOINs the database had to join the whole
    visit table before it could filter (606 of 690 ms on one page)."""
    via_visits, via_trajects = (_outbound_via(owner, desks, condition) for owner in OWNERS)
    return Referral.objects.filter(
        Q(pk__in=via_visits.values("pk")) | Q(pk__in=via_trajects.values("pk")), condition
    )


OWNERS = ("visits", "trajects")


def _outbound_via(owner, desks, condition):
    """The referrals of the desks' visits or trajects (`owner`) from that desk's organisation."""
    return Referral.objects.filter(
        condition,
        **{f"{owner}__desk__in": desks, "from_organisation": F(f"{owner}__desk__organisation")},
    )


def referred_to(*, desks, start, end) -> list:
    """[(organisation name, outbound referrals)] of desk ids over a period, most first: whole
    months from ReferralMonth, the edge days from the referrals (two queries)."""
    first, last, edges = split_period(start, end)
    counts = {}
    if first:
        for row in (
            ReferralMonth.objects.filter(desk__in=desks, month__gte=first, month__lte=last)
            .values("to_organisation__name")
            .annotate(n=Sum("count"))
            .order_by()
        ):
            name = row["to_organisation__name"]
            counts[name] = counts.get(name, 0) + row["n"]
    # The edge days per (desk, referral), as ReferralMonth counts them: once per desk.
    condition = _edge_filter(edges, end)
    pairs = [
        _outbound_via(owner, desks, condition)
        .values_list(f"{owner}__desk", "pk", "to_organisation__name")
        .order_by()
        for owner in OWNERS
    ]
    for _desk, _pk, name in pairs[0].union(pairs[1]):
        counts[name] = counts.get(name, 0) + 1
    return sorted(((n, c) for n, c in counts.items() if c), key=lambda item: (-item[1], item[0]))
