"""The Django admin at /beheer/ behind the portal's own login and second factor."""

from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_noop

# Admin texts Django's own Dutch catalog does not translate yet (Django 5.2): translated in
# relatieloket/locale, so no English shows in a Dutch admin page. The admin's script texts
# ("Choose all %s", "Remove selected %s" …) are in relatieloket/locale/nl/…/djangojs.po.
ADMIN_TEXTS = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
)


class PortalAdminConfig(AdminConfig):
    # django-two-factor-auth's site: only verified staff pass has_permission(), and the
    # admin's password-only login form is replaced by a redirect to the portal's login.
    default_site = "two_factor.admin.AdminSiteOTPRequired"
