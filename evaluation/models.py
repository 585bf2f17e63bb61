"""Does the help work? Scores per partner tied only to the random traject code.

An instrument (a brief questionnaire) is data the functional admin manages. A traject's
evaluation holds the couple's goal and the scores of "partner 1" and "partner 2" at the first
and the last session and at the follow-up. After the follow-up period the link to the traject
is cut (`evaluation.services.retention_apply`): what stays is the desk, the start and closing
dates and the goal, which is all the figures need.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from referrals.validators import validate_no_control_characters

from .constants import (
    ITEM_SCALE_HIGHEST,
    ITEM_SCALE_LOWEST,
    MAX_ITEMS,
    Goal,
    Moment,
    Respondent,
    SeparatedAsWished,
    StillTogether,
)


class Instrument(models.Model):
    """A brief outcome questionnaire; the respondent's total is the sum of its item scores."""

    name = models.CharField(
        _("name"), max_length=100, unique=True, validators=[validate_no_control_characters]
    )
    source = models.TextField(_("source"), help_text=_("The publication the items come from."))
    licence = models.TextField(_("licence"), blank=True)
    licence_required = models.BooleanField(
        _("licence required"),
        default=False,
        help_text=_(
            "An organisation that uses it must hold a licence (e.g. ORS/SRS for electronic use)."
        ),
    )
    scoring = models.TextField(_("scoring"), blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    cutoff = models.DecimalField(
        _("clinical cut-off"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("A total on the better side of this value counts as functional."),
    )
    reliable_change_threshold = models.DecimalField(
        _("reliable-change threshold"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "A change of at least this many points counts as reliable. Leave empty to "
            "compute it from the reliability (Jacobson–Truax)."
        ),
    )
    reliability = models.DecimalField(
        _("reliability"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Internal consistency (e.g. Cronbach's alpha), for Jacobson–Truax."),
    )
    standard_deviation = models.DecimalField(
        _("standard deviation of the totals"),
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Of a reference group; empty: the standard deviation of the start totals."),
    )
    is_default = models.BooleanField(
        _("default instrument"),
        default=False,
        help_text=_("Used for new scores and the follow-up page. One instrument at most."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="instrument_one_default",
                violation_error_message=_("Only one instrument can be the default."),
            ),
            models.CheckConstraint(
                condition=Q(reliability__isnull=True) | Q(reliability__gte=0, reliability__lte=1),
                name="instrument_reliability_0_to_1",
            ),
        ]

    def __str__(self):
        return self.name


class Item(models.Model):
    """One question of an instrument, in Dutch and English, with its scale and anchors."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="items", verbose_name=_("instrument")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), validators=[MinValueValidator(1), MaxValueValidator(MAX_ITEMS)]
    )
    text_nl = models.CharField(_("text (Dutch)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)
    scale_min = models.SmallIntegerField(
        _("scale minimum"),
        default=0,
        validators=[MinValueValidator(ITEM_SCALE_LOWEST), MaxValueValidator(ITEM_SCALE_HIGHEST)],
    )
    scale_max = models.SmallIntegerField(
        _("scale maximum"),
        validators=[MinValueValidator(ITEM_SCALE_LOWEST), MaxValueValidator(ITEM_SCALE_HIGHEST)],
    )
    anchor_min_nl = models.CharField(_("anchor of the minimum (Dutch)"), max_length=100)
    anchor_min_en = models.CharField(_("anchor of the minimum (English)"), max_length=100)
    anchor_max_nl = models.CharField(_("anchor of the maximum (Dutch)"), max_length=100)
    anchor_max_en = models.CharField(_("anchor of the maximum (English)"), max_length=100)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "position"],
                name="item_position_unique",
                violation_error_message=_("This instrument already has an item at this position."),
            ),
            models.CheckConstraint(
                condition=Q(scale_min__lt=F("scale_max"))
                & Q(scale_min__gte=ITEM_SCALE_LOWEST, scale_max__lte=ITEM_SCALE_HIGHEST),
                name="item_scale_min_below_max",
                violation_error_message=_("The scale minimum must be below its maximum."),
            ),
        ]

    def __str__(self):
        return f"{self.instrument} {self.position}"

    @property
    def text(self):
        return self.text_en if get_language() == "en" else self.text_nl

    @property
    def anchor_min(self):
        return self.anchor_min_en if get_language() == "en" else self.anchor_min_nl

    @property
    def anchor_max(self):
        return self.anchor_max_en if get_language() == "en" else self.anchor_max_nl


class TrajectEvaluation(models.Model):
    """The evaluation of one traject: its goal and scores. `traject` is cut after the follow-up
    period; the copies of its desk and dates keep the figures (never a code or a name)."""

    traject = models.OneToOneField(
        "intake.Traject",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evaluation",
        verbose_name=_("traject"),
    )
    desk = models.ForeignKey(
        "intake.Desk", on_delete=models.PROTECT, related_name="+", verbose_name=_("desk")
    )
    started_on = models.DateField(_("traject started on"))
    closed_on = models.DateField(_("traject closed on"), null=True, blank=True)
    goal = models.CharField(_("goal"), max_length=20, choices=Goal.choices, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    unlinked_at = models.DateTimeField(_("link to the traject cut at"), null=True, blank=True)

    class Meta:
        verbose_name = _("traject evaluation")
        verbose_name_plural = _("traject evaluations")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["desk", "started_on"], name="evaluation_desk_started_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(goal="") | Q(goal__in=Goal.values), name="evaluation_goal_valid"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("started_on")),
                name="evaluation_closed_after_start",
            ),
        ]

    def __str__(self):
        return str(self.traject) if self.traject_id else f"#{self.pk}"


class Measurement(models.Model):
    """The item scores of one partner at one moment; `total` is their sum."""

    evaluation = models.ForeignKey(
        TrajectEvaluation,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("evaluation"),
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="+", verbose_name=_("instrument")
    )
    moment = models.CharField(_("moment"), max_length=20, choices=Moment.choices)
    respondent = models.CharField(_("respondent"), max_length=20, choices=Respondent.choices)
    date = models.DateField(_("date"))
    total = models.SmallIntegerField(_("total"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["evaluation", "date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "moment", "respondent"],
                name="measurement_once_per_moment",
                violation_error_message=_(
                    "The scores of this partner at this moment were already recorded."
                ),
            ),
            models.CheckConstraint(
                condition=Q(moment__in=Moment.values), name="measurement_moment_valid"
            ),
            models.CheckConstraint(
                condition=Q(respondent__in=Respondent.values),
                name="measurement_respondent_valid",
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0, total__lte=ITEM_SCALE_HIGHEST * MAX_ITEMS),
                name="measurement_total_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.evaluation} {self.get_moment_display()} {self.get_respondent_display()}"


class Score(models.Model):
    """One item score of a measurement."""

    measurement = models.ForeignKey(
        Measurement, on_delete=models.CASCADE, related_name="scores", verbose_name=_("measurement")
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["measurement", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["measurement", "item"], name="score_once_per_item"),
            models.CheckConstraint(
                condition=Q(value__gte=ITEM_SCALE_LOWEST, value__lte=ITEM_SCALE_HIGHEST),
                name="score_value_in_any_scale",
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.value}"


class FollowUpAnswer(models.Model):
    """The three questions a resident answers at the follow-up, beside the instrument."""

    measurement = models.OneToOneField(
        Measurement,
        on_delete=models.CASCADE,
        related_name="follow_up",
        verbose_name=_("measurement"),
    )
    still_together = models.CharField(
        _("still together"), max_length=20, choices=StillTogether.choices
    )
    separated_as_wished = models.CharField(
        _("separated as wished"), max_length=20, choices=SeparatedAsWished.choices
    )
    would_recommend = models.BooleanField(_("would recommend"))

    class Meta:
        verbose_name = _("follow-up answer")
        verbose_name_plural = _("follow-up answers")
        ordering = ["measurement"]
        constraints = [
            models.CheckConstraint(
                condition=Q(still_together__in=StillTogether.values),
                name="follow_up_still_together_valid",
            ),
            models.CheckConstraint(
                condition=Q(separated_as_wished__in=SeparatedAsWished.values),
                name="follow_up_separated_valid",
            ),
        ]

    def __str__(self):
        return str(self.measurement)


class FollowUpAttempt(models.Model):
    """A submission of the follow-up form: only when and whether the code was accepted.

    No address, no code, no answer: enough for a global rate limit and a lockout."""

    at = models.DateTimeField(db_index=True)
    failed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {'failed' if self.failed else 'ok'}"
