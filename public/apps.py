from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the public pages show: a change to any of these gives them a new data version.
PUBLIC_DATA_MODELS = (
    "intake.Desk",
    "intake.Location",
    "intake.WeeklyHour",
    "intake.WalkInException",
    "referrals.Municipality",
    "referrals.Organisation",
    "reports.CouncilReport",
)


class PublicConfig(AppConfig):
    """Pages for residents, without login: where to find help, a flyer, a calendar, open data."""

    name = "public"
    verbose_name = _("Public pages")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from relatieloket.caching import data_changed

        for label in PUBLIC_DATA_MODELS:
            model = apps.get_model(label)
            post_save.connect(data_changed, sender=model, dispatch_uid=f"public-{label}-save")
            post_delete.connect(data_changed, sender=model, dispatch_uid=f"public-{label}-del")
        desk = apps.get_model("intake.Desk")
        m2m_changed.connect(
            data_changed, sender=desk.organisations.through, dispatch_uid="public-desk-orgs"
        )
