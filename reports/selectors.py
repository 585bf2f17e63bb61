"""Dashboard figures: pure functions from filters to plain data, aggregated in the database.

`dashboard_figures(*, municipalities, desks=None, start, end)` returns plain data
(ints, exact Decimals for shares, averages and amounts, None for "no value", labels, lists,
dicts; never formatted text: templates and exports format), one key per figure family, each
computed by one aggregate query whatever the number of visits. Council reports and exports
read the same data.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from intake.constants import (
    Channel,
    FoundVia,
    GotAnswer,
    Outcome,
    Track,
    TrajectStatus,
    WhoCame,
)
from intake.models import Activity, Desk, Feedback, Traject, Visit
from referrals.constants import Question
from referrals.models import Referral

from . import summary
from .formatting import share
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


def _found_via_rows(totals):
    """How visitors found the desk, most often first; "not asked" last, so the table adds up
    to the visits. Ways nobody named are left out, as in the other one-way tables."""
    rows = [
        {"key": choice.value, "label": str(choice.label), "count": totals[f"found_{choice.value}"]}
        for choice in FoundVia
        if totals[f"found_{choice.value}"]
    ]
    rows.sort(key=lambda row: -row["count"])
    if totals["found_none"]:
        rows.append(
            {"key": "", "label": str(_("not asked or no answer")), "count": totals["found_none"]}
        )
    return rows


def _shifted(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def desk_ids(desks) -> list:
    """The ids of a desk queryset (one query), or the ids already given."""
    if hasattr(desks, "values_list"):
        return list(desks.values_list("pk", flat=True))
    return [getattr(desk, "pk", desk) for desk in desks]


def submitted_between(start, end) -> dict:
    """A filter on Feedback.submitted_at for the days start–end (inclusive) as a timestamp
    range, so the index on the timestamp serves it (`__date` would compute a date per row)."""
    zone = timezone.get_current_timezone()
    after = end + datetime.timedelta(days=1)
    return {
        "submitted_at__gte": datetime.datetime.combine(start, datetime.time(), zone),
        "submitted_at__lt": datetime.datetime.combine(after, datetime.time(), zone),
    }


def outbound_referrals(*, desks, start, end):
    """Referrals from the desks' own organisations in a period (inclusive), tied to one of
    their visits or trajects (summary.outbound_referrals)."""
    return summary.outbound_referrals(
        desks=desk_ids(desks), condition=Q(date__gte=start, date__lte=end)
    )


def _choice_rows(totals, prefix, choices):
    """The `<prefix>:<value>` counts of `visit_totals(with_choices=True)` as the rows a GROUP BY
    gave: only values that occur, the most frequent first, then by value."""
    rows = [
        {prefix: value, "count": totals[f"{prefix}:{value}"]}
        for value in choices.values
        if totals[f"{prefix}:{value}"]
    ]
    return sorted(rows, key=lambda row: (-row["count"], row[prefix]))


def visit_totals(visits, question_groups=QUESTION_GROUPS, *, with_choices=False) -> dict:
    """Counts and sums over visits in one aggregate query; `q_<key>` per question group; with
    `with_choices` also `channel:<value>` and `outcome:<value>` (one scan instead of three)."""
    choices = {}
    if with_choices:
        for prefix, choice_class in (("channel", Channel), ("outcome", Outcome)):
            for value in choice_class.values:
                choices[f"{prefix}:{value}"] = Count("pk", filter=Q(**{prefix: value}))
    totals = visits.aggregate(
        **choices,
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
        **{f"found_{c.value}": Count("pk", filter=Q(found_via=c.value)) for c in FoundVia},
        found_none=Count("pk", filter=Q(found_via="")),
    )
    return {k: v or 0 for k, v in totals.items()}


def dashboard_figures(*, municipalities, desks=None, start, end) -> dict:
    """All dashboard figures for a period (inclusive), municipality scope and optional desks."""
    if desks is None:
        desks = Desk.objects.filter(municipality__in=municipalities)
    # The scope once, as ids: every query below filters on a plain list instead of repeating
    # the scope's joins (municipalities, staff) as a subquery.
    desks = desk_ids(desks)
    # Whole months from the figures per desk and month, the edge months from the visits.
    previous_start, previous_end = _shifted(start, -1), _shifted(end, -1)
    visit_figures = summary.visit_figures(
        desks=desks,
        start=start,
        end=end,
        previous=(previous_start, previous_end),
        question_groups=QUESTION_GROUPS,
        visit_totals=visit_totals,
    )
    totals = visit_figures["totals"]
    persons = totals["women"] + totals["men"] + totals["other"]

    # Policy staff of several municipalities (the Drechtsteden share the Adviespunt) see them
    # combined, and here how the visits divide over them: by the desk's municipality.
    by_municipality = [
        {"desk__municipality__name": name, "count": n}
        for name, n in summary.visits_by_municipality(desks=desks, start=start, end=end)
    ]
    by_channel = _choice_rows(totals, "channel", Channel)
    by_outcome = _choice_rows(totals, "outcome", Outcome)
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
    cost = Decimal(0)
    for row in traject_rows:
        if row["desk__tariff_per_traject"] is not None:
            cost += row["desk__tariff_per_traject"] * row["started"]
        elif row["desk__tariff_per_session_hour"] is not None:
            cost += row["desk__tariff_per_session_hour"] * Decimal(row["minutes"] or 0) / 60
    month_rows = {}
    for key, n in this_period.items():
        month_rows.setdefault(key, {"count": 0, "previous": 0})["count"] = n
    for key, n in previous_period.items():
        month_rows.setdefault(key, {"count": 0, "previous": 0})["previous"] = n
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
    planned = budget["planned_trajects"]
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
            "women_share": share(totals["women"], persons),
            "couples_share": share(totals["couples"], totals["count"]),
        },
        "tracks": {
            "A": totals["track_a"],
            "B": totals["track_b"],
            "B_share": share(totals["track_b"], totals["count"]),
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
                "count": totals[f"q_{key}"],
                "share": share(totals[f"q_{key}"], totals["count"]),
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
        "municipalities": [
            {
                "key": r["desk__municipality__name"],
                "label": r["desk__municipality__name"],
                "count": r["count"],
            }
            for r in by_municipality
        ],
        "outcomes": _labelled(by_outcome, "outcome", Outcome.choices),
        "found_via": _found_via_rows(totals),
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
            # Costs come from the desks' tariffs: without one they are unknown, not € 0.
            "has_tariff": Desk.objects.filter(pk__in=desks)
            .filter(Q(tariff_per_traject__isnull=False) | Q(tariff_per_session_hour__isnull=False))
            .exists(),
            "total": cost,
            "per_traject": share(cost, started),
            "budget": _round_half_up(budget_amount) if budget_amount is not None else None,
            "planned_trajects": int(_round_half_up(planned)) if planned is not None else None,
            "budget_used": share(cost, budget_amount),
        },
        "monthly": monthly,
        "previous_year": {
            "start": previous_start.isoformat(),
            "end": previous_end.isoformat(),
            "visits": previous_total,
            "change": share(totals["count"] - previous_total, previous_total),
        },
    }


# --- the budget of a period ------------------------------------------------------------------


def _round_half_up(value, places=0):
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def period_budget(*, municipalities, start, end) -> dict:
    """The budget of a period (inclusive): each year's budget pro rata over the days of the
    period that fall in that year. The one definition that the budget and costs blocks of a
    letter and the dashboard's costs share.

    Hendrik-Ido-Ambacht budgets about € 10,000 for about 10 trajects a year (memo, 2024): the
    period October 2023 – April 2025 then has 0 (no budget for 2023) + € 10,000 + 120/365 of
    € 10,000. Returns {"amount": Decimal | None, "planned_trajects": Decimal | None, "years":
    [{"year", "amount", "planned_trajects", "days", "days_in_year"}], "years_without": [..]};
    amount is None when no year of the period has a budget.
    """
    rows = {
        row["year"]: row
        for row in Budget.objects.filter(
            municipality__in=municipalities, year__gte=start.year, year__lte=end.year
        )
        .values("year")
        .annotate(amount=Sum("amount"), planned=Sum("planned_trajects"))
        .order_by("year")
    }
    amount = planned = None
    years, years_without = [], []
    for year in range(start.year, end.year + 1):
        row = rows.get(year)
        if row is None:
            years_without.append(year)
            continue
        first, last = max(start, datetime.date(year, 1, 1)), min(end, datetime.date(year, 12, 31))
        days = (last - first).days + 1
        in_year = 366 if calendar.isleap(year) else 365
        amount = (amount or Decimal(0)) + row["amount"] * days / in_year
        if row["planned"] is not None:
            planned = (planned or Decimal(0)) + Decimal(row["planned"]) * days / in_year
        years.append(
            {
                "year": year,
                "amount": row["amount"],
                "planned_trajects": row["planned"],
                "days": days,
                "days_in_year": in_year,
            }
        )
    return {
        "amount": _round_half_up(amount, 2) if amount is not None else None,
        "planned_trajects": _round_half_up(planned, 1) if planned is not None else None,
        "years": years,
        "years_without": years_without,
    }


# --- council letters: counts per stretch of time ---------------------------------------------
#
# A letter's figures, and those of the municipality's earlier letters it must agree with, are
# counts over date ranges (the period, its months or quarters, an earlier letter's period). All
# ranges are cut into elementary segments; each query below counts per segment in one GROUP BY,
# and a range's count is the sum of its segments. Counts are named by "atoms" ("visits",
# "question:scheiden", "to:12") and a measure is one atom or a sum of atoms ("a+b").


def _first_of_month(value):
    """TruncMonth gives a date (PostgreSQL) or a datetime/string (SQLite): the first day."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    return value.replace(day=1)


