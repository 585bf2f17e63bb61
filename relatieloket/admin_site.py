"""The Django admin at /beheer/ behind the portal's own login and second factor."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    # django-two-factor-auth's site: only verified staff pass has_permission(), and the
    # admin's password-only login form is replaced by a redirect to the portal's login.
    default_site = "two_factor.admin.AdminSiteOTPRequired"
