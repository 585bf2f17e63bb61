"""Figures per desk and month (VisitMonth, VisitMonthCategory), kept up to date with the visits.
The columns of VisitMonth are the measures of the registry (intake.measures).

The visit services call `refresh(months)` with the desk-months a write touched, in the same
transaction. A desk-month is recounted from its visits (a few dozen rows, found through the
(desk, date) index) rather than adjusted by +1/-1: the maintained figures are then the rebuilt
figures by construction, whatever the write did. The summary row is locked first, so two saves
in the same desk-month queue for a moment instead of counting each other's visit twice or not
at all; desk-months are locked in a fixed order, so two writes never deadlock.

The trajects (TrajectMonth: by the month they started, with their sessions) and the outbound
referrals (ReferralMonth: by the month of the referral's date, per organisation referred to)
are kept the same way: `refresh(visit months, trajects=…, referrals=…)` locks the union of the
desk-months through their VisitMonth row, in order, and recounts what each write touched.

`rebuild()` recounts everything (manage.py rebuild_figures, after an import or a restore).
"""

from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from referrals.models import Referral
from relatieloket.months import first_of_month, next_month

from . import measures
from .constants import TrajectStatus
from .models import (
    Desk,
    ReferralMonth,
    Session,
    Traject,
    TrajectMonth,
    Visit,
    VisitMonth,
    VisitMonthCategory,
)

# The columns of VisitMonth are the measures of the registry (intake.measures).
columns = measures.columns


def aggregates() -> dict:
    """The aggregate of each VisitMonth column over a queryset of visits."""
    return {measure.column: measure.aggregate() for measure in measures.MEASURES.values()}


def month_of(visit) -> tuple:
    """The desk-month a visit counts in."""
    return (visit.desk_id, visit.date.replace(day=1))


def _counts(visits):
    """(month rows, category rows) of a queryset of visits, grouped by desk and month."""
    grouped = visits.annotate(month_start=TruncMonth("date"))
    months = grouped.values("desk", "month_start").annotate(**aggregates()).order_by()
    events = (
        grouped.filter(life_events__isnull=False)
        .values("desk", "month_start", "life_events")
        .annotate(n=Count("pk"))
        .order_by()
    )
    referrers = (
        grouped.filter(referred_by__isnull=False)
        .values("desk", "month_start", "referred_by")
        .annotate(n=Count("pk"))
        .order_by()
    )

    month_rows = [
        VisitMonth(desk_id=row.pop("desk"), month=first_of_month(row.pop("month_start")), **row)
        for row in months
    ]
    category_rows = [
        VisitMonthCategory(
            desk_id=row["desk"],
            month=first_of_month(row["month_start"]),
            kind=kind,
            key=row[key],
            count=row["n"],
        )
        for kind, key, rows in (
            (VisitMonthCategory.Kind.LIFE_EVENT, "life_events", events),
            (VisitMonthCategory.Kind.REFERRED_BY, "referred_by", referrers),
        )
        for row in rows
    ]
    return month_rows, category_rows


def _recount_sql():
    """The statements that recount one desk-month: lock (creating the row if need be), recount
    the columns, replace the category rows. Portable SQL (PostgreSQL and SQLite)."""
    quote = connection.ops.quote_name
    month_table = quote(VisitMonth._meta.db_table)
    category_table = quote(VisitMonthCategory._meta.db_table)
    visit_table = quote(Visit._meta.db_table)
    events_table = quote(Visit.life_events.through._meta.db_table)
    names = columns()
    expressions, params = [], []
    for measure in measures.MEASURES.values():
        expression, values = measure.sql(quote)
        expressions.append(expression)
        params += values
    column_list = ", ".join(quote(name) for name in names)
    in_month = "desk_id = %s AND date >= %s AND date < %s"
    lock = (
        f"INSERT INTO {month_table} (desk_id, month, {column_list}) "
        f"VALUES (%s, %s, {', '.join('0' for _ in names)}) "
        f"ON CONFLICT (desk_id, month) DO UPDATE SET visits = {month_table}.visits"
    )
    recount = (
        f"UPDATE {month_table} SET ({column_list}) = "
        f"(SELECT {', '.join(expressions)} FROM {visit_table} WHERE {in_month}) "
        "WHERE desk_id = %s AND month = %s"
    )
    delete = f"DELETE FROM {category_table} WHERE desk_id = %s AND month = %s"
    insert = (
        f"INSERT INTO {category_table} (desk_id, month, kind, {quote('key')}, {quote('count')}) "
        f"SELECT v.desk_id, %s, %s, e.lifeevent_id, COUNT(*) FROM {visit_table} v "
        f"JOIN {events_table} e ON e.visit_id = v.id WHERE v.{in_month} "
        "GROUP BY v.desk_id, e.lifeevent_id "
        "UNION ALL "
        f"SELECT v.desk_id, %s, %s, v.referred_by_id, COUNT(*) FROM {visit_table} v "
        f"WHERE v.{in_month} AND v.referred_by_id IS NOT NULL "
        "GROUP BY v.desk_id, v.referred_by_id"
    )
    return lock, recount, params, delete, insert