def elementary_segments(ranges):
    """The smallest date ranges that every given (start, end) range (inclusive) is a union of."""
    cuts = set()
    for start, end in ranges:
        cuts.add(start)
        cuts.add(end + datetime.timedelta(days=1))
    cuts = sorted(cuts)
    covered = sorted(ranges)
    segments = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        last = right - datetime.timedelta(days=1)
        if any(start <= left and last <= end for start, end in covered):
            segments.append((left, last))
    return segments


def _segment_of(model, name, segments):
    """The index of the segment a row's date falls in (-1: none), as one SQL CASE. Written as
    raw SQL: a CASE of a hundred ranges costs Django more to compile than the database to run.
    The column is qualified with the model's table, the base table of the query it serves."""
    quote = connection.ops.quote_name
    column = f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(name).column)}"
    whens, params = [], []
    for i, (start, end) in enumerate(segments):
        whens.append(f"WHEN {column} >= %s AND {column} <= %s THEN {i}")
        params += [start, end]
    return RawSQL(f"CASE {' '.join(whens)} ELSE -1 END", params, output_field=IntegerField())


def _segment_of_day(field, segments):
    return Case(
        *[
            When(**{f"{field}__gte": start, f"{field}__lte": end}, then=Value(i))
            for i, (start, end) in enumerate(segments)
        ],
        default=Value(-1),
        output_field=IntegerField(),
    )


