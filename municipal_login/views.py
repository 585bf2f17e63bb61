"""The municipal login's views: start at the provider, come back, and the portal's own code
when the provider did not ask a second factor."""

from django.conf import settings
from django.shortcuts import redirect, render
from django_otp import login as otp_login
from mozilla_django_oidc import views as oidc_views
from two_factor.utils import default_device

from relatieloket.forms import LoginCodeForm
from relatieloket.middleware import second_factor_exempt
from relatieloket.roles import public
from relatieloket.security import second_factor_verified

from .backends import SECOND_FACTOR_ATTRIBUTE
from .models import ProviderDevice


def _enabled(view):
    def wrapper(request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            # Not configured on this portal: the local login is the only one.
            return redirect("login")
        return view(request, *args, **kwargs)

    wrapper.__name__ = getattr(view, "__name__", "view")
    return wrapper


class CallbackView(oidc_views.OIDCAuthenticationCallbackView):
    def login_success(self):
        response = super().login_success()
        if getattr(self.request, SECOND_FACTOR_ATTRIBUTE, False):
            device, _created = ProviderDevice.objects.get_or_create(
                user=self.user, defaults={"name": "gemeente", "confirmed": True}
            )
            otp_login(self.request, device)
            return response
        return redirect("municipal_login:code")


class LogoutView(oidc_views.OIDCLogoutView):
    """Log out of the portal and, when the provider has an end-session endpoint
    (OIDC_OP_LOGOUT_ENDPOINT), of the provider too."""


def code(request):
    """The portal's own second factor after a municipal login without one."""
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if second_factor_verified(user):
        return redirect(settings.LOGIN_REDIRECT_URL)
    device = default_device(user)
    if device is None:
        # First login: set up the authenticator app (the setup logs its device in).
        return redirect("second_factor_setup")
    form = LoginCodeForm(user, device, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "municipal_login/code.html", {"form": form})


authenticate = public(_enabled(oidc_views.OIDCAuthenticationRequestView.as_view()))
callback = public(_enabled(CallbackView.as_view()))
logout_view = public(_enabled(LogoutView.as_view()))
code = public(second_factor_exempt(_enabled(code)))
