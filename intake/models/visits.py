"""Visits (contacts) and the life events they name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact, GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy as ngettext

from referrals.constants import Question
from referrals.validators import (
    DatabaseOnlyCheck,
    max_length_check,
)

from ..constants import (
    MAX_CHILDREN,
    MAX_PERSONS_PER_COUNT,
    MAX_VISIT_MINUTES,
    NOTES_MAX_LENGTH,
    AgeBand,
    Channel,
    FoundVia,
    Outcome,
    Track,
    WhoCame,
)
from ..identity import validate_anonymous_text
from .desks import (
    ENTRY_DATE_VALIDATORS,
    Desk,
    DeskVocabulary,
    Location,
    desk_date_errors,
    vocabulary_desk,
)

# Persons per visit, by who came: one partner is one person, (ex-)partners two, a parent with
# someone else two or more (the database checks the same).
PERSONS_BY_WHO_CAME = {
    WhoCame.ONE_PARTNER: (1, 1),
    WhoCame.BOTH_PARTNERS: (2, 2),
    WhoCame.EX_PARTNERS: (2, 2),
    WhoCame.PARENT_WITH_OTHER: (2, 3 * MAX_PERSONS_PER_COUNT),
}


def _persons_match_who_came():
    total = F("women") + F("men") + F("other_gender")
    condition = Q()
    for who_came, (low, high) in PERSONS_BY_WHO_CAME.items():
        if low == high:
            condition |= Q(Exact(total, low), who_came=who_came)
        else:
            condition |= Q(GreaterThanOrEqual(total, low), who_came=who_came)
    return condition


class LifeEvent(DeskVocabulary):
    """A life event that can strain a relationship (bereavement, birth of a child, …).

    Admin-managed: a desk may add its own; `desk` empty means available to all desks.
    """

    desk = vocabulary_desk("life_events")

    class Meta(DeskVocabulary.Meta):
        verbose_name = _("life event")
        verbose_name_plural = _("life events")


class Visit(models.Model):
    """An anonymous contact (contact) at a desk: walk-in, appointment, phone, e-mail or video.

    Nothing here identifies a resident: counts, bands and categories only.
    """

    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, related_name="visits", verbose_name=_("desk")
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("location"),
    )
    date = models.DateField(_("date"), validators=ENTRY_DATE_VALIDATORS)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    who_came = models.CharField(_("who came"), max_length=20, choices=WhoCame.choices)
    women = models.PositiveSmallIntegerField(
        _("women"), default=0, validators=[MaxValueValidator(MAX_PERSONS_PER_COUNT)]
    )
    men = models.PositiveSmallIntegerField(
        _("men"), default=0, validators=[MaxValueValidator(MAX_PERSONS_PER_COUNT)]
    )
    other_gender = models.PositiveSmallIntegerField(
        _("other or unknown"), default=0, validators=[MaxValueValidator(MAX_PERSONS_PER_COUNT)]
    )
    age_band = models.CharField(
        _("age band"), max_length=20, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    municipality = models.ForeignKey(
        "referrals.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("municipality of residence"),
    )
    children = models.PositiveSmallIntegerField(
        _("children involved"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_CHILDREN)],
        help_text=_("An estimate is fine."),
    )
    question = models.CharField(_("question"), max_length=30, choices=Question.choices)
    life_events = models.ManyToManyField(
        LifeEvent, blank=True, related_name="visits", verbose_name=_("life events")
    )
    advice_social_emotional = models.BooleanField(_("social-emotional advice"), default=False)
    advice_financial = models.BooleanField(_("financial advice"), default=False)
    advice_legal = models.BooleanField(_("legal advice"), default=False)
    advice_parenting = models.BooleanField(_("parenting advice"), default=False)
    track = models.CharField(
        _("track"), max_length=1, choices=Track.choices, default=Track.ONE_CONVERSATION
    )
    referred_by = models.ForeignKey(
        "referrals.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits_referred",
        verbose_name=_("referred by"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    found_via = models.CharField(
        _("how did you find us?"),
        max_length=30,
        choices=FoundVia.choices,
        blank=True,
        help_text=_("Optional: ask the visitor how they found the desk."),
    )
    safety_concern = models.BooleanField(
        _("safety concern"),
        default=False,
        help_text=_(
            "Signs of domestic violence: follow the reporting code (meldcode, Veilig Thuis)."
        ),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_VISIT_MINUTES)],
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        max_length=NOTES_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTES_MAX_LENGTH), validate_anonymous_text],
        help_text=_("No names, addresses, phone numbers, e-mail addresses or BSNs."),
    )
    referrals = models.ManyToManyField(
        "referrals.Referral", blank=True, related_name="visits", verbose_name=_("referrals")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-pk"]
        # (desk, date) serves one desk's period; (date) the national one, where every desk is in.
        indexes = [
            models.Index(fields=["desk", "date"], name="visit_desk_date_idx"),
            models.Index(fields=["date"], name="visit_date_idx"),
        ]
        constraints = [
            max_length_check("notes", NOTES_MAX_LENGTH, model="visit"),
            models.CheckConstraint(
                condition=Q(women__gt=0) | Q(men__gt=0) | Q(other_gender__gt=0),
                name="visit_has_persons",
                violation_error_message=_("A visit has at least one person."),
            ),
            DatabaseOnlyCheck(
                condition=Q(
                    women__lte=MAX_PERSONS_PER_COUNT,
                    men__lte=MAX_PERSONS_PER_COUNT,
                    other_gender__lte=MAX_PERSONS_PER_COUNT,
                ),
                name="visit_counts_at_most_20",
                violation_error_message=_("At most 20 per count."),
            ),
            DatabaseOnlyCheck(
                condition=_persons_match_who_came(),
                name="visit_persons_match_who_came",
                violation_error_message=_("The number of persons does not match who came."),
            ),
            DatabaseOnlyCheck(
                condition=Q(children__isnull=True) | Q(children__lte=MAX_CHILDREN),
                name="visit_children_at_most_30",
            ),
            DatabaseOnlyCheck(
                condition=Q(duration_minutes__isnull=True)
                | Q(duration_minutes__lte=MAX_VISIT_MINUTES),
                name="visit_duration_at_most_600",
            ),
            DatabaseOnlyCheck(
                condition=Q(found_via__in=["", *FoundVia.values]),
                name="visit_found_via_valid",
                violation_error_message=_("Choose how the visitor found the desk from the list."),
            ),
        ]

    def __str__(self):
        return f"{self.desk} {self.date:%d-%m-%Y}"

    def validate_constraints(self, exclude=None):
        # When "who came" is already refused for its counts, the count constraints (at least
        # one person, the sum that matches) would say the same again: one message is enough.
        if exclude and "who_came" in exclude:
            exclude = {*exclude, "women", "men", "other_gender"}
        super().validate_constraints(exclude=exclude)

    def clean(self):
        errors = desk_date_errors(self.desk if self.desk_id else None, self.date)
        expected = PERSONS_BY_WHO_CAME.get(self.who_came)
        counts = (self.women, self.men, self.other_gender)
        if expected and all(isinstance(c, int) for c in counts):
            persons, (low, high) = sum(counts), expected
            if low == high and persons != low:
                errors["who_came"] = ValidationError(
                    ngettext(
                        "“%(who_came)s” is %(expected)s person: the counts of women, men and "
                        "other add up to %(persons)s.",
                        "“%(who_came)s” are %(expected)s persons: the counts of women, men and "
                        "other add up to %(persons)s.",
                        low,
                    ),
                    code="persons_do_not_match",
                    params={
                        "who_came": self.get_who_came_display(),
                        "expected": low,
                        "persons": persons,
                    },
                )
            elif persons < low:
                errors["who_came"] = ValidationError(
                    _(
                        "“%(who_came)s” is at least %(expected)s persons: the counts of women, "
                        "men and other add up to %(persons)s."
                    ),
                    code="persons_do_not_match",
                    params={
                        "who_came": self.get_who_came_display(),
                        "expected": low,
                        "persons": persons,
                    },
                )
        if errors:
            raise ValidationError(errors)

    @property
    def persons(self):
        return self.women + self.men + self.other_gender
