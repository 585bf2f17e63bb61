"""Summary tables per desk and month that the intake services keep up to date."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .desks import Desk


class DeskMonthFigures(models.Model):
    """A row of counts for one desk and one month (the first day): one row per desk and month,
    found by month. A subclass adds `month` (with its help text) and its counts."""

    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True
        ordering = ["desk", "month"]
        constraints = [
            models.UniqueConstraint(fields=["desk", "month"], name="%(class)s_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="%(class)s_first_day"),
        ]
        indexes = [models.Index(fields=["month", "desk"], name="%(class)s_month_idx")]


class VisitMonth(DeskMonthFigures):
    """The visits of one desk in one month, counted per figure: what the dashboard, exports
    and letters read for whole months instead of the visits themselves. Kept up to date by the
    visit services in the same transaction (intake.figures); `manage.py rebuild_figures`
    recounts them from the visits. Column names: `<field>_<choice value>` for choices."""

    month = models.DateField(help_text="The first day of the month.")
    visits = models.PositiveIntegerField(default=0)
    women = models.PositiveIntegerField(default=0)
    men = models.PositiveIntegerField(default=0)
    other_gender = models.PositiveIntegerField(default=0)
    children = models.PositiveIntegerField(default=0)
    safety_concern = models.PositiveIntegerField(default=0)
    advice_social_emotional = models.PositiveIntegerField(default=0)
    advice_financial = models.PositiveIntegerField(default=0)
    advice_legal = models.PositiveIntegerField(default=0)
    advice_parenting = models.PositiveIntegerField(default=0)
    who_een_partner = models.PositiveIntegerField(default=0)
    who_beide_partners = models.PositiveIntegerField(default=0)
    who_ex_partners = models.PositiveIntegerField(default=0)
    who_ouder_met_ander = models.PositiveIntegerField(default=0)
    track_a = models.PositiveIntegerField(default=0)
    track_b = models.PositiveIntegerField(default=0)
    channel_inloop = models.PositiveIntegerField(default=0)
    channel_afspraak = models.PositiveIntegerField(default=0)
    channel_telefoon = models.PositiveIntegerField(default=0)
    channel_email = models.PositiveIntegerField(default=0)
    channel_video = models.PositiveIntegerField(default=0)
    outcome_op_weg_geholpen = models.PositiveIntegerField(default=0)
    outcome_traject_gestart = models.PositiveIntegerField(default=0)
    outcome_doorverwezen = models.PositiveIntegerField(default=0)
    outcome_geen_vervolg = models.PositiveIntegerField(default=0)
    question_versterken = models.PositiveIntegerField(default=0)
    question_herstellen = models.PositiveIntegerField(default=0)
    question_twijfels = models.PositiveIntegerField(default=0)
    question_overweegt_scheiding = models.PositiveIntegerField(default=0)
    question_scheiden = models.PositiveIntegerField(default=0)
    question_na_scheiding = models.PositiveIntegerField(default=0)
    question_omgangsregeling = models.PositiveIntegerField(default=0)
    question_overig = models.PositiveIntegerField(default=0)
    found_gemeentelijke_website = models.PositiveIntegerField(default=0)
    found_lokale_krant = models.PositiveIntegerField(default=0)
    found_flyer = models.PositiveIntegerField(default=0)
    found_sociale_media = models.PositiveIntegerField(default=0)
    found_huisarts_poh = models.PositiveIntegerField(default=0)
    found_school = models.PositiveIntegerField(default=0)
    found_wijkteam = models.PositiveIntegerField(default=0)
    found_kerk = models.PositiveIntegerField(default=0)
    found_familie_vrienden = models.PositiveIntegerField(default=0)
    found_anders = models.PositiveIntegerField(default=0)

    class Meta(DeskMonthFigures.Meta):
        verbose_name = _("visit figures of a month")
        verbose_name_plural = _("visit figures per month")

    def __str__(self):
        return f"{self.desk_id} {self.month:%Y-%m}: {self.visits}"


class VisitMonthCategory(models.Model):
    """The visits of one desk in one month per open-ended category: a life event (its id) or
    the organisation that referred the visitor (its id). Maintained with VisitMonth."""

    class Kind(models.TextChoices):
        LIFE_EVENT = "life_event", _("life event")
        REFERRED_BY = "referred_by", _("referred by")

    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("visit figures of a month per category")
        verbose_name_plural = _("visit figures per month and category")
        ordering = ["desk", "month", "kind", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["desk", "month", "kind", "key"], name="visitmonthcategory_unique"
            ),
        ]
        indexes = [models.Index(fields=["month", "desk"], name="visitmonthcat_month_idx")]

    def __str__(self):
        return f"{self.desk_id} {self.month:%Y-%m} {self.kind}:{self.key} {self.count}"


class TrajectMonth(DeskMonthFigures):
    """The trajects of one desk that started in one month, with their sessions: what the
    dashboard reads for whole months instead of the trajects. Maintained with VisitMonth by the
    traject and session services (intake.figures); `manage.py rebuild_figures` recounts them."""

    month = models.DateField(help_text="The first day of the month the trajects started in.")
    started = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    stopped_early = models.PositiveIntegerField(default=0)
    referred_on = models.PositiveIntegerField(default=0)
    sessions = models.PositiveIntegerField(default=0)
    session_minutes = models.PositiveIntegerField(default=0)

    class Meta(DeskMonthFigures.Meta):
        verbose_name = _("traject figures of a month")
        verbose_name_plural = _("traject figures per month")

    def __str__(self):
        return f"{self.desk_id} {self.month:%Y-%m}: {self.started}"


class ReferralMonth(models.Model):
    """The outbound referrals (doorverwezen naar) of one desk in one month, per organisation
    referred to: referrals of the desk's visits and trajects that start from the desk's own
    organisation, in the month of the referral's date. Maintained with VisitMonth."""

    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    to_organisation = models.ForeignKey(
        "referrals.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("referral figures of a month")
        verbose_name_plural = _("referral figures per month")
        ordering = ["desk", "month", "to_organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["desk", "month", "to_organisation"], name="referralmonth_unique"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="referralmonth_first_day"),
        ]
        indexes = [models.Index(fields=["month", "desk"], name="referralmonth_month_idx")]

    def __str__(self):
        return f"{self.desk_id} {self.month:%Y-%m} → {self.to_organisation_id}: {self.count}"
