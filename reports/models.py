"""Reports: budgets and external indicators; council reports are added beside them."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from referrals.validators import validate_sensible_date

from .constants import TEXT_LIMITS


def _text(verbose_name, name):
    """A bounded free-text field: the form, full_clean and a CHECK all refuse longer text."""
    limit = TEXT_LIMITS[name]
    return models.TextField(
        verbose_name, blank=True, max_length=limit, validators=[MaxLengthValidator(limit)]
    )


def _bounded_text_constraints():
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(name), limit),
            name=f"councilreport_{name}_length",
            violation_error_message=_("This text is too long."),
        )
        for name, limit in TEXT_LIMITS.items()
    ]


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
    phrase = models.CharField(
        _("in a sentence"),
        max_length=200,
        blank=True,
        help_text=_(
            "Completes “… percent of the residents …” in a council letter, e.g. “weet waar zij "
            "terechtkunnen met vragen over scheiden”. Empty: the name is used."
        ),
    )

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


class CouncilReport(models.Model):
    """A raadsinformatiebrief: editable text under the five standard headings plus figure blocks.

    Draft -> published. A published version is frozen (figures snapshot, HTML, PDF, SHA-256)
    and never changes when data changes later; a correction is a new record in the same series
    that names the version it replaces. Database triggers (migration 0004) refuse any UPDATE or
    DELETE of a published row, so not even a queryset `.update()` can change one.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    class AnswerKind(models.TextChoices):
        MOTION = "motie", _("motion (motie)")
        COMMITMENT = "toezegging", _("commitment (toezegging)")
        NONE = "", _("none")

    # The five headings of a raadsinformatiebrief are fixed document structure (seeds 001, 003).
    HEADINGS = (
        ("reason", "Wat is de aanleiding om deze informatie kenbaar te maken?"),
        ("information", "Wat is de te delen informatie?"),
        ("next_steps", "Hoe verder na deze raadsinformatiebrief?"),
        ("costs", "Welke kosten zijn verbonden aan het proces?"),
        ("decisions", "Wat zijn de belangrijkste gerelateerde besluiten?"),
    )

    series = models.UUIDField(_("series"), default=uuid.uuid4, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    municipality = models.ForeignKey(
        "referrals.Municipality",
        on_delete=models.PROTECT,
        related_name="council_reports",
        verbose_name=_("recipient municipality"),
    )
    title = models.CharField(_("subject"), max_length=TEXT_LIMITS["title"])
    period_start = models.DateField(_("period start"), validators=[validate_sensible_date])
    period_end = models.DateField(_("period end"), validators=[validate_sensible_date])
    answer_kind = models.CharField(
        _("answers"), max_length=12, choices=AnswerKind.choices, blank=True, default=""
    )
    answer_title = models.CharField(
        _("title of the motion or commitment"), max_length=TEXT_LIMITS["answer_title"], blank=True
    )
    answer_number = models.CharField(
        _("number"), max_length=TEXT_LIMITS["answer_number"], blank=True
    )
    answer_date = models.DateField(
        _("date of the motion or commitment"),
        null=True,
        blank=True,
        validators=[validate_sensible_date],
    )
    # The letterhead and signature of a letter of the college (seeds 001, 004).
    reference = models.CharField(
        _("reference (kenmerk)"), max_length=TEXT_LIMITS["reference"], blank=True
    )
    contact_person = models.CharField(
        _("handled by"),
        max_length=TEXT_LIMITS["contact_person"],
        blank=True,
        help_text=_("The civil servant named as contact, e.g. “M. Meeuwsen”."),
    )
    contact_team = models.CharField(
        _("team"),
        max_length=TEXT_LIMITS["contact_team"],
        blank=True,
        help_text=_("E.g. “Beleid Sociaal Domein”."),
    )
    signed_secretary = models.CharField(
        _("the secretary (signs)"), max_length=TEXT_LIMITS["signed_secretary"], blank=True
    )
    signed_mayor = models.CharField(
        _("the mayor (signs)"), max_length=TEXT_LIMITS["signed_mayor"], blank=True
    )
    reason = _text(_("reason"), "reason")
    information = _text(_("information"), "information")
    next_steps = _text(_("next steps"), "next_steps")
    costs = _text(_("costs"), "costs")
    decisions = _text(_("related decisions"), "decisions")
    blocks = models.JSONField(_("figure blocks"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    snapshot = models.JSONField(_("figures snapshot"), null=True, blank=True, editable=False)
    html = models.TextField(_("rendered HTML"), blank=True, editable=False)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("published by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("council report")
        verbose_name_plural = _("council reports")
        ordering = ["municipality__name", "-created_at", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "version"], name="councilreport_unique_series_version"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="councilreport_period_order",
                violation_error_message=_("The end of the period lies before its start."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (
                    Q(status="published", snapshot__isnull=False, published_at__isnull=False)
                    & ~Q(sha256="")
                    & Q(pdf__isnull=False)
                ),
                name="councilreport_published_is_frozen",
            ),
            *_bounded_text_constraints(),
        ]

    def __str__(self):
        return f"{self.title} ({self.municipality}, {_('version')} {self.version})"

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class PublicationPlan(models.Model):
    """How a municipality publishes its council letters (publicatieplan): per quarter, half
    year or year, or per period of its own. A letter made of whole plan periods states its
    figures over time per plan period, so that an annual letter is the sum of published parts
    and adds no difference (docs/disclosure.md, Letters in a series)."""

    class Grain(models.TextChoices):
        QUARTER = "quarter", _("per quarter")
        HALF_YEAR = "half_year", _("per half year")
        YEAR = "year", _("per year")
        FREE = "free", _("per period of its own")

    # Months per period of the fixed grains; their periods start in January.
    MONTHS = {Grain.QUARTER: 3, Grain.HALF_YEAR: 6, Grain.YEAR: 12}
    MAX_MONTHS = 24

    municipality = models.OneToOneField(
        "referrals.Municipality",
        on_delete=models.PROTECT,
        related_name="publication_plan",
        verbose_name=_("municipality"),
    )
    grain = models.CharField(_("publishes"), max_length=10, choices=Grain.choices)
    months = models.PositiveSmallIntegerField(
        _("months per period"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHS)],
    )
    first_period_start = models.DateField(
        _("first period starts on"),
        null=True,
        blank=True,
        validators=[validate_sensible_date],
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("publication plan")
        verbose_name_plural = _("publication plans")
        ordering = ["municipality__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grain__in=["quarter", "half_year", "year", "free"]),
                name="publicationplan_grain_known",
            ),
            # A period of its own has a length and a first day; a fixed grain has neither.
            models.CheckConstraint(
                condition=(
                    Q(
                        grain="free",
                        months__isnull=False,
                        months__gte=1,
                        months__lte=24,
                        first_period_start__isnull=False,
                    )
                    | (~Q(grain="free") & Q(months__isnull=True, first_period_start__isnull=True))
                ),
                name="publicationplan_free_period_complete",
                violation_error_message=_(
                    "A period of its own needs its number of months (1 to 24) and the first day "
                    "of its first period; a quarter, half year or year needs neither."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.municipality}: {self.get_grain_display()}"

    def clean(self):
        super().clean()
        if self.grain == self.Grain.FREE:
            errors = {}
            if self.months is None:
                errors["months"] = _("Give the number of months of a period (1 to 24).")
            if self.first_period_start is None:
                errors["first_period_start"] = _("Give the first day of the first period.")
            elif self.first_period_start.day != 1:
                errors["first_period_start"] = _(
                    "A period starts on the first day of a month, e.g. 1 October 2023."
                )
            if errors:
                raise ValidationError(errors)
        else:
            self.months = None
            self.first_period_start = None

    def period_length(self):
        """(months per period, the first month of a period as a month number from year 0)."""
        if self.grain == self.Grain.FREE:
            start = self.first_period_start
            return self.months, start.year * 12 + start.month - 1
        return self.MONTHS[self.grain], 0
