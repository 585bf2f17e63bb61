"""Anonymous registration at a desk (loket): where and when residents can walk in."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact, GreaterThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy as ngettext

from referrals.constants import Question
from referrals.validators import (
    DatabaseOnlyCheck,
    max_length_check,
    validate_no_control_characters,
    validate_not_in_future,
    validate_sensible_date,
)

from .constants import (
    COMMENT_MAX_LENGTH,
    DEFAULT_SESSION_MINUTES,
    MAX_ATTENDEES,
    MAX_CHILDREN,
    MAX_PERSONS_PER_COUNT,
    MAX_SESSION_MINUTES,
    MAX_SESSIONS,
    MAX_VISIT_MINUTES,
    NOTES_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ActivityKind,
    AgeBand,
    Attendance,
    Audience,
    Channel,
    FoundVia,
    GotAnswer,
    IntervalWeeks,
    Outcome,
    Track,
    TrajectStatus,
    Weekday,
    WhoCame,
)
from .identity import validate_anonymous_text

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
        from .selectors import walk_in_recurrence

        return walk_in_recurrence(self)


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


class LifeEvent(models.Model):
    """A life event that can strain a relationship (bereavement, birth of a child, …).

    Admin-managed: a desk may add its own; `desk` empty means available to all desks.
    """

    name = models.CharField(_("name"), max_length=100, validators=[validate_no_control_characters])
    desk = models.ForeignKey(
        Desk,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="life_events",
        verbose_name=_("desk"),
        help_text=_("Leave empty to offer it at every desk."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("life event")
        verbose_name_plural = _("life events")
        ordering = ["order", "name"]
        constraints = [
            max_length_check("name", 100, model="lifeevent"),
            models.UniqueConstraint(fields=["name", "desk"], name="lifeevent_unique_per_desk"),
        ]

    def __str__(self):
        return self.name


class SessionTheme(models.Model):
    """A theme of a traject session (communication, sticking points, …); admin-managed."""

    name = models.CharField(_("name"), max_length=100, validators=[validate_no_control_characters])
    desk = models.ForeignKey(
        Desk,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="session_themes",
        verbose_name=_("desk"),
        help_text=_("Leave empty to offer it at every desk."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("session theme")
        verbose_name_plural = _("session themes")
        ordering = ["order", "name"]
        constraints = [
            max_length_check("name", 100, model="sessiontheme"),
            models.UniqueConstraint(fields=["name", "desk"], name="sessiontheme_unique_per_desk"),
        ]

    def __str__(self):
        return self.name


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


class Traject(models.Model):
    """A short traject (kortdurend traject) of at most five sessions, known only by its code.

    The code is random and written on a card the couple keeps; it is never derived from
    anything about them.
    """

    code = models.CharField(_("code"), max_length=12, unique=True, editable=False)
    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, related_name="trajects", verbose_name=_("desk")
    )
    visit = models.OneToOneField(
        Visit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="traject",
        verbose_name=_("started from visit"),
    )
    started_on = models.DateField(_("started on"), validators=ENTRY_DATE_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=20, choices=TrajectStatus.choices, default=TrajectStatus.RUNNING
    )
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, validators=ENTRY_DATE_VALIDATORS
    )
    closing_outcome = models.CharField(
        _("closing outcome"), max_length=20, choices=Outcome.choices, blank=True
    )
    referrals = models.ManyToManyField(
        "referrals.Referral", blank=True, related_name="trajects", verbose_name=_("referrals")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajects")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["desk", "started_on"], name="traject_desk_started_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("started_on")),
                name="traject_closed_after_start",
                violation_error_message=_("A traject cannot close before it started."),
            ),
            models.CheckConstraint(
                condition=Q(status=TrajectStatus.RUNNING, closed_on__isnull=True)
                | (~Q(status=TrajectStatus.RUNNING) & Q(closed_on__isnull=False)),
                name="traject_closed_iff_not_running",
                violation_error_message=_(
                    "A closed traject has a closing date; a running one not."
                ),
            ),
            # Councils count closed trajects by outcome: a closed one without it is a gap.
            models.CheckConstraint(
                condition=Q(status=TrajectStatus.RUNNING) | ~Q(closing_outcome=""),
                name="traject_closed_has_outcome",
                violation_error_message=_("A closed traject has an outcome."),
            ),
        ]

    def __str__(self):
        return self.code

    def clean(self):
        desk = self.desk if self.desk_id else None
        errors = desk_date_errors(desk, self.started_on, field="started_on")
        errors.update(desk_date_errors(desk, self.closed_on, field="closed_on"))
        if errors:
            raise ValidationError(errors)


class Session(models.Model):
    """One of the at most five partner sessions (partnergesprekken) of a traject."""

    traject = models.ForeignKey(
        Traject, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("traject")
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSIONS)]
    )
    date = models.DateField(_("date"), validators=ENTRY_DATE_VALIDATORS)
    minutes = models.PositiveSmallIntegerField(
        _("minutes"),
        default=DEFAULT_SESSION_MINUTES,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSION_MINUTES)],
    )
    attendance = models.CharField(
        _("who attended"), max_length=20, choices=Attendance.choices, default=Attendance.BOTH
    )
    themes = models.ManyToManyField(
        SessionTheme, blank=True, related_name="sessions", verbose_name=_("themes")
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        max_length=NOTES_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTES_MAX_LENGTH), validate_anonymous_text],
        help_text=_("No names, addresses, phone numbers, e-mail addresses or BSNs."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["traject", "number"]
        constraints = [
            max_length_check("notes", NOTES_MAX_LENGTH, model="session"),
            models.UniqueConstraint(
                fields=["traject", "number"],
                name="session_number_unique_per_traject",
                violation_error_message=_("This traject already has a session with this number."),
            ),
            # The cap of five sessions lives in the database, so no form or race can pass it.
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=MAX_SESSIONS),
                name="session_number_between_1_and_5",
                violation_error_message=_("A traject has at most 5 sessions."),
            ),
            models.CheckConstraint(condition=Q(minutes__gte=1), name="session_minutes_positive"),
            DatabaseOnlyCheck(
                condition=Q(minutes__lte=MAX_SESSION_MINUTES), name="session_minutes_at_most_480"
            ),
        ]

    def __str__(self):
        return f"{self.traject} – {self.number}"

    def clean(self):
        if not self.traject_id or self.date is None:
            return
        traject = self.traject
        errors = desk_date_errors(traject.desk, self.date)
        if not errors and self.date < traject.started_on:
            errors["date"] = ValidationError(
                _("A session cannot be before the traject started."), code="before_start"
            )
        if not errors and traject.closed_on and self.date > traject.closed_on:
            errors["date"] = ValidationError(
                _("The traject closed on %(closed)s; a session cannot be after that."),
                code="after_close",
                params={"closed": traject.closed_on.strftime("%d-%m-%Y")},
            )
        if errors:
            raise ValidationError(errors)


class Activity(models.Model):
    """A theme meeting, training, webinar or consultation with professionals."""

    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, related_name="activities", verbose_name=_("desk")
    )
    date = models.DateField(_("date"), validators=ENTRY_DATE_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    attendees = models.PositiveIntegerField(
        _("number of attendees"), validators=[MaxValueValidator(MAX_ATTENDEES)]
    )
    title = models.CharField(
        _("title"), max_length=TITLE_MAX_LENGTH, blank=True, validators=[validate_anonymous_text]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-pk"]
        constraints = [
            max_length_check("title", TITLE_MAX_LENGTH, model="activity"),
            DatabaseOnlyCheck(
                condition=Q(attendees__lte=MAX_ATTENDEES),
                name="activity_attendees_at_most_2000",
                violation_error_message=_("At most 2000 attendees."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y}"

    def clean(self):
        errors = desk_date_errors(self.desk if self.desk_id else None, self.date)
        if errors:
            raise ValidationError(errors)


class FeedbackInvitation(models.Model):
    """A one-time link (and QR code) to the anonymous questionnaire after a conversation."""

    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    desk = models.ForeignKey(
        Desk, on_delete=models.CASCADE, related_name="feedback_invitations", verbose_name=_("desk")
    )
    visit = models.ForeignKey(
        Visit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_invitations",
        verbose_name=_("visit"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback invitation")
        verbose_name_plural = _("feedback invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.desk} {self.created_at:%d-%m-%Y}"


class Feedback(models.Model):
    """The anonymous answers to the questionnaire; one per invitation."""

    invitation = models.OneToOneField(
        FeedbackInvitation,
        on_delete=models.PROTECT,
        related_name="feedback",
        verbose_name=_("invitation"),
    )
    desk = models.ForeignKey(
        Desk, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("desk")
    )
    got_answer = models.CharField(
        _("did you get an answer to your question?"), max_length=10, choices=GotAnswer.choices
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("1 (very poor) to 10 (excellent)."),
    )
    would_recommend = models.BooleanField(_("would you recommend us?"))
    comment = models.TextField(
        _("comment"),
        blank=True,
        max_length=COMMENT_MAX_LENGTH,
        validators=[MaxLengthValidator(COMMENT_MAX_LENGTH), validate_anonymous_text],
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["desk", "submitted_at"], name="feedback_desk_time_idx")]
        constraints = [
            max_length_check("comment", COMMENT_MAX_LENGTH, model="feedback"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=10), name="feedback_rating_1_to_10"
            ),
        ]

    def __str__(self):
        return f"{self.desk} {self.submitted_at:%d-%m-%Y}"


# --- figures kept per desk and month (maintained by intake.figures) -------------------------


class VisitMonth(models.Model):
    """The visits of one desk in one month, counted per figure: what the dashboard, exports
    and letters read for whole months instead of the visits themselves. Kept up to date by the
    visit services in the same transaction (intake.figures); `manage.py rebuild_figures`
    recounts them from the visits. Column names: `<field>_<choice value>` for choices."""

    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="+")
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

    class Meta:
        verbose_name = _("visit figures of a month")
        verbose_name_plural = _("visit figures per month")
        ordering = ["desk", "month"]
        constraints = [
            models.UniqueConstraint(fields=["desk", "month"], name="visitmonth_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="visitmonth_first_day"),
        ]
        indexes = [models.Index(fields=["month", "desk"], name="visitmonth_month_idx")]

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


class TrajectMonth(models.Model):
    """The trajects of one desk that started in one month, with their sessions: what the
    dashboard reads for whole months instead of the trajects. Maintained with VisitMonth by the
    traject and session services (intake.figures); `manage.py rebuild_figures` recounts them."""

    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month the trajects started in.")
    started = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    stopped_early = models.PositiveIntegerField(default=0)
    referred_on = models.PositiveIntegerField(default=0)
    sessions = models.PositiveIntegerField(default=0)
    session_minutes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("traject figures of a month")
        verbose_name_plural = _("traject figures per month")
        ordering = ["desk", "month"]
        constraints = [
            models.UniqueConstraint(fields=["desk", "month"], name="trajectmonth_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="trajectmonth_first_day"),
        ]
        indexes = [models.Index(fields=["month", "desk"], name="trajectmonth_month_idx")]

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
