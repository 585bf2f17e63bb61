"""Anonymous registration at a desk (loket): where and when residents can walk in.

The models by concern, one module each; import them from here (`from intake.models import
Visit`), as Django and every other app do.
"""

from .activities import Activity
from .desks import ENTRY_DATE_VALIDATORS, Desk, Location, desk_date_errors
from .feedback import Feedback, FeedbackInvitation
from .hours import WalkInException, WeeklyHour
from .months import ReferralMonth, TrajectMonth, VisitMonth, VisitMonthCategory
from .trajects import Session, SessionTheme, Traject
from .visits import PERSONS_BY_WHO_CAME, LifeEvent, Visit

__all__ = [
    "ENTRY_DATE_VALIDATORS",
    "PERSONS_BY_WHO_CAME",
    "Activity",
    "Desk",
    "Feedback",
    "FeedbackInvitation",
    "LifeEvent",
    "Location",
    "ReferralMonth",
    "Session",
    "SessionTheme",
    "Traject",
    "TrajectMonth",
    "Visit",
    "VisitMonth",
    "VisitMonthCategory",
    "WalkInException",
    "WeeklyHour",
    "desk_date_errors",
]
