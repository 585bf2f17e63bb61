"""Request rules for every page: Dutch unless chosen otherwise, second factor, idle timeout,
and no caching of data."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from two_factor.utils import default_device

from .caching import strip_vary_cookie
from .roles import declared_access
from .security import second_factor_verified

LAST_ACTIVITY_KEY = "relatieloket_last_activity"
# The last activity is written at most this often, so a page view does not always write the
# session; the idle timeout is exact to within this many seconds.
ACTIVITY_RESOLUTION = 60


class PortalLocaleMiddleware(LocaleMiddleware):
    """Dutch, whatever the browser asks (Accept-Language): Dutch is the portal's language.

    English is a choice made with the language switch, which Django's `set_language` keeps
    in the language cookie; that choice is honoured on every later request.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # The page depends on the cookie, not on Accept-Language: no Vary on the latter.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def second_factor_exempt(view):
    """Mark a view that a signed-in user reaches before passing the second factor (its setup)."""
    view.second_factor_exempt = True
    return view


class SecondFactorRequiredMiddleware:
    """Deny by default: a signed-in user who has not passed the second factor reaches only
    the public views (login, logout, language, feedback, health check) and the setup.

    Runs for every view, the admin's included, so a view cannot forget it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or second_factor_verified(user):
            return None
        access = declared_access(view_func)
        if access is not None and access[1]:
            return None
        device = default_device(user)
        if device is None:
            if getattr(view_func, "second_factor_exempt", False):
                return None
            return redirect_to_login(request.get_full_path(), reverse("second_factor_setup"))
        # A device exists but this session did not use it (or used the demo device on a
        # production server): log in again, with the code.
        logout(request)
        messages.info(request, _("Log in with your password and the code from your app."))
        return redirect_to_login(request.get_full_path())


class IdleTimeoutMiddleware:
    """Log a user out after SESSION_IDLE_TIMEOUT seconds without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)s minutes without activity.")
                    % {"minutes": settings.SESSION_IDLE_TIMEOUT // 60},
                )
                return redirect_to_login(request.get_full_path())
            if last is None or now - last >= ACTIVITY_RESOLUTION:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every page the app renders (static files are served
    before this runs): pages with data, exports, PDFs, the login and the feedback form alike.

    Except a public page marked cacheable (`relatieloket.caching`) that sets no cookie: it reads no
    cookie either, so it keeps its `public, max-age` and loses the `Vary: Cookie` that the
    session middleware adds when anything looked at the session (the user of a request).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "public_cacheable", False) and not response.cookies:
            return strip_vary_cookie(response)
        if getattr(response, "public_cacheable", False):
            del response["Cache-Control"]
            del response["ETag"]
        patch_cache_control(response, no_store=True, private=True)
        return response
