"""Activities of a desk besides visits: theme meetings, trainings, webinars, consultations."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from referrals.validators import (
    DatabaseOnlyCheck,
    max_length_check,
)

from ..constants import (
    MAX_ATTENDEES,
    TITLE_MAX_LENGTH,
    ActivityKind,
    Audience,
)
from ..identity import validate_anonymous_text
from .desks import ENTRY_DATE_VALIDATORS, Desk, desk_date_errors


class Activity(models.Model):
    """A theme meeting, training, webinar or consultation with professionals."""

    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, related_name="activities", verbose_name=_("desk")
    )
    date = models.DateField(_("date"), validators=ENTRY_DATE_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    attendees = models.PositiveIntegerField(
        _("number of attendees"), validators=[MaxValueValidator(MAX_ATTENDEES)]
    )
    title = models.CharField(
        _("title"), max_length=TITLE_MAX_LENGTH, blank=True, validators=[validate_anonymous_text]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-pk"]
        constraints = [
            max_length_check("title", TITLE_MAX_LENGTH, model="activity"),
            DatabaseOnlyCheck(
                condition=Q(attendees__lte=MAX_ATTENDEES),
                name="activity_attendees_at_most_2000",
                violation_error_message=_("At most 2000 attendees."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y}"

    def clean(self):
        errors = desk_date_errors(self.desk if self.desk_id else None, self.date)
        if errors:
            raise ValidationError(errors)
