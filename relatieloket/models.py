"""Portal users: a user has roles (groups), desks (see intake.Desk.staff) and a scope."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A staff member of a desk, a partner, policy staff, a council member or an admin.

    Never a resident: residents stay anonymous and have no account.
    """

    organisations = models.ManyToManyField(
        "referrals.Organisation",
        blank=True,
        related_name="members",
        verbose_name=_("organisations"),
        help_text=_("Organisations this user works for (partners enter their own returns)."),
    )
    municipalities = models.ManyToManyField(
        "referrals.Municipality",
        blank=True,
        related_name="users",
        verbose_name=_("municipalities"),
        help_text=_(
            "Scope of policy staff and council members: the municipalities whose figures "
            "and reports this user sees."
        ),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username


class ReportTicket(models.Model):
    """A place in the report queue (relatieloket.lanes, PostgreSQL): reports are served in the
    order of their ticket's id. A ticket lives while its backend waits or runs (pid) or until
    expires_at, which the waiting page pushes on each time it comes back. It names no one."""

    expires_at = models.DateTimeField()
    pid = models.IntegerField(null=True)
    running = models.BooleanField(default=False)

    def __str__(self):
        return f"#{self.id}"