def _visit_atoms():
    atoms = {
        "visits": Count("pk"),
        "persons": Sum(F("women") + F("men") + F("other_gender")),
        "women": Sum("women"),
        "men": Sum("men"),
        "other": Sum("other_gender"),
        "children": Sum("children"),
    }
    for prefix, name, choices in (
        ("who", "who_came", WhoCame),
        ("track", "track", Track),
        ("outcome", "outcome", Outcome),
        ("question", "question", Question),
    ):
        for choice in choices:
            atoms[f"{prefix}:{choice.value}"] = Count("pk", filter=Q(**{name: choice.value}))
    for choice in FoundVia:
        atoms[f"found:{choice.value}"] = Count("pk", filter=Q(found_via=choice.value))
    atoms["found:none"] = Count("pk", filter=Q(found_via=""))
    return atoms


@dataclass
class LetterData:
    """The numbers a council letter is built from (ints, Decimals, None; no text)."""

    segments: list
    atoms: list  # per segment: {atom: int}
    names: dict  # {"referred_by:3": "Huisarts", "to:7": "Villa Pinedo"}
    costs: list  # per segment: Decimal, the costs of the trajects started in it
    desks: list
    partner_returns: list
    budget: dict
    indicators: dict
    referral_identity: bool = False
    monthly: dict = field(default_factory=dict)  # {first day of a month: visits}
    _index: dict = field(default_factory=dict, repr=False)

    def value(self, measure, start, end) -> int:
        """The count of a measure ("a" or "a+b+…") over a range that is a union of segments."""
        names = measure.split("+")
        return sum(
            self.atoms[i].get(name, 0) for i in self._segments_in(start, end) for name in names
        )

    def cost(self, start, end) -> Decimal:
        return sum((self.costs[i] for i in self._segments_in(start, end)), Decimal(0))

    def atoms_with_prefix(self, prefix, start, end):
        """{atom: count} of the atoms "prefix:…" with a count in the range, e.g. every
        organisation that referred visitors."""
        found = {}
        for i in self._segments_in(start, end):
            for name, count in self.atoms[i].items():
                if name.startswith(prefix) and count:
                    found[name] = found.get(name, 0) + count
        return found

    def _segments_in(self, start, end):
        key = (start, end)
        if key not in self._index:
            inside = [i for i, (s, e) in enumerate(self.segments) if start <= s and e <= end]
            if sum((e - s).days + 1 for s, e in (self.segments[i] for i in inside)) != (
                (end - start).days + 1
            ):
                raise ValueError(f"{start}–{end} is not a union of the letter's segments.")
            self._index[key] = inside
        return self._index[key]


