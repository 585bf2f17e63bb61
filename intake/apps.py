from django.apps import AppConfig
from django.db.models.signals import post_migrate
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

    def ready(self):
        from . import vocabularies

        post_migrate.connect(_figures_after_migrate, sender=self, dispatch_uid="intake_figures")
        vocabularies.connect()


def _figures_after_migrate(sender, using="default", **kwargs):
    """After migrating a database that has visits or trajects but no figures per desk and month
    (the figures are new, or a migration dropped them), count them, so a dashboard never reads
    0 where rows exist. A cheap query or three otherwise."""
    from .figures import rebuild
    from .models import Traject, Visit, VisitMonth

    if VisitMonth.objects.using(using).exists():
        return
    if Visit.objects.using(using).exists() or Traject.objects.using(using).exists():
        rebuild()
