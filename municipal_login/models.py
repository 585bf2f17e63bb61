from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device


class OidcIdentity(models.Model):
    """The account a municipal login (its `sub` claim at the provider) belongs to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="oidc_identity",
        verbose_name=_("user"),
    )
    sub = models.CharField(_("subject (sub)"), max_length=255, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("municipal login")
        verbose_name_plural = _("municipal logins")

    def __str__(self):
        return str(self.user)


class ProviderDevice(Device):
    """The second factor the municipality's provider asked (its `amr`/`acr` said so).

    Not a device anyone types a code from: the login sets it as this session's verified device
    (django-otp), so the portal does not ask its own code after such a login.
    """

    class Meta:
        verbose_name = _("second factor at the municipality")
        verbose_name_plural = _("second factors at the municipality")

    def verify_token(self, token):
        return False