def letter_data(*, municipality, ranges, indicator_ids=(), monthly=False) -> LetterData:
    """Everything a council letter for a municipality counts, per elementary segment of the
    given date ranges, in a fixed number of queries whatever the data or the number of ranges:
    visits (one GROUP BY), referrers, outbound referrals, trajects, feedback, the schedule of
    the desks, partner returns, the budget of the first range (the letter's period) and the
    indicators the letter names; with `monthly`, the visits per month of that period."""
    from intake.models import Location, WeeklyHour
    from referrals.models import PartnerReturn

    period_start, period_end = ranges[0]
    segments = elementary_segments(ranges)
    first, last = segments[0][0], segments[-1][1]
    desks = Desk.objects.filter(municipality=municipality)
    desk_id_list = desks  # a subquery: the letter has a budget of queries
    atoms = [{} for _ in segments]

    def add(rows, prefix=None, key=None):
        for row in rows:
            seg = row.pop("seg")
            if seg < 0:
                continue
            if prefix:
                atoms[seg][f"{prefix}:{row[key] if row[key] is not None else 'none'}"] = row["n"]
            else:
                atoms[seg].update({k: v or 0 for k, v in row.items()})

    visits = Visit.objects.filter(desk__in=desks, date__gte=first, date__lte=last).annotate(
        seg=_segment_of(Visit, "date", segments)
    )
    add(visits.values("seg").annotate(**_visit_atoms()).order_by())
    names = {}
    for row in (
        visits.values("seg", "referred_by", "referred_by__name").annotate(n=Count("pk")).order_by()
    ):
        if row["referred_by"] is not None:
            names[f"referred_by:{row['referred_by']}"] = row["referred_by__name"]
        add(
            [{"seg": row["seg"], "referred_by": row["referred_by"], "n": row["n"]}],
            "referred_by",
            "referred_by",
        )
    referrals = (
        outbound_referrals(desks=desk_id_list, start=first, end=last)
        .annotate(seg=_segment_of(Referral, "date", segments))
        .values("seg", "to_organisation", "to_organisation__name")
        .annotate(
            n=Count("pk", distinct=True),
            from_visits=Count(
                "pk",
                distinct=True,
                filter=Q(
                    pk__in=Referral.objects.filter(
                        visits__desk__in=desk_id_list, date__gte=first, date__lte=last
                    ).values("pk")
                ),
            ),
        )
        .order_by()
    )
    for row in referrals:
        if row["seg"] < 0:
            continue
        names[f"to:{row['to_organisation']}"] = row["to_organisation__name"]
        segment = atoms[row["seg"]]
        segment[f"to:{row['to_organisation']}"] = row["n"]
        segment["referrals"] = segment.get("referrals", 0) + row["n"]
        segment["referrals:visits"] = segment.get("referrals:visits", 0) + row["from_visits"]
    costs = [Decimal(0) for _ in segments]
    trajects = (
        Traject.objects.filter(desk__in=desks, started_on__gte=first, started_on__lte=last)
        .annotate(seg=_segment_of(Traject, "started_on", segments))
        .values("seg", "desk__tariff_per_traject", "desk__tariff_per_session_hour")
        .annotate(
            trajects=Count("pk", distinct=True),
            session_count=Count("sessions"),
            minute_sum=Sum("sessions__minutes"),
            **{
                f"traject:{status.value}": Count("pk", distinct=True, filter=Q(status=status.value))
                for status in TrajectStatus
            },
        )
        .order_by()
    )
    for row in trajects:
        seg = row.pop("seg")
        if seg < 0:
            continue
        per_traject = row.pop("desk__tariff_per_traject")
        per_hour = row.pop("desk__tariff_per_session_hour")
        if per_traject is not None:
            costs[seg] += per_traject * row["trajects"]
        row["sessions"], row["minutes"] = row.pop("session_count"), row.pop("minute_sum") or 0
        if per_traject is None and per_hour is not None:
            costs[seg] += per_hour * Decimal(row["minutes"]) / 60
        for name, count in row.items():
            atoms[seg][name] = atoms[seg].get(name, 0) + (count or 0)
    add(
        Feedback.objects.filter(desk__in=desk_id_list, **submitted_between(first, last))
        .annotate(seg=_segment_of_day("submitted_at__date", segments))
        .values("seg")
        .annotate(
            feedback=Count("pk"),
            recommend=Count("pk", filter=Q(would_recommend=True)),
            rating=Sum("rating"),
            **{
                f"answer:{answer.value}": Count("pk", filter=Q(got_answer=answer.value))
                for answer in GotAnswer
            },
        )
        .order_by()
    )
    for segment in atoms:
        segment["referrals:trajects"] = segment.get("referrals", 0) - segment.get(
            "referrals:visits", 0
        )

    # Outcome "doorverwezen" is the number of outbound referrals of the period's visits when
    # each such visit has exactly one and no other visit has any: a reader may then equate them.
    outbound = Q(referrals__from_organisation=F("desk__organisation"))
    identity = (
        Visit.objects.filter(desk__in=desks, date__gte=period_start, date__lte=period_end)
        .annotate(out=Count("referrals", filter=outbound))
        .aggregate(
            referred=Count("pk", filter=Q(outcome=Outcome.REFERRED_ON)),
            referred_once=Count("pk", filter=Q(outcome=Outcome.REFERRED_ON, out=1)),
            others=Count("pk", filter=Q(out__gt=0) & ~Q(outcome=Outcome.REFERRED_ON)),
        )
    )
    desk_rows = list(
        desks.order_by("name").prefetch_related(
            Prefetch(
                "locations",
                queryset=Location.objects.filter(is_active=True).order_by("name"),
            ),
            Prefetch(
                "locations__weekly_hours",
                queryset=WeeklyHour.objects.order_by("weekday", "start"),
            ),
        )
    )
    budget = period_budget(municipalities=[municipality], start=period_start, end=period_end)
    per_month = {}
    if monthly:
        per_month = {
            _first_of_month(row["month"]): row["n"]
            for row in Visit.objects.filter(
                desk__in=desks, date__gte=period_start, date__lte=period_end
            )
            .annotate(month=TruncMonth("date"))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by()
        }
    return LetterData(
        monthly=per_month,
        segments=segments,
        atoms=atoms,
        names=names,
        costs=costs,
        desks=[
            {
                "name": desk.name,
                "offers_trajects": desk.tariff_per_traject is not None
                or desk.tariff_per_session_hour is not None,
                "hourly": desk.tariff_per_traject is None
                and desk.tariff_per_session_hour is not None,
                "locations": [
                    {
                        "name": location.name,
                        "address": location.address,
                        "hours": [
                            (hour.weekday, hour.start, hour.end)
                            for hour in location.weekly_hours.all()
                        ],
                    }
                    for location in desk.locations.all()
                ],
            }
            for desk in desk_rows
        ],
        partner_returns=list(
            PartnerReturn.objects.filter(municipality=municipality)
            .order_by("organisation__name", "period_start")
            .values(
                "pk",
                "organisation__name",
                "period_start",
                "period_end",
                "persons",
                "helped",
                "referred_on",
            )
        ),
        budget=budget,
        indicators={
            indicator["pk"]: indicator
            for indicator in Indicator.objects.filter(
                pk__in=[i for i in indicator_ids if i], municipality=municipality
            ).values("pk", "name", "value", "unit", "source", "year", "phrase")
        },
        referral_identity=identity["referred"] == identity["referred_once"]
        and not identity["others"],
    )


def earlier_letters(*, report):
    """The published letters of the report's municipality whose figures a reader can combine
    with this one: those whose period overlaps this period, or overlaps one of those (a Jan–Jun
    and a Jan–Dec letter give Jul–Dec away), as (pk, version, start, end, snapshot) rows."""
    from .models import CouncilReport

    rows = list(
        CouncilReport.objects.filter(
            municipality=report.municipality, status=CouncilReport.Status.PUBLISHED
        )
        .exclude(pk=report.pk)
        .order_by("period_start", "pk")
        .values("pk", "title", "version", "period_start", "period_end", "snapshot")
    )
    linked, spans = [], [(report.period_start, report.period_end)]
    changed = True
    while changed:
        changed = False
        for row in rows:
            if row in linked:
                continue
            if any(row["period_start"] <= e and s <= row["period_end"] for s, e in spans):
                linked.append(row)
                spans.append((row["period_start"], row["period_end"]))
                changed = True
    return linked
