"""Writes of a desk's activities."""

from django.db import transaction

from audit.constants import Action
from audit.services import audited, record

from ..models import (
    Activity,
)
from .common import validated_save


def activity_save(*, actor=None, activity) -> Activity:
    """Create or change an activity (a form's unsaved instance)."""
    with audited(activity, actor=actor):
        validated_save(activity)
    return activity


@transaction.atomic
def activity_delete(*, actor=None, activity) -> None:
    record(actor=actor, action=Action.DELETE, obj=activity)
    activity.delete()
