from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalLoginConfig(AppConfig):
    """Staff log in through the municipality's OpenID Connect provider (README, Deploying)."""

    name = "municipal_login"
    verbose_name = _("Municipal login")
