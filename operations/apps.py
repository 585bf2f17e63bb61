from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the portal: retention of personal data and the check after a restore."""

    name = "operations"
    verbose_name = _("Operations")
