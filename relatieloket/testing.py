"""Helpers shared by the test suites of all apps (URL walking, logins, axe-core)."""

import time

from django.urls import URLPattern, URLResolver, get_resolver

from relatieloket.security import totp_code

__all__ = ["totp_code"]  # the code an authenticator app shows, for login tests

DEMO_PASSWORD = "test-pass-123"


def iter_named_urls(resolver=None, namespace="", prefix=""):
    """Yield (name, route, callback, converters) for every named URL of the project."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from iter_named_urls(entry, full_ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            converters = list(getattr(entry.pattern, "converters", {}).keys())
            yield name, prefix + str(entry.pattern), entry.callback, converters


def iter_unnamed_urls(resolver=None, prefix=""):
    """Yield the route of every URL pattern without a name (they escape the access matrix)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace != "admin":
                yield from iter_unnamed_urls(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and not entry.name:
            yield prefix + str(entry.pattern)


def totp_device_for(user, *, key=None):
    """A fresh, confirmed authenticator-app device for `user` (an earlier one is replaced, so
    no code of this time step has been used yet)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp.util import random_hex

    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name="default", key=key or random_hex(20))


def pass_second_factor(client, user):
    """Mark the session of a test client logged in as `user` as having passed the second
    factor with the user's app, as the login form does after the right code."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from relatieloket.middleware import LAST_ACTIVITY_KEY
    from relatieloket.security import DEMO_TOTP_KEY

    # The demo key counts only with DEBUG=True, and tests run with DEBUG=False.
    devices = TOTPDevice.objects.filter(user=user, confirmed=True).exclude(key=DEMO_TOTP_KEY)
    device = devices.first() or TOTPDevice.objects.create(user=user, name="default")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[LAST_ACTIVITY_KEY] = int(time.time())
    session.save()


def browser_login(page, live_server, username, password=DEMO_PASSWORD):
    """Log in through the real login form: password, then the code of the user's app."""
    from django.contrib.auth import get_user_model

    device = totp_device_for(get_user_model().objects.get(username=username))
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code uit uw authenticator-app").fill(totp_code(device.key))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")


def assert_no_axe_violations(page):
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page and fail on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
    return results
