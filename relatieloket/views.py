from base64 import b32encode
from binascii import unhexlify

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from two_factor import views as two_factor_views
from two_factor.utils import get_otpauth_url

from . import selectors, services
from .forms import LoginCodeForm, RecoveryCodeForm, SetupCodeForm, add_service_errors
from .middleware import second_factor_exempt
from .roles import Role, allow, public, user_roles

# Where each role starts; the first role of a user in this order wins.
START_PAGES = [
    (Role.COUNSELLOR, "intake:start"),
    (Role.COORDINATOR, "intake:start"),
    (Role.POLICY, "reports:start"),
    (Role.COUNCIL, "reports:published_list"),
    (Role.ADMIN, "admin:index"),
]


@allow(*Role)
def home(request):
    """Send each user to the start page of their role."""
    roles = user_roles(request.user)
    for role, url_name in START_PAGES:
        if role in roles:
            return redirect(url_name)
    raise AssertionError("unreachable: allow() lets only users with a role through")


@public
def healthz(request):
    """Liveness and database check for load balancers; reveals nothing else."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@public
def favicon(request):
    """/favicon.ico, which every browser asks for: the portal's icon rather than a 404."""
    from django.contrib.staticfiles import finders
    from django.http import FileResponse, Http404

    path = finders.find("favicon.ico")
    if path is None:
        raise Http404
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115
    response["Cache-Control"] = "public, max-age=86400"
    return response


def confirm_delete(request, *, obj, delete, message, success_url, cancel_url):
    """The shared delete flow: GET asks for confirmation, POST deletes, confirms and redirects.

    `delete` is the service call; `obj` is what the confirmation page names.
    """
    if request.method == "POST":
        delete()
        messages.success(request, message)
        return redirect(success_url)
    return render(request, "confirm_delete.html", {"object": obj, "cancel_url": cancel_url})


def form_service_call(request, form, call, *, success, message=None, then=None):
    """The shared save flow of a form page around one service call.

    For a posted, valid form, `call(form.cleaned_data)` runs the service. A ValidationError it
    raises goes onto the form (`add_service_errors`) and None is returned: the view shows the
    form again, with the errors. Otherwise the success `message` is given, `then(result)` runs
    (a further warning, say) and the redirect to `success` (a URL or URL name) is returned.
    `message` and `success` may be functions of the service's result (the saved object), so
    they name it as saved. A GET or an invalid form also returns None.

        if response := form_service_call(request, form, save, success="intake:visit_list"):
            return response
        return render(request, "intake/visit_form.html", {"form": form})
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    if message is not None:
        messages.success(request, message(result) if callable(message) else message)
    if then is not None:
        then(result)
    return redirect(success(result) if callable(success) else success)


class LogoutView(auth_views.LogoutView):
    """Log out, and say so on the login page it returns to."""

    def post(self, request, *args, **kwargs):
        was_logged_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_logged_in:
            # Stored in the messages cookie: the session it would go in has just ended.
            messages.success(request, _("You have been logged out."))
        return response


logout = public(LogoutView.as_view())


# --- Login with a second factor -------------------------------------------------------------
# The views are django-two-factor-auth's; these subclasses give them the portal's templates,
# Dutch forms and URL names. The wizard's form fields carry its step as prefix
# ("auth-username", "token-otp_token").

TOTP_ISSUER = "Relatieloket"


def _safe_next(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else ""


class LoginView(two_factor_views.LoginView):
    """Password, then the code from the app (or a recovery code)."""

    template_name = "registration/login.html"

    def get_form_list(self):
        # The library sets the device's token form before each step; keep the portal's.
        forms = super().get_form_list()
        steps = ((self.TOKEN_STEP, LoginCodeForm), (self.BACKUP_STEP, RecoveryCodeForm))
        for step, form_class in steps:
            if step in forms:
                forms[step] = form_class
        return forms

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        context["next"] = _safe_next(self.request)
        return context


class SecondFactorSetupView(two_factor_views.SetupView):
    """First login: link an authenticator app by scanning a QR code and entering its code."""

    template_name = "registration/second_factor_setup.html"
    # One method (the app), so the library skips the choice; there is no welcome step.
    form_list = (("method", two_factor_views.core.MethodForm),)
    # The library links to a QR image view; this page draws the QR code inline instead.
    qrcode_url = "second_factor_setup"

    def get_form_list(self):
        forms = super().get_form_list()
        forms["generator"] = SetupCodeForm
        return forms

    def get_success_url(self):
        # Always through the recovery codes, which are made at this moment.
        query = urlencode({"next": _safe_next(self.request) or reverse("home")})
        return f"{reverse('recovery_codes')}?{query}"

    def done(self, form_list, **kwargs):
        response = super().done(form_list, **kwargs)
        services.recovery_codes_renew(user=self.request.user)
        messages.success(
            self.request,
            _("Your authenticator app is linked. Keep the recovery codes below in a safe place."),
        )
        return response

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        if self.steps.current == "generator":
            secret = b32encode(unhexlify(self.get_key("generator"))).decode()
            url = get_otpauth_url(
                accountname=self.request.user.get_username(), secret=secret, issuer=TOTP_ISSUER
            )
            context.update(
                {
                    "secret_key": secret,
                    "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
                    "qr_svg": segno.make(url, error="m").svg_inline(
                        scale=4, title=_("QR code for your authenticator app")
                    ),
                    "next": _safe_next(self.request),
                }
            )
        return context


class RecoveryCodesView(two_factor_views.BackupTokensView):
    """The one-time recovery codes: shown after setup, renewed on request."""

    template_name = "registration/recovery_codes.html"
    success_url = reverse_lazy("recovery_codes")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = _safe_next(self.request)
        return context

    def form_valid(self, form):
        services.recovery_codes_renew(user=self.request.user)
        messages.success(self.request, _("New recovery codes made; the old ones no longer work."))
        return redirect(self.success_url)


class AccountView(auth_views.PasswordChangeView):
    """One's own account: change the password; the second factor and its recovery codes."""

    template_name = "registration/account.html"
    success_url = reverse_lazy("account")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recovery_codes_left"] = selectors.recovery_codes_left(user=self.request.user)
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


login = public(LoginView.as_view())
second_factor_setup = second_factor_exempt(allow(*Role)(SecondFactorSetupView.as_view()))
recovery_codes = allow(*Role)(RecoveryCodesView.as_view())
account = allow(*Role)(AccountView.as_view())
