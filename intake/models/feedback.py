"""The anonymous questionnaire after a visit: its one-time invitation and the answers."""

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from referrals.validators import (
    max_length_check,
)

from ..constants import (
    COMMENT_MAX_LENGTH,
    GotAnswer,
)
from ..identity import validate_anonymous_text
from .desks import Desk
from .visits import Visit


class FeedbackInvitation(models.Model):
    """A one-time link (and QR code) to the anonymous questionnaire after a conversation."""

    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    desk = models.ForeignKey(
        Desk, on_delete=models.CASCADE, related_name="feedback_invitations", verbose_name=_("desk")
    )
    visit = models.ForeignKey(
        Visit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_invitations",
        verbose_name=_("visit"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback invitation")
        verbose_name_plural = _("feedback invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.desk} {self.created_at:%d-%m-%Y}"


class Feedback(models.Model):
    """The anonymous answers to the questionnaire; one per invitation."""

    invitation = models.OneToOneField(
        FeedbackInvitation,
        on_delete=models.PROTECT,
        related_name="feedback",
        verbose_name=_("invitation"),
    )
    desk = models.ForeignKey(
        Desk, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("desk")
    )
    got_answer = models.CharField(
        _("did you get an answer to your question?"), max_length=10, choices=GotAnswer.choices
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("1 (very poor) to 10 (excellent)."),
    )
    would_recommend = models.BooleanField(_("would you recommend us?"))
    comment = models.TextField(
        _("comment"),
        blank=True,
        max_length=COMMENT_MAX_LENGTH,
        validators=[MaxLengthValidator(COMMENT_MAX_LENGTH), validate_anonymous_text],
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["desk", "submitted_at"], name="feedback_desk_time_idx")]
        constraints = [
            max_length_check("comment", COMMENT_MAX_LENGTH, model="feedback"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=10), name="feedback_rating_1_to_10"
            ),
        ]

    def __str__(self):
        return f"{self.desk} {self.submitted_at:%d-%m-%Y}"


# --- figures kept per desk and month (maintained by intake.figures) -------------------------
