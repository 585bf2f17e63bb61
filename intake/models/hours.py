"""Walk-in hours (inloopspreekuren) and the days a desk cancels them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from referrals.validators import (
    max_length_check,
    validate_no_control_characters,
    validate_sensible_date,
)

from ..constants import (
    IntervalWeeks,
    Weekday,
)
from .desks import Desk, Location


class WeeklyHour(models.Model):
    """A walk-in hour (inloopspreekuur), e.g. every Friday 10:00–12:00 at the Brouwersdijk.

    Held every week, or every two or four weeks counted from `first_date`.
    """

    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="weekly_hours", verbose_name=_("location")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    interval_weeks = models.PositiveSmallIntegerField(
        _("how often"), choices=IntervalWeeks.choices, default=IntervalWeeks.WEEKLY
    )
    first_date = models.DateField(
        _("first date"),
        null=True,
        blank=True,
        validators=[validate_sensible_date],
        help_text=_("Needed when the hour is not held every week: the weeks count from it."),
    )

    class Meta:
        verbose_name = _("weekly walk-in hour")
        verbose_name_plural = _("weekly walk-in hours")
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")),
                name="weeklyhour_start_before_end",
                violation_error_message=_("The walk-in hour must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=1, weekday__lte=7), name="weeklyhour_weekday_valid"
            ),
            models.CheckConstraint(
                condition=Q(interval_weeks__in=IntervalWeeks.values),
                name="weeklyhour_interval_1_2_or_4",
                violation_error_message=_("A walk-in hour is held every 1, 2 or 4 weeks."),
            ),
            models.CheckConstraint(
                condition=Q(interval_weeks=IntervalWeeks.WEEKLY) | Q(first_date__isnull=False),
                name="weeklyhour_first_date_when_not_weekly",
                violation_error_message=_(
                    "Give the first date of a walk-in hour that is not held every week."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self):
        # Said at the end time (the constraint says the same for the whole form otherwise).
        if self.start and self.end and self.start >= self.end:
            raise ValidationError({"end": _("The walk-in hour must end after it starts.")})
        if self.first_date and self.weekday and self.first_date.isoweekday() != self.weekday:
            raise ValidationError(
                {
                    "first_date": _("The first date must be a %(weekday)s.")
                    % {"weekday": self.get_weekday_display()}
                }
            )

    def recurrence_display(self):
        """How often, in words: "elke vrijdag", "één keer per twee weken op vrijdag"."""
        weekday = self.get_weekday_display()
        if self.interval_weeks == IntervalWeeks.FORTNIGHTLY:
            return gettext("once every two weeks on %(weekday)s") % {"weekday": weekday}
        if self.interval_weeks == IntervalWeeks.FOUR_WEEKLY:
            return gettext("once every four weeks on %(weekday)s") % {"weekday": weekday}
        return gettext("every %(weekday)s") % {"weekday": weekday}


class WalkInException(models.Model):
    """A day or days without the desk's walk-in hours (a public holiday, illness).

    The public pages, the "next" list, the flyer and the calendar feed leave these days out and
    say why, in the short public reason.
    """

    desk = models.ForeignKey(
        Desk, on_delete=models.CASCADE, related_name="walk_in_exceptions", verbose_name=_("desk")
    )
    first_day = models.DateField(_("from"), validators=[validate_sensible_date])
    last_day = models.DateField(
        _("up to and including"),
        validators=[validate_sensible_date],
        help_text=_("The same day as 'from' for a single day."),
    )
    reason = models.CharField(
        _("reason (public)"),
        max_length=80,
        validators=[validate_no_control_characters],
        help_text=_("Shown to residents, e.g. 'Eerste Kerstdag' or 'wegens ziekte'."),
    )

    class Meta:
        verbose_name = _("walk-in exception")
        verbose_name_plural = _("walk-in exceptions")
        ordering = ["first_day"]
        constraints = [
            max_length_check("reason", 80, model="walkinexception"),
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")),
                name="walkinexception_last_not_before_first",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]

    def __str__(self):
        if self.first_day == self.last_day:
            return f"{self.first_day:%d-%m-%Y}: {self.reason}"
        return f"{self.first_day:%d-%m-%Y} – {self.last_day:%d-%m-%Y}: {self.reason}"

    def covers(self, day):
        return self.first_day <= day <= self.last_day
