"""Anonymous registration at a desk (loket): where and when residents can walk in."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .constants import Weekday


class Desk(models.Model):
    """A desk (loket) run by one or more organisations in a municipality."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    municipality = models.ForeignKey(
        "referrals.Municipality",
        on_delete=models.PROTECT,
        related_name="desks",
        verbose_name=_("municipality"),
    )
    organisations = models.ManyToManyField(
        "referrals.Organisation",
        related_name="desks",
        verbose_name=_("run by"),
        help_text=_("The organisations that run this desk."),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="desks",
        verbose_name=_("staff"),
        help_text=_("Counsellors and coordinators who log the work of this desk."),
    )

    class Meta:
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Location(models.Model):
    """A place where a desk holds its walk-in hour or sees residents by appointment."""

    desk = models.ForeignKey(
        Desk, on_delete=models.CASCADE, related_name="locations", verbose_name=_("desk")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(
        _("address"), max_length=200, blank=True, help_text=_("Street of the desk's location.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["desk__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["desk", "name"], name="location_unique_name_per_desk"),
        ]

    def __str__(self):
        return f"{self.desk} – {self.name}"


class WeeklyHour(models.Model):
    """A weekly walk-in hour (inloopspreekuur), e.g. Friday 10:00–12:00 at the Brouwersdijk."""

    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="weekly_hours", verbose_name=_("location")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))

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
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"
