"""Login security rules shared by the middleware, the login views, the lockout and the demo.

Second factor: django-two-factor-auth on django-otp (TOTP plus recovery codes). Lockout:
django-axes, per user name and per address. Nothing here logs or stores what a person typed
into the user-name field unless it is an existing account's name: people type passwords there.
"""

import time
from binascii import unhexlify

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.crypto import salted_hmac

# The one TOTP secret of the demo users (hex, as django-otp stores it). It is printed by
# `seed_demo`, so a session verified with it counts only with DEBUG=True.
DEMO_TOTP_KEY = "72656c617469656c6f6b65742d64656d6f2d3031"


def totp_code(key_hex, *, at=None) -> str:
    """The six-digit code an authenticator app shows for this key (hex) now, or at `at`."""
    from django_otp.oath import TOTP

    totp = TOTP(unhexlify(key_hex), step=30, digits=6)
    totp.time = at if at is not None else time.time()
    return f"{totp.token():06d}"


def is_demo_device(device) -> bool:
    return getattr(device, "key", None) == DEMO_TOTP_KEY


def second_factor_verified(user) -> bool:
    """True when this session passed the second factor with a device that counts here."""
    device = getattr(user, "otp_device", None)
    if device is None:
        return False
    return settings.DEBUG or not is_demo_device(device)


def _typed_username(request, credentials):
    if credentials:
        return credentials.get(get_user_model().USERNAME_FIELD)
    data = getattr(request, "POST", {})
    return data.get("auth-username") or data.get("username")


def login_attempt_username(request, credentials=None):
    """The user name the lockout counts under (AXES_USERNAME_CALLABLE).

    An existing account counts under its name; anything else under a keyed hash of what was
    typed, so repeated guesses at one name still lock out while the text itself is kept nowhere.
    """
    username = _typed_username(request, credentials)
    if not username:
        return None
    if get_user_model()._default_manager.filter(username=username).exists():
        return username
    return "unknown-" + salted_hmac("relatieloket.lockout", username).hexdigest()[:16]


def login_attempt_description(username, ip_address, user_agent, path_info, request) -> str:
    """How a login attempt appears in the log (AXES_CLIENT_STR_CALLABLE): no typed text."""
    account = "unknown user name" if not username or username.startswith("unknown-") else username
    return f"{{account: {account}, ip_address: {ip_address}, path: {path_info}}}"


def lockout_response(request, original_response=None, credentials=None):
    """The Dutch page for a login refused by the lockout (AXES_LOCKOUT_CALLABLE)."""
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