def _traject_sql():
    """Replace one desk-month's TrajectMonth row by a recount of its trajects and sessions."""
    quote = connection.ops.quote_name
    table = quote(TrajectMonth._meta.db_table)
    traject = quote(Traject._meta.db_table)
    session = quote(Session._meta.db_table)
    in_month = "t.desk_id = %s AND t.started_on >= %s AND t.started_on < %s"
    statuses = [TrajectStatus.COMPLETED, TrajectStatus.STOPPED_EARLY, TrajectStatus.REFERRED_ON]
    delete = f"DELETE FROM {table} WHERE desk_id = %s AND month = %s"
    insert = (
        f"INSERT INTO {table} (desk_id, month, started, completed, stopped_early, referred_on, "
        "sessions, session_minutes) "
        "SELECT %s, %s, COUNT(*), "
        + ", ".join("COALESCE(SUM(CASE WHEN t.status = %s THEN 1 ELSE 0 END), 0)" for _ in statuses)
        + ", "
        f"(SELECT COUNT(*) FROM {session} s JOIN {traject} t ON s.traject_id = t.id "
        f"WHERE {in_month}), "
        f"(SELECT COALESCE(SUM(s.minutes), 0) FROM {session} s JOIN {traject} t "
        f"ON s.traject_id = t.id WHERE {in_month}) "
        # GROUP BY: SQLite before 3.39 refuses HAVING without it; no trajects, no row.
        f"FROM {traject} t WHERE {in_month} GROUP BY t.desk_id HAVING COUNT(*) > 0"
    )
    return delete, insert, [s.value for s in statuses]


def _referral_sql():
    """Replace one desk-month's ReferralMonth rows by a recount of its outbound referrals: the
    referrals of the desk's visits and trajects from the desk's own organisation."""
    quote = connection.ops.quote_name
    table = quote(ReferralMonth._meta.db_table)
    referral = quote(Referral._meta.db_table)
    visit_links = quote(Visit.referrals.through._meta.db_table)
    traject_links = quote(Traject.referrals.through._meta.db_table)
    visit = quote(Visit._meta.db_table)
    traject = quote(Traject._meta.db_table)
    desk = quote(Desk._meta.db_table)
    delete = f"DELETE FROM {table} WHERE desk_id = %s AND month = %s"
    insert = (
        f"INSERT INTO {table} (desk_id, month, to_organisation_id, {quote('count')}) "
        f"SELECT %s, %s, r.to_organisation_id, COUNT(*) FROM {referral} r "
        "WHERE r.date >= %s AND r.date < %s "
        f"AND r.from_organisation_id = (SELECT organisation_id FROM {desk} WHERE id = %s) "
        f"AND (r.id IN (SELECT l.referral_id FROM {visit_links} l JOIN {visit} v "
        "ON l.visit_id = v.id WHERE v.desk_id = %s) "
        f"OR r.id IN (SELECT l.referral_id FROM {traject_links} l JOIN {traject} t "
        "ON l.traject_id = t.id WHERE t.desk_id = %s)) "
        "GROUP BY r.to_organisation_id"
    )
    return delete, insert


def refresh(months=(), *, trajects=(), referrals=()) -> None:
    """Recount the given desk-months ((desk id, first day) pairs) from the rows: `months` of
    the visits, `trajects` of the trajects started in them, `referrals` of the outbound
    referrals dated in them. Call it inside the transaction of the write, after the write."""
    lock, recount, choice_params, delete, insert = _recount_sql()
    event, referrer = VisitMonthCategory.Kind.LIFE_EVENT, VisitMonthCategory.Kind.REFERRED_BY
    months, trajects, referrals = set(months), set(trajects), set(referrals)
    with connection.cursor() as cursor:
        # The rows exist, and are locked until the commit: a second save in a desk-month waits
        # here, and its recount below then sees this save's rows. One order for every write.
        for desk_id, month in sorted(months | trajects | referrals):
            cursor.execute(lock, [desk_id, month])
        for desk_id, month in sorted(months):
            after = next_month(month)
            cursor.execute(recount, [*choice_params, desk_id, month, after, desk_id, month])
            cursor.execute(delete, [desk_id, month])
            cursor.execute(
                insert,
                [month, event, desk_id, month, after, month, referrer, desk_id, month, after],
            )
        if trajects:
            delete_trajects, insert_trajects, statuses = _traject_sql()
        for desk_id, month in sorted(trajects):
            in_month = [desk_id, month, next_month(month)]
            cursor.execute(delete_trajects, [desk_id, month])
            cursor.execute(
                insert_trajects, [desk_id, month, *statuses, *in_month, *in_month, *in_month]
            )
        if referrals:
            delete_referrals, insert_referrals = _referral_sql()
        for desk_id, month in sorted(referrals):
            cursor.execute(delete_referrals, [desk_id, month])
            cursor.execute(
                insert_referrals,
                [desk_id, month, month, next_month(month), desk_id, desk_id, desk_id],
            )


