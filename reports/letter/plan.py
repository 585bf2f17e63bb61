"""A municipality's publication plan (publicatieplan) as the letter composer reads it: which
days start and end a plan period, whether a letter is made of whole plan periods, which table
grains keep to them, and the aligned periods the preview offers for a letter outside the plan.

A plan is (months per period, the month number of a period's first month); periods repeat
from there in both directions. Quarters are (3, 0), half years (6, 0), years (12, 0).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from relatieloket.months import month_end

from ..models import PublicationPlan


@dataclass(frozen=True)
class Plan:
    months: int
    anchor: int  # year * 12 + month - 1 of the first month of some plan period
    grain: str  # PublicationPlan.Grain

    @classmethod
    def of(cls, plan):
        if plan is None:
            return None
        months, anchor = plan.period_length()
        return cls(months, anchor, plan.grain)

    def describe(self):
        """The plan in a sentence's words: "per kwartaal", "per periode van 4 maanden"."""
        if self.grain == PublicationPlan.Grain.FREE:
            first = _month(self.anchor)
            return _("per period of %(months)s months (a period starts in %(month)s)") % {
                "months": self.months,
                "month": MONTHS[first.month],
            }
        return str(PublicationPlan.Grain(self.grain).label)

    # days

    def starts(self, day):
        """Whether `day` is the first day of a plan period."""
        return day.day == 1 and (_index(day) - self.anchor) % self.months == 0

    def ends(self, day):
        """Whether `day` is the last day of a plan period."""
        return self.starts(day + datetime.timedelta(days=1))

    def contains(self, start, end):
        """Whether start..end is made of whole plan periods."""
        return self.starts(start) and self.ends(end)

    def aligned(self, rows, start, end):
        """Whether the rows of a table over start..end (each with "start" and "end") keep to
        the plan: each begins where a plan period or the letter begins and ends where one of
        them ends. Such rows are plan periods or their unions, so a later letter of the plan
        adds no difference with them."""
        return all(
            (row["start"] == start or self.starts(row["start"]))
            and (row["end"] == end or self.ends(row["end"]))
            for row in rows
        )

    def period_start(self, day, *, later=False):
        """The first day of the plan period holding `day` (later: of the next one, unless
        `day` starts a period)."""
        index = _index(day)
        offset = (index - self.anchor) % self.months
        if later and (offset or day.day != 1):
            index += self.months
        return _month(index - offset)

    def alternatives(self, start, end):
        """The periods made of whole plan periods nearest to start..end: the longest inside it
        and the shortest around it, each (start, end), without start..end itself."""
        found = []
        inner_start = self.period_start(start, later=True)
        inner_end = self.period_start(end + datetime.timedelta(days=1)) - datetime.timedelta(days=1)
        if inner_start <= inner_end:
            found.append((inner_start, inner_end))
        outer_start = self.period_start(start)
        outer_end = month_end(self.period_start(end), self.months)
        found.append((outer_start, outer_end))
        unique = []
        for period in found:
            if period != (start, end) and period not in unique:
                unique.append(period)
        return unique


def _index(day):
    return day.year * 12 + day.month - 1


def _month(index):
    return datetime.date(index // 12, index % 12 + 1, 1)


def plan_of(municipality):
    """The municipality's plan, or None when it has none."""
    return Plan.of(PublicationPlan.objects.filter(municipality=municipality).first())


def plan_periods(plan, year=None):
    """The plan periods that start in `year` (default: this year), as {"start", "end",
    "period"}: what the confirmation of a plan shows."""
    from .. import sentences

    year = year or timezone.localdate().year
    first = plan.period_start(datetime.date(year, 1, 1), later=True)
    periods = []
    while first.year == year:
        last = month_end(first, plan.months)
        periods.append({"start": first, "end": last, "period": sentences.period_text(first, last)})
        first = last + datetime.timedelta(days=1)
    return periods
