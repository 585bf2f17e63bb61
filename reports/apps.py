from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from relatieloket.navigation import NavItem
from relatieloket.roles import Role


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")
    nav_items = (
        NavItem(_("Dashboard"), "reports:start", (Role.POLICY, Role.COORDINATOR), order=16),
        NavItem(_("Council reports"), "reports:published_list", (Role.COUNCIL,), order=10),
        NavItem(
            _("Write council reports"),
            "reports:council_list",
            (Role.POLICY,),
            order=40,
            section_url_name="reports:published_list",
        ),
    )
