"""A municipal login whose provider asked no second factor has no password to log in again
with: until the portal's own code is entered, every page that needs it leads to that code
(instead of the password login the local accounts are sent back to)."""

from django.shortcuts import redirect
from two_factor.utils import default_device

from relatieloket.roles import declared_access
from relatieloket.security import second_factor_verified

from .models import OidcIdentity


class MunicipalSecondFactorMiddleware:
    """Before relatieloket.middleware.SecondFactorRequiredMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or second_factor_verified(user):
            return None
        access = declared_access(view_func)
        if (access is not None and access[1]) or getattr(view_func, "second_factor_exempt", False):
            return None
        if default_device(user) is None:
            return None  # the setup, as for a local account
        if OidcIdentity.objects.filter(user=user).exists():
            return redirect("municipal_login:code")
        return None
