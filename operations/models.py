from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionRun(models.Model):
    """What one run of the retention removed, as counts only (never what the records held).

    The audit trail points at it: the entry of the run names the categories that had
    something removed, this row holds how many.
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    login_attempts = models.PositiveIntegerField(_("failed-login records"), default=0)
    login_logs = models.PositiveIntegerField(_("login records"), default=0)
    sessions = models.PositiveIntegerField(_("expired sessions"), default=0)
    feedback_links_expired = models.PositiveIntegerField(_("expired feedback links"), default=0)
    feedback_links_used = models.PositiveIntegerField(_("used feedback links"), default=0)
    audit_entries = models.PositiveIntegerField(_("audit entries"), default=0)
    traject_codes = models.PositiveIntegerField(_("codes of closed trajects"), default=0)
    evaluation_links = models.PositiveIntegerField(
        _("evaluation scores tied to a traject code"), default=0
    )

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%d-%m-%Y %H:%M}"
