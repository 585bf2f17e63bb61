"""Short trajects (kortdurende trajecten), their sessions and the sessions' themes."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from referrals.validators import (
    DatabaseOnlyCheck,
    max_length_check,
)

from ..constants import (
    DEFAULT_SESSION_MINUTES,
    MAX_SESSION_MINUTES,
    MAX_SESSIONS,
    NOTES_MAX_LENGTH,
    Attendance,
    Outcome,
    TrajectStatus,
)
from ..identity import validate_anonymous_text
from .desks import ENTRY_DATE_VALIDATORS, Desk, DeskVocabulary, desk_date_errors, vocabulary_desk
from .visits import Visit


class SessionTheme(DeskVocabulary):
    """A theme of a traject session (communication, sticking points, …); admin-managed."""

    desk = vocabulary_desk("session_themes")

    class Meta(DeskVocabulary.Meta):
        verbose_name = _("session theme")
        verbose_name_plural = _("session themes")


class Traject(models.Model):
    """A short traject (kortdurend traject) of at most five sessions, known only by its code.

    The code is random and written on a card the couple keeps; it is never derived from
    anything about them.
    """

    code = models.CharField(_("code"), max_length=12, unique=True, editable=False)
    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, related_name="trajects", verbose_name=_("desk")
    )
    visit = models.OneToOneField(
        Visit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="traject",
        verbose_name=_("started from visit"),
    )
    started_on = models.DateField(_("started on"), validators=ENTRY_DATE_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=20, choices=TrajectStatus.choices, default=TrajectStatus.RUNNING
    )
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, validators=ENTRY_DATE_VALIDATORS
    )
    closing_outcome = models.CharField(
        _("closing outcome"), max_length=20, choices=Outcome.choices, blank=True
    )
    referrals = models.ManyToManyField(
        "referrals.Referral", blank=True, related_name="trajects", verbose_name=_("referrals")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajects")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["desk", "started_on"], name="traject_desk_started_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("started_on")),
                name="traject_closed_after_start",
                violation_error_message=_("A traject cannot close before it started."),
            ),
            models.CheckConstraint(
                condition=Q(status=TrajectStatus.RUNNING, closed_on__isnull=True)
                | (~Q(status=TrajectStatus.RUNNING) & Q(closed_on__isnull=False)),
                name="traject_closed_iff_not_running",
                violation_error_message=_(
                    "A closed traject has a closing date; a running one not."
                ),
            ),
            # Councils count closed trajects by outcome: a closed one without it is a gap.
            models.CheckConstraint(
                condition=Q(status=TrajectStatus.RUNNING) | ~Q(closing_outcome=""),
                name="traject_closed_has_outcome",
                violation_error_message=_("A closed traject has an outcome."),
            ),
        ]

    def __str__(self):
        return self.code

    def clean(self):
        desk = self.desk if self.desk_id else None
        errors = desk_date_errors(desk, self.started_on, field="started_on")
        errors.update(desk_date_errors(desk, self.closed_on, field="closed_on"))
        if errors:
            raise ValidationError(errors)


class Session(models.Model):
    """One of the at most five partner sessions (partnergesprekken) of a traject."""

    traject = models.ForeignKey(
        Traject, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("traject")
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSIONS)]
    )
    date = models.DateField(_("date"), validators=ENTRY_DATE_VALIDATORS)
    minutes = models.PositiveSmallIntegerField(
        _("minutes"),
        default=DEFAULT_SESSION_MINUTES,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSION_MINUTES)],
    )
    attendance = models.CharField(
        _("who attended"), max_length=20, choices=Attendance.choices, default=Attendance.BOTH
    )
    themes = models.ManyToManyField(
        SessionTheme, blank=True, related_name="sessions", verbose_name=_("themes")
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        max_length=NOTES_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTES_MAX_LENGTH), validate_anonymous_text],
        help_text=_("No names, addresses, phone numbers, e-mail addresses or BSNs."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["traject", "number"]
        constraints = [
            max_length_check("notes", NOTES_MAX_LENGTH, model="session"),
            models.UniqueConstraint(
                fields=["traject", "number"],
                name="session_number_unique_per_traject",
                violation_error_message=_("This traject already has a session with this number."),
            ),
            # The cap of five sessions lives in the database, so no form or race can pass it.
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=MAX_SESSIONS),
                name="session_number_between_1_and_5",
                violation_error_message=_("A traject has at most 5 sessions."),
            ),
            models.CheckConstraint(condition=Q(minutes__gte=1), name="session_minutes_positive"),
            DatabaseOnlyCheck(
                condition=Q(minutes__lte=MAX_SESSION_MINUTES), name="session_minutes_at_most_480"
            ),
        ]

    def __str__(self):
        return f"{self.traject} – {self.number}"

    def clean(self):
        if not self.traject_id or self.date is None:
            return
        traject = self.traject
        errors = desk_date_errors(traject.desk, self.date)
        if not errors and self.date < traject.started_on:
            errors["date"] = ValidationError(
                _("A session cannot be before the traject started."), code="before_start"
            )
        if not errors and traject.closed_on and self.date > traject.closed_on:
            errors["date"] = ValidationError(
                _("The traject closed on %(closed)s; a session cannot be after that."),
                code="after_close",
                params={"closed": traject.closed_on.strftime("%d-%m-%Y")},
            )
        if errors:
            raise ValidationError(errors)
