"""Dashboard figures: pure functions from filters to plain data, aggregated in the database.

`dashboard_figures(*, municipalities, desks=None, start, end)` returns plain data
(ints, exact Decimals for shares, averages and amounts, None for "no value", labels, lists,
dicts; never formatted text: templates and exports format), one key per figure family, each
computed by one aggregate query whatever the number of visits. Council reports and exports
read the same data.

Modules: `counts` (what the dashboard and the letters share), `scope` (whose figures a user
sees), `dashboard` (the dashboard's figure families), `budget` (the budget of a period),
`letter_data` (a letter's counts per stretch of time, and its earlier letters).
"""

from .budget import period_budget
from .counts import (
    QUESTION_GROUPS,
    desk_ids,
    outbound_referrals,
    submitted_between,
    visit_totals,
)
from .counts import shifted as _shifted
from .dashboard import dashboard_figures
from .letter_data import LetterData, earlier_letters, elementary_segments, letter_data
from .scope import dashboard_scope, desks_in_scope

__all__ = [
    "QUESTION_GROUPS",
    "LetterData",
    "_shifted",
    "dashboard_figures",
    "dashboard_scope",
    "desk_ids",
    "desks_in_scope",
    "earlier_letters",
    "elementary_segments",
    "letter_data",
    "outbound_referrals",
    "period_budget",
    "submitted_between",
    "visit_totals",
]
