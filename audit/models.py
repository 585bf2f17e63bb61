"""The audit trail (BIO: logging of who did what), appended to and never edited.

An entry says who (the user, and their username at the time, so entries outlive a deleted
account), when, which action, on which object (its type and id) and which fields changed. It
holds no values at all: not the old or new value of a field, not even the object's name, so
free text a resident or counsellor wrote can never end up here. The database refuses to change
or delete an entry (triggers, migration 0002).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import Action


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # No database foreign keys: deleting a user or a content type must not touch an entry
    # (the triggers would refuse it), and the entry keeps pointing to who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    actor_username = models.CharField(
        _("username"),
        max_length=150,
        blank=True,
        help_text=_("As it was at the time; empty for a change by the system."),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("object type"),
    )
    object_id = models.CharField(_("object id"), max_length=64)
    fields = models.JSONField(
        _("changed fields"),
        default=list,
        blank=True,
        help_text=_("The names of the fields, never their values."),
    )

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%d-%m-%Y %H:%M} {self.actor_username or '–'} {self.action}"
