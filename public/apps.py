from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """Pages for residents, without login: where to find help, a flyer, a calendar, open data."""

    name = "public"
    verbose_name = _("Public pages")
