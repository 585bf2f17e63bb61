from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from relatieloket.navigation import NavItem
from relatieloket.roles import DESK_ROLES


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake")
    nav_items = (NavItem(_("My desk"), "intake:start", DESK_ROLES, order=10),)
