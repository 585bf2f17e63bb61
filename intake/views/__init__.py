"""Views of the intake app: thin wrappers around forms, selectors and services, one module per
concern (the URLs name them from here)."""

from .activities import activity_create, activity_delete, activity_edit, activity_list
from .feedback import feedback_form, feedback_invitation, feedback_invite
from .schedule import (
    location_create,
    location_deactivate,
    location_edit,
    location_list,
    walk_in_exception_delete,
    walk_in_exceptions,
    weekly_hour_create,
    weekly_hour_delete,
    weekly_hour_edit,
)
from .start import start
from .trajects import (
    session_add,
    session_delete,
    session_edit,
    traject_close,
    traject_delete,
    traject_detail,
    traject_edit,
    traject_list,
    traject_referral_add,
    traject_start,
)
from .visits import (
    visit_create,
    visit_delete,
    visit_detail,
    visit_edit,
    visit_list,
    visit_referral_add,
)

__all__ = [
    "activity_create",
    "activity_delete",
    "activity_edit",
    "activity_list",
    "feedback_form",
    "feedback_invitation",
    "feedback_invite",
    "location_create",
    "location_deactivate",
    "location_edit",
    "location_list",
    "session_add",
    "session_delete",
    "session_edit",
    "start",
    "traject_close",
    "traject_delete",
    "traject_detail",
    "traject_edit",
    "traject_list",
    "traject_referral_add",
    "traject_start",
    "visit_create",
    "visit_delete",
    "visit_detail",
    "visit_edit",
    "visit_list",
    "visit_referral_add",
    "walk_in_exception_delete",
    "walk_in_exceptions",
    "weekly_hour_create",
    "weekly_hour_delete",
    "weekly_hour_edit",
]
