"""Reports: budgets and external indicators; council reports are added beside them."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Budget(models.Model):
    """What a municipality budgets for the desk in a year.

    E.g. Hendrik-Ido-Ambacht funds about 10 trajects of at most 5 sessions of 1.5 hours
    for about € 10,000 (HIA memo, 2024).
    """

    municipality = models.ForeignKey(
        "referrals.Municipality",
        on_delete=models.PROTECT,
        related_name="budgets",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    amount = models.DecimalField(
        _("amount (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    planned_trajects = models.PositiveSmallIntegerField(
        _("planned trajects"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["municipality__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"],
                name="budget_one_per_municipality_year",
                violation_error_message=_("This municipality already has a budget for this year."),
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.municipality} {self.year}"


class Indicator(models.Model):
    """An external figure with its source and year.

    E.g. Monitor Sociaal Dordrecht 2023: 46% know where to find help with divorce, 40% with
    relationship problems, 14% know Adviespunt SKO.
    """

    class Unit(models.TextChoices):
        PERCENT = "percent", _("percent")
        COUNT = "count", _("count")
        EURO = "euro", _("euro")

    municipality = models.ForeignKey(
        "referrals.Municipality",
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.PERCENT)
    source = models.CharField(_("source"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["municipality__name", "-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name", "source", "year"], name="indicator_unique"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.source} {self.year})"
