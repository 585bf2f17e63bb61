"""Council letters: counts per stretch of time, and the earlier letters a letter must agree
with."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth

from intake import measures
from intake.constants import (
    GotAnswer,
    Outcome,
    TrajectStatus,
)
from intake.models import Desk, Feedback, Traject, Visit
from referrals.models import Referral
from relatieloket.months import first_of_month

from ..models import CouncilReport, Indicator
from .budget import period_budget
from .counts import outbound_referrals, submitted_between

# --- council letters: counts per stretch of time ---------------------------------------------
#
# A letter's figures, and those of the municipality's earlier letters it must agree with, are
# counts over date ranges (the period, its months or quarters, an earlier letter's period). All
# ranges are cut into elementary segments; each query below counts per segment in one GROUP BY,
# and a range's count is the sum of its segments. Counts are named by "atoms" ("visits",
# "question:scheiden", "to:12") and a measure is one atom or a sum of atoms ("a+b").


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
    # The letter's atoms of a visit are the measures of intake.measures, by their keys.
    for row in visits.values("seg").annotate(**measures.aggregates()).order_by():
        seg = row.pop("seg")
        if seg >= 0:
            atoms[seg].update(measures.with_derived(row))
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
        if per_traject is None and per_hour is None:
            # At a desk without a tariff the cost is unknown, never € 0 (never a cell).
            row["trajects:uncosted"] = row["trajects"]
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
            first_of_month(row["month"]): row["n"]
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
