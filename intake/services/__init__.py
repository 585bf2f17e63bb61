"""Writes of the intake app: locations and walk-in hours, visits, trajects and their sessions,
activities, feedback; one module per concern, all importable from here.

Every function validates (full_clean) and saves inside a transaction; views, admin, commands
and tests all call these, so the rules exist once. Each write records itself in the audit trail
in the same transaction (`audit.services`; a save of an existing object through `audited`):
`actor` is the user who did it (None for the system: demo data, a command); the entry names the
fields that changed, never their values.
"""

from .activities import activity_delete, activity_save
from .feedback import InvitationUsed, feedback_invitation_create, feedback_submit
from .referrals import outbound_referral_create, referral_add
from .schedule import (
    MAX_EXCEPTION_DAYS,
    desk_organisation_changed,
    location_create,
    location_deactivate,
    location_update,
    walk_in_exception_create,
    walk_in_exception_delete,
    weekly_hour_create,
    weekly_hour_delete,
    weekly_hour_update,
)
from .trajects import (
    CODE_ALPHABET,
    SessionGone,
    session_create,
    session_delete,
    session_update,
    traject_close,
    traject_code_generate,
    traject_create,
    traject_delete,
    traject_start,
    traject_update,
)
from .visits import visit_create, visit_delete, visit_update

__all__ = [
    "CODE_ALPHABET",
    "MAX_EXCEPTION_DAYS",
    "InvitationUsed",
    "SessionGone",
    "activity_delete",
    "activity_save",
    "desk_organisation_changed",
    "feedback_invitation_create",
    "feedback_submit",
    "location_create",
    "location_deactivate",
    "location_update",
    "outbound_referral_create",
    "referral_add",
    "session_create",
    "session_delete",
    "session_update",
    "traject_close",
    "traject_code_generate",
    "traject_create",
    "traject_delete",
    "traject_start",
    "traject_update",
    "visit_create",
    "visit_delete",
    "visit_update",
    "walk_in_exception_create",
    "walk_in_exception_delete",
    "weekly_hour_create",
    "weekly_hour_delete",
    "weekly_hour_update",
]
