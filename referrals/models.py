"""The network (sociale kaart): municipalities and the organisations residents flow between."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .constants import OrganisationKind, Question
from .validators import (
    PublicPhoneValidator,
    max_length_check,
    parse_origins,
    validate_no_control_characters,
    validate_origins,
    validate_sensible_date,
)

EMBED_ORIGINS_MAX_LENGTH = 1000

DESCRIPTION_MAX_LENGTH = 2000

cbs_code_validator = RegexValidator(
    r"^GM\d{4}$", _("A CBS municipality code is 'GM' followed by four digits, e.g. GM0505.")
)


class WebsiteField(models.URLField):
    """A URL whose form field reads "www.example.nl" as https://www.example.nl."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


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
        help_text=_(
            "Published counts from 1 up to, but not including, this number are shown as "
            "'< threshold'."
        ),
    )
    embed_origins = models.TextField(
        _("websites that may embed the public pages"),
        blank=True,
        max_length=EMBED_ORIGINS_MAX_LENGTH,
        validators=[MaxLengthValidator(EMBED_ORIGINS_MAX_LENGTH), validate_origins],
        help_text=_(
            "One origin per line, e.g. https://www.dordrecht.nl: the municipality's website may "
            'show the page "Waar kan ik terecht?" in a frame. Empty: no site may.'
        ),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            max_length_check("name", 100, model="municipality"),
            max_length_check("cbs_code", 6, model="municipality"),
            max_length_check("embed_origins", EMBED_ORIGINS_MAX_LENGTH, model="municipality"),
            models.CheckConstraint(
                condition=Q(small_count_threshold__gte=1),
                name="municipality_threshold_positive",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def frame_ancestors(self):
        """The origins allowed to embed this municipality's public pages."""
        return parse_origins(self.embed_origins)


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
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
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
    # The organisation's own public contact details, as on its website or flyer; never a
    # resident's. Council letters may quote them (the identity check lets them pass).
    public_email = models.EmailField(
        _("public e-mail address"),
        max_length=254,
        blank=True,
        help_text=_("The organisation's general address, e.g. adviespuntSKO@drechtsteden.nl."),
    )
    public_phone = models.CharField(
        _("public phone number"),
        max_length=30,
        blank=True,
        validators=[PublicPhoneValidator()],
        help_text=_("The organisation's general number, e.g. 078 770 80 10."),
    )
    website = WebsiteField(_("website"), max_length=200, blank=True)
    address = models.CharField(
        _("visiting address"),
        max_length=200,
        blank=True,
        validators=[validate_no_control_characters],
        help_text=_("Where residents can go, e.g. Brouwersdijk 2, Dordrecht; empty for a line."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            max_length_check("name", 200, model="organisation"),
            max_length_check("description", DESCRIPTION_MAX_LENGTH, model="organisation"),
            max_length_check("cost_to_resident", 200, model="organisation"),
            max_length_check("public_email", 254, model="organisation"),
            max_length_check("public_phone", 30, model="organisation"),
            max_length_check("website", 200, model="organisation"),
            max_length_check("address", 200, model="organisation"),
            models.CheckConstraint(
                condition=Q(minimum_cost__isnull=True) | Q(minimum_cost__gte=0),
                name="organisation_minimum_cost_not_negative",
            ),
        ]

    def __str__(self):
        return self.name


class Referral(models.Model):
    """A flow of a resident from one organisation to another (verwijzing), never who it was.

    Inbound ("verwezen door") and outbound ("doorverwezen naar") are the same edge seen from
    the desk. Intake ties a referral to a visit or traject through its own many-to-many
    fields, so this app depends on nothing else.
    """

    from_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="referrals_out",
        verbose_name=_("from"),
    )
    to_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="referrals_in",
        verbose_name=_("to"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("municipality"),
        help_text=_("The municipality of the desk where the flow was recorded."),
    )
    date = models.DateField(_("date"), validators=[validate_sensible_date])
    warm_handover = models.BooleanField(
        _("warm handover"),
        default=False,
        help_text=_("Handed over in person or by phone (warme overdracht), not only advised."),
    )
    question = models.CharField(_("question"), max_length=30, choices=Question.choices, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "date"], name="referral_mun_date_idx"),
            models.Index(fields=["date"], name="referral_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_organisation=F("to_organisation")),
                name="referral_not_to_itself",
                violation_error_message=_("An organisation cannot refer to itself."),
            ),
        ]

    def __str__(self):
        return f"{self.from_organisation} → {self.to_organisation} ({self.date:%d-%m-%Y})"


class PartnerReturn(models.Model):
    """Aggregate figures a partner reports for a period (periodieke opgave).

    E.g. POH Jeugd GGZ Dordrecht 2023: 18 persons with relationship questions, 17 helped by
    the POH, 1 referred on.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="returns",
        verbose_name=_("organisation"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="partner_returns",
        verbose_name=_("municipality"),
    )
    period_start = models.DateField(_("period start"), validators=[validate_sensible_date])
    period_end = models.DateField(
        _("period end"), help_text=_("Inclusive."), validators=[validate_sensible_date]
    )
    persons = models.PositiveIntegerField(_("persons with relationship questions"))
    helped = models.PositiveIntegerField(_("helped by the partner itself"))
    referred_on = models.PositiveIntegerField(_("referred on"))
    referred_to_kind = models.CharField(
        _("referred on to (kind)"),
        max_length=30,
        choices=OrganisationKind.choices,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner return")
        verbose_name_plural = _("partner returns")
        ordering = ["organisation__name", "-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")),
                name="partnerreturn_period_ordered",
                violation_error_message=_("The period must end on or after its start."),
            ),
            models.CheckConstraint(
                condition=Q(helped__lte=F("persons"))
                & Q(referred_on__lte=F("persons"))
                & Q(helped__lte=F("persons") - F("referred_on")),
                name="partnerreturn_parts_within_whole",
                violation_error_message=_(
                    "Helped and referred on together cannot exceed the number of persons."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.period_start:%d-%m-%Y}–{self.period_end:%d-%m-%Y}"

    def clean(self):
        """The figures are for a municipality the organisation serves.

        An organisation that serves no municipality in particular may report for any.
        """
        if not (self.organisation_id and self.municipality_id):
            return
        served = set(self.organisation.municipalities.values_list("pk", flat=True))
        if served and self.municipality_id not in served:
            error = ValidationError(
                _(
                    "%(organisation)s does not serve %(municipality)s; choose a municipality "
                    "the organisation works in."
                ),
                code="municipality_not_served",
                params={"organisation": self.organisation, "municipality": self.municipality},
            )
            raise ValidationError({"municipality": error})
