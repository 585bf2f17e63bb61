"""Shared fixtures: one user per role, desks, and the Chromium browser for end-to-end tests."""

import os
import shutil

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.test import Client

from relatieloket.roles import Role

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Playwright's sync API runs an event loop in the test thread, and Django refuses ORM calls
# from a thread with a running loop. The portal has no async code; the test's own fixture
# and assertion queries are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _audit_trail_emptied_before_flush(request):
    """The audit trail is append-only; transactional tests empty it before their flush."""
    from audit.testing import empty_trail_before_flush

    yield from empty_trail_before_flush(request)


@pytest.fixture(autouse=True)
def _test_client_logins_pass_the_second_factor(monkeypatch):
    """`client.force_login(user)` and `client.login(...)` give a session that has passed the
    second factor, so tests of pages need not go through it. The login itself, the second
    factor and the lockout are tested through the real forms in relatieloket/tests."""
    from relatieloket.testing import pass_second_factor

    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        pass_second_factor(self, user)

    def login_verified(self, **credentials):
        # As Client.login, with a request: the lockout backend needs one.
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        user = authenticate(request, **credentials)
        if user is None:
            return False
        force_login(self, user, user.backend)
        pass_second_factor(self, user)
        return True

    monkeypatch.setattr(Client, "force_login", force_login_verified)
    monkeypatch.setattr(Client, "login", login_verified)


@pytest.fixture
def make_user(db, django_user_model):
    """Create a user with a role; `desks` and `municipalities` set their scope."""

    def make(role=None, *, username=None, desks=(), municipalities=(), **extra):
        username = username or f"{role or 'norole'}-{django_user_model.objects.count() + 1}"
        user = django_user_model.objects.create_user(
            username=username, password="test-pass-123", is_staff=role == Role.ADMIN, **extra
        )
        if role:
            user.groups.add(Group.objects.get_or_create(name=Role(role).value)[0])
        for desk in desks:
            desk.staff.add(user)
        user.municipalities.set(municipalities)
        return user

    return make


@pytest.fixture
def dordrecht(db):
    """Dordrecht (GM0505). Browser tests run in transactions whose flush removes migration
    data, so fixtures re-create what they use instead of relying on it."""
    from referrals.models import Municipality

    return Municipality.objects.get_or_create(cbs_code="GM0505", defaults={"name": "Dordrecht"})[0]


@pytest.fixture
def role_client(client, make_user):
    """A test client logged in as a fresh user with the given role."""

    def login(role, **scope):
        user = make_user(role, **scope)
        client.force_login(user)
        client.user = user
        return client

    return login


# --- browser tests -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it with 'apt-get install -y chromium' "
            "(the browser tests need it)."
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}
