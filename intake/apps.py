from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from relatieloket.navigation import NavItem
from relatieloket.roles import DESK_ROLES, Role


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake")
    nav_items = (
        NavItem(_("My desk"), "intake:start", DESK_ROLES, order=10),
        NavItem(_("Log a visit"), "intake:visit_create", DESK_ROLES, order=11),
        NavItem(_("Visits"), "intake:visit_list", DESK_ROLES, order=12),
        NavItem(_("Trajects"), "intake:traject_list", DESK_ROLES, order=13),
        NavItem(_("Activities"), "intake:activity_list", DESK_ROLES, order=14),
        NavItem(_("Locations and hours"), "intake:location_list", (Role.COORDINATOR,), order=15),
    )