def traject_month(traject) -> tuple:
    """The desk-month a traject counts in: the month it started."""
    return (traject.desk_id, traject.started_on.replace(day=1))


def referral_months(*, referrals=None, visits=(), trajects=(), desks=()) -> set:
    """The desk-months whose outbound referrals a write changes: those of the given referrals
    (ids or objects) at every desk whose visits or trajects hold them; else those of the
    referrals of the given visits and trajects (ids), or of all visits and trajects of the
    given desks (ids), at their desks."""
    links = [
        (Visit.referrals.through, "visit", visits),
        (Traject.referrals.through, "traject", trajects),
    ]
    found = set()
    referral_ids = None
    if referrals is not None:
        referral_ids = [getattr(r, "pk", r) for r in referrals]
        if not referral_ids:
            return found
    for through, owner, owner_ids in links:
        rows = through.objects.all()
        if referral_ids is not None:
            rows = rows.filter(referral__in=referral_ids)
        elif owner_ids:
            rows = rows.filter(**{f"{owner}__in": [getattr(o, "pk", o) for o in owner_ids]})
        elif desks:
            rows = rows.filter(**{f"{owner}__desk__in": desks})
        else:
            continue
        for desk_id, day in rows.values_list(f"{owner}__desk", "referral__date"):
            found.add((desk_id, day.replace(day=1)))
    return found


def traject_aggregates() -> dict:
    """The traject figures of a grouped queryset of trajects, with their sessions: started,
    completed, stopped, referred, session_count, minutes (the rebuild and the edge days)."""
    distinct = {"distinct": True}
    return {
        "started": Count("pk", **distinct),
        "completed": Count("pk", filter=Q(status=TrajectStatus.COMPLETED), **distinct),
        "stopped": Count("pk", filter=Q(status=TrajectStatus.STOPPED_EARLY), **distinct),
        "referred": Count("pk", filter=Q(status=TrajectStatus.REFERRED_ON), **distinct),
        "session_count": Count("sessions"),
        "minutes": Coalesce(Sum("sessions__minutes"), 0),
    }


def _traject_counts():
    """TrajectMonth rows of every desk-month with trajects, from the trajects and sessions."""
    rows = (
        Traject.objects.annotate(month_start=TruncMonth("started_on"))
        .values("desk", "month_start")
        .annotate(**traject_aggregates())
        .order_by()
    )
    return [
        TrajectMonth(
            desk_id=row["desk"],
            month=first_of_month(row["month_start"]),
            started=row["started"],
            completed=row["completed"],
            stopped_early=row["stopped"],
            referred_on=row["referred"],
            sessions=row["session_count"],
            session_minutes=row["minutes"],
        )
        for row in rows
    ]


def _referral_counts():
    """ReferralMonth rows of every desk-month with outbound referrals. A referral counts once
    per desk, whether it hangs on a visit, a traject or both."""
    seen = set()
    for owner in ("visits", "trajects"):
        seen.update(
            Referral.objects.filter(from_organisation=F(f"{owner}__desk__organisation"))
            .values_list(f"{owner}__desk", "date", "to_organisation", "pk")
            .order_by()
        )
    counts = {}
    for desk_id, day, to_organisation, _pk in seen:
        key = (desk_id, day.replace(day=1), to_organisation)
        counts[key] = counts.get(key, 0) + 1
    return [
        ReferralMonth(desk_id=desk_id, month=month, to_organisation_id=to, count=n)
        for (desk_id, month, to), n in counts.items()
    ]


def rebuild() -> dict:
    """Recount every desk-month from the visits, trajects and referrals; returns the numbers
    of rows written."""
    for model in (VisitMonthCategory, VisitMonth, TrajectMonth, ReferralMonth):
        model.objects.all().delete()
    month_rows, category_rows = _counts(Visit.objects.all())
    VisitMonth.objects.bulk_create(month_rows, batch_size=2_000)
    VisitMonthCategory.objects.bulk_create(category_rows, batch_size=5_000)
    traject_rows = TrajectMonth.objects.bulk_create(_traject_counts(), batch_size=2_000)
    referral_rows = ReferralMonth.objects.bulk_create(_referral_counts(), batch_size=5_000)
    if connection.vendor == "postgresql":
        tables = [m._meta.db_table for m in (VisitMonth, VisitMonthCategory)]
        tables += [m._meta.db_table for m in (TrajectMonth, ReferralMonth)]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    return {
        "months": len(month_rows),
        "categories": len(category_rows),
        "trajects": len(traject_rows),
        "referrals": len(referral_rows),
    }
