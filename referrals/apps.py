from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from relatieloket.navigation import NavItem
from relatieloket.roles import DESK_ROLES, Role


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals and network")
    nav_items = (
        NavItem(_("Social map"), "referrals:directory", (*DESK_ROLES, Role.POLICY), order=20),
        NavItem(_("Referral flows"), "referrals:flow_map", (Role.POLICY,), order=21),
        NavItem(_("Partner returns"), "referrals:return_list", (Role.POLICY,), order=22),
    )
