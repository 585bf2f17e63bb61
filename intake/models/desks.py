"""Desks (loketten) and their locations, and the dates a desk takes work on."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from referrals.validators import (
    max_length_check,
    validate_no_control_characters,
    validate_not_in_future,
    validate_sensible_date,
)

ENTRY_DATE_VALIDATORS = [validate_sensible_date, validate_not_in_future]


def desk_date_errors(desk, day, *, field="date"):
    """A date of work at the desk before it opened or after it closed, as a field error."""
    if desk is None or day is None:
        return {}
    if desk.opened_on and day < desk.opened_on:
        message = _("%(desk)s opened on %(opened)s; choose a date from then on.")
        params = {"desk": desk.name, "opened": desk.opened_on.strftime("%d-%m-%Y")}
    elif desk.closed_on and day > desk.closed_on:
        message = _("%(desk)s closed on %(closed)s; it takes no work dated after that.")
        params = {"desk": desk.name, "closed": desk.closed_on.strftime("%d-%m-%Y")}
    else:
        return {}
    return {field: ValidationError(message, code="outside_desk_period", params=params)}


class Desk(models.Model):
    """A desk (loket) run by one or more organisations in a municipality."""

    name = models.CharField(
        _("name"), max_length=200, unique=True, validators=[validate_no_control_characters]
    )
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
    organisation = models.ForeignKey(
        "referrals.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="desk_nodes",
        verbose_name=_("organisation in the network"),
        help_text=_(
            "The organisation this desk is in the network (sociale kaart): inbound referrals "
            "point to it, outbound referrals start from it."
        ),
    )
    tariff_per_session_hour = models.DecimalField(
        _("tariff per session hour (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    tariff_per_traject = models.DecimalField(
        _("tariff per traject (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("E.g. about € 1,000: HIA funds about 10 trajects for about € 10,000."),
    )
    opened_on = models.DateField(
        _("opened on"),
        null=True,
        blank=True,
        validators=[validate_sensible_date],
        help_text=_("No visit can be dated before this day."),
    )
    # Zwartewaterland's desk stopped after half a year (seed 002): a closed desk keeps its
    # figures but takes no visits dated after it closed.
    closed_on = models.DateField(
        _("closed on"),
        null=True,
        blank=True,
        validators=[validate_sensible_date],
        help_text=_("Leave empty while the desk is open. Its figures are kept after it closes."),
    )

    class Meta:
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        ordering = ["name"]
        constraints = [
            max_length_check("name", 200, model="desk"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=F("opened_on")),
                name="desk_closed_after_opened",
                violation_error_message=_("A desk cannot close before it opened."),
            ),
        ]

    def __str__(self):
        return self.name

    def is_closed(self, *, today):
        """Closed once its closing day has passed; on that day itself it still works."""
        return self.closed_on is not None and self.closed_on < today

    @property
    def is_closed_now(self):
        return self.is_closed(today=timezone.localdate())


class Location(models.Model):
    """A place where a desk holds its walk-in hour or sees residents by appointment."""

    desk = models.ForeignKey(
        Desk, on_delete=models.CASCADE, related_name="locations", verbose_name=_("desk")
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_no_control_characters])
    address = models.CharField(
        _("address"),
        max_length=200,
        blank=True,
        validators=[validate_no_control_characters],
        help_text=_("Street of the desk's location."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["desk__name", "name"]
        constraints = [
            max_length_check("name", 200, model="location"),
            max_length_check("address", 200, model="location"),
            models.UniqueConstraint(fields=["desk", "name"], name="location_unique_name_per_desk"),
        ]

    def __str__(self):
        return f"{self.desk} – {self.name}"


def vocabulary_desk(related_name):
    """The desk a DeskVocabulary entry is offered at; empty: at every desk."""
    return models.ForeignKey(
        Desk,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=_("desk"),
        help_text=_("Leave empty to offer it at every desk."),
    )


class DeskVocabulary(models.Model):
    """A choice list that functional admins keep (life events, session themes): a name, offered
    at one desk or, with `desk` empty, at every desk; inactive entries stay on old records.
    A subclass adds `desk = vocabulary_desk(related_name)` and its verbose names."""

    name = models.CharField(_("name"), max_length=100, validators=[validate_no_control_characters])
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]
        constraints = [
            max_length_check("name", 100, model="%(class)s"),
            models.UniqueConstraint(fields=["name", "desk"], name="%(class)s_unique_per_desk"),
        ]

    def __str__(self):
        return self.name
