from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    """ISO weekday numbers, as `date.isoweekday()` returns them."""

    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


class IntervalWeeks(models.IntegerChoices):
    """How often a walk-in hour is held: Zwartewaterland's was "één keer per twee weken"."""

    WEEKLY = 1, _("every week")
    FORTNIGHTLY = 2, _("every two weeks")
    FOUR_WEEKLY = 4, _("every four weeks")


class Channel(models.TextChoices):
    WALK_IN = "inloop", _("walk-in")
    APPOINTMENT = "afspraak", _("appointment")
    PHONE = "telefoon", _("phone")
    EMAIL = "email", _("e-mail")
    VIDEO = "video", _("video call")


class WhoCame(models.TextChoices):
    ONE_PARTNER = "een_partner", _("one partner")
    BOTH_PARTNERS = "beide_partners", _("both partners")
    EX_PARTNERS = "ex_partners", _("ex-partners")
    PARENT_WITH_OTHER = "ouder_met_ander", _("parent with someone else")


class FoundVia(models.TextChoices):
    """ "Hoe heeft u ons gevonden?": councils ask whether the help is findable (seeds 001, 004)."""

    MUNICIPAL_WEBSITE = "gemeentelijke_website", _("municipal website")
    LOCAL_PAPER = "lokale_krant", _("local paper or newsletter")
    FLYER = "flyer", _("flyer")
    SOCIAL_MEDIA = "sociale_media", _("social media")
    GP = "huisarts_poh", _("GP or practice nurse (POH)")
    SCHOOL = "school", _("school")
    SOCIAL_TEAM = "wijkteam", _("social district team")
    CHURCH = "kerk", _("church")
    FAMILY_OR_FRIENDS = "familie_vrienden", _("family or friends")
    OTHER = "anders", _("another way")


class AgeBand(models.TextChoices):
    UNDER_25 = "tot_25", _("under 25")
    FROM_25 = "25_34", _("25–34")
    FROM_35 = "35_44", _("35–44")
    FROM_45 = "45_54", _("45–54")
    FROM_55 = "55_64", _("55–64")
    FROM_65 = "65_plus", _("65 and over")
    UNKNOWN = "onbekend", _("unknown")


class Track(models.TextChoices):
    """The two tracks (twee sporen) of the seed documents."""

    ONE_CONVERSATION = "A", _("A – one advice conversation")
    SHORT_TRAJECT = "B", _("B – short traject (at most 5 sessions)")


class Outcome(models.TextChoices):
    HELPED = "op_weg_geholpen", _("helped on the way")
    TRAJECT_STARTED = "traject_gestart", _("traject started")
    REFERRED_ON = "doorverwezen", _("referred on")
    NO_FOLLOW_UP = "geen_vervolg", _("no follow-up")


# How a closed traject turned out: "traject started" is how its first visit ended, never how
# the traject itself did.
CLOSING_OUTCOMES = [Outcome.HELPED, Outcome.REFERRED_ON, Outcome.NO_FOLLOW_UP]


class AdviceDomain(models.TextChoices):
    SOCIAL_EMOTIONAL = "sociaal_emotioneel", _("social-emotional")
    FINANCIAL = "financieel", _("financial")
    LEGAL = "juridisch", _("legal")
    PARENTING = "opvoeding", _("parenting")


class TrajectStatus(models.TextChoices):
    RUNNING = "loopt", _("running")
    COMPLETED = "afgerond", _("completed")
    STOPPED_EARLY = "voortijdig_gestopt", _("stopped early")
    REFERRED_ON = "doorverwezen", _("referred on")


class Attendance(models.TextChoices):
    BOTH = "beide_partners", _("both partners")
    ONE = "een_partner", _("one partner")


class ActivityKind(models.TextChoices):
    THEME_MEETING_CHURCH = "themabijeenkomst_kerk", _("theme meeting with churches")
    THEME_MEETING_NEUTRAL = "themabijeenkomst_neutraal", _("theme meeting (neutral)")
    TRAINING = "training", _("training")
    WEBINAR = "webinar", _("webinar")
    CONSULTATION = "consultatie", _("consultation with professionals")


class Audience(models.TextChoices):
    RESIDENTS = "inwoners", _("residents")
    PROFESSIONALS = "professionals", _("professionals")


class GotAnswer(models.TextChoices):
    YES = "ja", _("yes")
    PARTLY = "deels", _("partly")
    NO = "nee", _("no")


# Track B: "4 tot 5 (partner)gesprekken" of about 1.5 hours (HIA memo, 2024).
MAX_SESSIONS = 5
DEFAULT_SESSION_MINUTES = 90


# Free text is bounded in the form, the model and the database (a CHECK on its length), so an
# anonymous link can never slow the server: a note is a few sentences, never a dossier.
NOTES_MAX_LENGTH = 2000
COMMENT_MAX_LENGTH = 2000
TITLE_MAX_LENGTH = 200
FREE_TEXT_MAX_LENGTH = max(NOTES_MAX_LENGTH, COMMENT_MAX_LENGTH)


# Plausible bounds, so a typo never reaches the figures: "één partner" with women = 100000 was
# saved and the dashboard showed "Personen 100.150". A group (parent with others) stays small.
MAX_PERSONS_PER_COUNT = 20
MAX_CHILDREN = 30
MAX_VISIT_MINUTES = 600
MAX_SESSION_MINUTES = 480
# A theme evening or a regional webinar; more would be a typo.
MAX_ATTENDEES = 2000
