"""Sample URL parameters for the access matrix (relatieloket/tests/test_access.py)."""

from .factories import (
    ActivityFactory,
    FeedbackInvitationFactory,
    LocationFactory,
    SessionFactory,
    TrajectFactory,
    VisitFactory,
    WeeklyHourFactory,
)


def _visit(world):
    return {"pk": VisitFactory(desk=world["desk"]).pk}


def _location(world):
    return {"pk": LocationFactory(desk=world["desk"]).pk}


def _traject(world):
    return {"pk": TrajectFactory(desk=world["desk"]).pk}


def _walk_in_exception(world):
    import datetime

    from intake.models import WalkInException

    exception = WalkInException.objects.create(
        desk=world["desk"],
        first_day=datetime.date(2026, 12, 25),
        last_day=datetime.date(2026, 12, 25),
        reason="Eerste Kerstdag",
    )
    return {"pk": exception.pk}


URL_KWARGS = {
    "intake:walk_in_exceptions": lambda world: {"pk": world["desk"].pk},
    "intake:walk_in_exception_delete": _walk_in_exception,
    "intake:visit_detail": _visit,
    "intake:visit_edit": _visit,
    "intake:visit_delete": _visit,
    "intake:visit_referral_add": _visit,
    "intake:traject_start": _visit,
    "intake:feedback_invite": _visit,
    "intake:traject_detail": _traject,
    "intake:traject_edit": _traject,
    "intake:traject_delete": _traject,
    "intake:session_add": _traject,
    "intake:traject_close": _traject,
    "intake:traject_referral_add": _traject,
    "intake:session_edit": lambda world: {
        "pk": SessionFactory(traject=TrajectFactory(desk=world["desk"]), number=1).pk
    },
    "intake:session_delete": lambda world: {
        "pk": SessionFactory(traject=TrajectFactory(desk=world["desk"]), number=1).pk
    },
    "intake:activity_edit": lambda world: {"pk": ActivityFactory(desk=world["desk"]).pk},
    "intake:activity_delete": lambda world: {"pk": ActivityFactory(desk=world["desk"]).pk},
    "intake:location_edit": _location,
    "intake:location_deactivate": _location,
    "intake:weekly_hour_create": _location,
    "intake:weekly_hour_edit": lambda world: {
        "pk": WeeklyHourFactory(location=LocationFactory(desk=world["desk"])).pk
    },
    "intake:weekly_hour_delete": lambda world: {
        "pk": WeeklyHourFactory(location=LocationFactory(desk=world["desk"])).pk
    },
    "intake:feedback_invitation": lambda world: {
        "pk": FeedbackInvitationFactory(desk=world["desk"]).pk
    },
    "intake:feedback_form": lambda world: {
        "token": FeedbackInvitationFactory(desk=world["desk"]).token
    },
}
