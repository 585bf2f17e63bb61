from django.db import models
from django.utils.translation import gettext_lazy as _


class Goal(models.TextChoices):
    """The couple's goal at the start: it decides what success means (Owen et al. 2012)."""

    STRENGTHEN = "strengthen", _("strengthen the relationship")
    CLARIFY = "clarify", _("find out whether to go on together")
    PART_WELL = "part_well", _("separate well as parents")


class Moment(models.TextChoices):
    START = "start", _("first session")
    END = "end", _("last session")
    FOLLOW_UP_3M = "follow_up_3m", _("after 3 months")
    FOLLOW_UP_6M = "follow_up_6m", _("after 6 months")


COUNSELLOR_MOMENTS = (Moment.START, Moment.END)
# Months after the traject closed from which a wave is open; it stays open until the next one
# opens, the last until the link to the traject is cut (EVALUATION_FOLLOW_UP_MONTHS).
FOLLOW_UP_WAVES = {Moment.FOLLOW_UP_3M: 3, Moment.FOLLOW_UP_6M: 5}


class Respondent(models.TextChoices):
    """Never a name: the first and the second partner of the traject."""

    PARTNER_1 = "partner_1", _("partner 1")
    PARTNER_2 = "partner_2", _("partner 2")


class StillTogether(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")


class SeparatedAsWished(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    NOT_APPLICABLE = "not_applicable", _("not applicable: we are together")


# Bounds of an item's scale (any instrument): a database check beside the service's exact one.
ITEM_SCALE_LOWEST = 0
ITEM_SCALE_HIGHEST = 100
MAX_ITEMS = 40
