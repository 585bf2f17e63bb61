"""The anonymous questionnaire: one-time invitations and the answers."""

import secrets

from django.db import transaction
from django.utils import timezone

from audit.services import record_create

from ..models import (
    Feedback,
    FeedbackInvitation,
)
from .common import validated_save


def feedback_invitation_create(*, actor=None, desk, visit=None) -> FeedbackInvitation:
    invitation = FeedbackInvitation(token=secrets.token_urlsafe(24), desk=desk, visit=visit)
    invitation.save()
    record_create(actor=actor, obj=invitation)
    return invitation


class InvitationUsed(Exception):
    """The one-time link was used already, or never existed."""


def feedback_submit(*, token, got_answer, rating, would_recommend, comment="") -> Feedback:
    """Store the anonymous answers; the link works once."""
    with transaction.atomic():
        invitation = FeedbackInvitation.objects.select_for_update().filter(token=token).first()
        if invitation is None or invitation.used_at is not None:
            raise InvitationUsed
        feedback = Feedback(
            invitation=invitation,
            desk_id=invitation.desk_id,
            got_answer=got_answer,
            rating=rating,
            would_recommend=would_recommend,
            comment=comment,
        )
        validated_save(feedback)
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        # By an anonymous visitor: no actor, and the names of the answers only.
        record_create(actor=None, obj=feedback)
        return feedback
