"""The network (sociale kaart): municipalities and the organisations residents flow between."""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .constants import OrganisationKind

cbs_code_validator = RegexValidator(
    r"^GM\d{4}$", _("A CBS municipality code is 'GM' followed by four digits, e.g. GM0505.")
)


class Municipality(models.Model):
    """A municipality (gemeente), identified by its CBS code."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    cbs_code = models.CharField(
        _("CBS code"),
        max_length=6,
        unique=True,
        validators=[cbs_code_validator],
        help_text=_("Code of Statistics Netherlands, e.g. GM0505 for Dordrecht."),
    )
    refers_to_commercial = models.BooleanField(
        _("refers to commercial organisations"),
        default=True,
        help_text=_(
            "Switch off where council policy is not to refer residents to commercial "
            "parties (as in Nijkerk): they are then hidden from the referral choices."
        ),
    )
    small_count_threshold = models.PositiveSmallIntegerField(
        _("small-count threshold"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("Published counts from 1 up to this number are shown as '< threshold'."),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(small_count_threshold__gte=1),
                name="municipality_threshold_positive",
            ),
        ]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """An organisation in the network: a desk's partner, referrer or place residents go next."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="organisations",
        verbose_name=_("municipalities served"),
        blank=True,
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the organisation offers, for counsellors who refer to it."),
    )
    is_commercial = models.BooleanField(
        _("commercial"),
        default=False,
        help_text=_("A commercial party; some councils do not refer to these."),
    )
    cost_to_resident = models.CharField(
        _("cost to the resident"),
        max_length=200,
        blank=True,
        help_text=_("E.g. 'own cost, from about € 800; not covered by basic health insurance'."),
    )
    minimum_cost = models.DecimalField(
        _("minimum cost (€)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_cost__isnull=True) | Q(minimum_cost__gte=0),
                name="organisation_minimum_cost_not_negative",
            ),
        ]

    def __str__(self):
        return self.name
