"""Figures per desk and month (VisitMonth, VisitMonthCategory), kept up to date with the visits.

The visit services call `refresh(months)` with the desk-months a write touched, in the same
transaction. A desk-month is recounted from its visits (a few dozen rows, found through the
(desk, date) index) rather than adjusted by +1/-1: the maintained figures are then the rebuilt
figures by construction, whatever the write did. The summary row is locked first, so two saves
in the same desk-month queue for a moment instead of counting each other's visit twice or not
at all; desk-months are locked in a fixed order, so two writes never deadlock.

`rebuild()` recounts everything (manage.py rebuild_figures, after an import or a restore).
"""

import datetime

from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from referrals.constants import Question

from .constants import Channel, FoundVia, Outcome, Track, WhoCame
from .models import Visit, VisitMonth, VisitMonthCategory

COUNTED = [
    "women",
    "men",
    "other_gender",
    "children",
]
FLAGS = [
    "safety_concern",
    "advice_social_emotional",
    "advice_financial",
    "advice_legal",
    "advice_parenting",
]
CHOICES = [
    ("who", "who_came", WhoCame),
    ("track", "track", Track),
    ("channel", "channel", Channel),
    ("outcome", "outcome", Outcome),
    ("question", "question", Question),
    ("found", "found_via", FoundVia),
]


def column(prefix, value) -> str:
    """The VisitMonth column of a choice value: column("track", "A") -> "track_a"."""
    return f"{prefix}_{value.lower()}"


def columns() -> list:
    """Every count column of VisitMonth."""
    names = ["visits", *COUNTED, *FLAGS]
    for prefix, _field, choices in CHOICES:
        names += [column(prefix, value) for value in choices.values]
    return names


def aggregates() -> dict:
    """The aggregate of each VisitMonth column over a queryset of visits."""
    result = {"visits": Count("pk")}
    for name in COUNTED:
        result[name] = Coalesce(Sum(name), 0)
    for name in FLAGS:
        result[name] = Count("pk", filter=Q(**{name: True}))
    for prefix, field, choices in CHOICES:
        for value in choices.values:
            result[column(prefix, value)] = Count("pk", filter=Q(**{field: value}))
    return result


def month_of(visit) -> tuple:
    """The desk-month a visit counts in."""
    return (visit.desk_id, visit.date.replace(day=1))


def _next_month(day):
    return datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


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

    def first_day(value):
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, str):
            value = datetime.date.fromisoformat(value[:10])
        return value

    month_rows = [
        VisitMonth(desk_id=row.pop("desk"), month=first_day(row.pop("month_start")), **row)
        for row in months
    ]
    category_rows = [
        VisitMonthCategory(
            desk_id=row["desk"],
            month=first_day(row["month_start"]),
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
    expressions, params = ["COUNT(*)"], []
    for name in COUNTED:
        expressions.append(f"COALESCE(SUM({quote(name)}), 0)")
    for name in FLAGS:
        expressions.append(f"COALESCE(SUM(CASE WHEN {quote(name)} THEN 1 ELSE 0 END), 0)")
    for _prefix, field, choices in CHOICES:
        for value in choices.values:
            expressions.append(f"COALESCE(SUM(CASE WHEN {quote(field)} = %s THEN 1 ELSE 0 END), 0)")
            params.append(value)
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


def refresh(months) -> None:
    """Recount the given desk-months ((desk id, first day) pairs) from their visits, in four
    statements each. Call it inside the transaction of the write, after the write."""
    lock, recount, choice_params, delete, insert = _recount_sql()
    event, referrer = VisitMonthCategory.Kind.LIFE_EVENT, VisitMonthCategory.Kind.REFERRED_BY
    with connection.cursor() as cursor:
        for desk_id, month in sorted(set(months)):
            after = _next_month(month)
            # The row exists, and is locked until the commit: a second save in this desk-month
            # waits here, and its recount below then sees this save's visit.
            cursor.execute(lock, [desk_id, month])
            cursor.execute(recount, [*choice_params, desk_id, month, after, desk_id, month])
            cursor.execute(delete, [desk_id, month])
            cursor.execute(
                insert,
                [month, event, desk_id, month, after, month, referrer, desk_id, month, after],
            )


def rebuild() -> dict:
    """Recount every desk-month from the visits; returns the numbers of rows written."""
    VisitMonthCategory.objects.all().delete()
    VisitMonth.objects.all().delete()
    month_rows, category_rows = _counts(Visit.objects.all())
    VisitMonth.objects.bulk_create(month_rows, batch_size=2_000)
    VisitMonthCategory.objects.bulk_create(category_rows, batch_size=5_000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"ANALYZE {VisitMonth._meta.db_table}, {VisitMonthCategory._meta.db_table}"
            )
    return {"months": len(month_rows), "categories": len(category_rows)}
