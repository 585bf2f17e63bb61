from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RelatieloketConfig(AppConfig):
    name = "relatieloket"
    verbose_name = _("Portal")

    def ready(self):
        # Later migrations add models; keep each role's permissions in step with them.
        post_migrate.connect(_sync_roles, dispatch_uid="relatieloket_sync_roles")


def _sync_roles(sender, using="default", plan=None, **kwargs):
    from django.apps import apps

    # post_migrate is sent once per app; sync once, after the last app's permissions exist.
    if sender is list(apps.get_app_configs())[-1]:
        from .services import role_groups_sync

        role_groups_sync(using=using)
