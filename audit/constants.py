from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """The registry of actions an audit entry can record; `record` accepts no other."""

    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    CLOSE = "close", _("closed")
    DEACTIVATE = "deactivate", _("deactivated")
    PUBLISH = "publish", _("published")
    CORRECT = "correct", _("correction started")
    RESET_SECOND_FACTOR = "reset_2fa", _("second factor reset")
    UNLOCK = "unlock", _("login unlocked")
    RETENTION = "retention", _("retention applied")
