"""Forms of the intake app, by concern; business rules stay in the models and services."""

from .activities import ActivityForm
from .common import GENDER_FIELDS, DatalistInput, ShownOnce
from .feedback import FeedbackForm
from .schedule import LocationForm, WalkInExceptionForm, WeeklyHourForm
from .trajects import SessionForm, TrajectCloseForm, TrajectForm, TrajectLookupForm
from .visits import ONE_PARTNER_CHOICES, WHO_CAME_SHOWN, ReferralForm, VisitFilterForm, VisitForm

__all__ = [
    "GENDER_FIELDS",
    "ONE_PARTNER_CHOICES",
    "WHO_CAME_SHOWN",
    "ActivityForm",
    "DatalistInput",
    "FeedbackForm",
    "LocationForm",
    "ReferralForm",
    "SessionForm",
    "ShownOnce",
    "TrajectCloseForm",
    "TrajectForm",
    "TrajectLookupForm",
    "VisitFilterForm",
    "VisitForm",
    "WalkInExceptionForm",
    "WeeklyHourForm",
]
