"""The budget of a period: pro rata over the budget years it touches."""

import calendar
import datetime
from decimal import Decimal

from django.db.models import Sum

from relatieloket.numbers import round_half_up

from ..models import Budget

# --- the budget of a period ------------------------------------------------------------------


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
        "amount": round_half_up(amount, 2) if amount is not None else None,
        "planned_trajects": round_half_up(planned, 1) if planned is not None else None,
        "years": years,
        "years_without": years_without,
    }
