"""The municipal login against a real OpenID Connect provider (django-oidc-provider in a
process of its own on 127.0.0.1, see tests/provider): login, role mapping, the provider's
second factor, a user without a known group refused in Dutch, logout."""

import os
import re
import socket
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import TOTP

from municipal_login import claims
from municipal_login.models import OidcIdentity
from relatieloket.roles import Role, user_roles
from relatieloket.testing import totp_device_for

pytestmark = pytest.mark.django_db

CLIENT_ID, CLIENT_SECRET = "relatieloket", "test-client-secret"
PASSWORD = "gemeente-wachtwoord-1"
PROVIDER_SETUP = f"""
from django.contrib.auth.models import Group, User
from oidc_provider.models import Client, ResponseType
people = {{
    "jdevries": ["beleidsmedewerker", "gemeente:GM0505", "mfa"],
    "pjansen": ["hulpverlener"],
    "kbakker": ["gemeente-intranet"],
    "beheer": ["functioneel-beheerder", "mfa"],
}}
for name, groups in people.items():
    user = User.objects.create_user(name, password="{PASSWORD}")
    user.groups.set([Group.objects.get_or_create(name=g)[0] for g in groups])
client = Client.objects.create(
    name="Relatieloket", client_id="{CLIENT_ID}", client_secret="{CLIENT_SECRET}",
    client_type="confidential", jwt_alg="RS256", require_consent=False,
    _redirect_uris="http://testserver/inloggen/gemeente/terug/",
    _post_logout_redirect_uris="http://testserver/inloggen/",
)
client.response_types.add(ResponseType.objects.get(value="code"))
"""


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def provider(tmp_path_factory):
    """The provider's base URL; the process runs for the whole test session."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "municipal_login.tests.provider.settings",
        "PROVIDER_DB": str(tmp_path_factory.mktemp("provider") / "provider.sqlite3"),
        "PROVIDER_URL": base,
        "PYTHONPATH": str(django_settings.BASE_DIR),
    }
    django = [sys.executable, "-m", "django"]
    for command in (["migrate", "-v0"], ["creatersakey"], ["shell", "-v0", "-c", PROVIDER_SETUP]):
        subprocess.run(django + command, env=env, check=True, capture_output=True, timeout=120)
    server = subprocess.Popen(
        [*django, "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                if requests.get(f"{base}/openid/.well-known/openid-configuration", timeout=2).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)
        else:
            pytest.fail("the OpenID Connect provider did not start")
        yield base, env
    finally:
        server.terminate()
        server.wait(timeout=10)


def provider_groups(provider, username, groups):
    """Change a user's groups at the provider (its administrator's doing)."""
    _base, env = provider
    script = (
        "from django.contrib.auth.models import Group, User\n"
        f"u = User.objects.get(username={username!r})\n"
        f"u.groups.set([Group.objects.get_or_create(name=g)[0] for g in {groups!r}])\n"
    )
    subprocess.run(
        [sys.executable, "-m", "django", "shell", "-v0", "-c", script],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture
def oidc(provider, settings):
    provider, _env = provider
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/openid/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/openid/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/openid/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/openid/jwks"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{provider}/openid/end-session"
    return provider


def municipal_login(client, username, browser=None):
    """Through the portal's button, the provider's login form and back; returns the portal's
    answer to the provider's redirect and the browser session at the provider."""
    browser = browser or requests.Session()
    start = client.get(reverse("municipal_login:start"))
    assert start.status_code == 302
    to_login = browser.get(start["Location"], allow_redirects=False)
    assert to_login.status_code == 302 and "/login/" in to_login.headers["Location"]
    login_url = urlsplit(start["Location"])._replace(
        path="/login/", query=urlsplit(to_login.headers["Location"]).query
    )
    page = browser.get(login_url.geturl())
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = browser.post(
        login_url.geturl(),
        data={
            "csrfmiddlewaretoken": csrf,
            "username": username,
            "password": PASSWORD,
            "next": parse_qs(login_url.query)["next"][0],
        },
        allow_redirects=False,
    )
    # Follow the provider's redirects up to the one to the portal (the test client's server).
    redirect = answer.headers.get("Location", "")
    while redirect and not redirect.startswith("http://testserver/"):
        redirect = browser.get(
            requests.compat.urljoin(answer.url, redirect), allow_redirects=False
        ).headers.get("Location", "")
    assert redirect.startswith("http://testserver/inloggen/gemeente/terug/"), redirect
    parts = urlsplit(redirect)
    return client.get(f"{parts.path}?{parts.query}"), browser


def test_login_with_the_providers_second_factor_maps_roles_and_asks_no_code(client, oidc):
    response, _browser = municipal_login(client, "jdevries")
    assert response.status_code == 302 and response["Location"] == "/"
    user = get_user_model().objects.get(oidc_identity__isnull=False)
    identity = OidcIdentity.objects.get(user=user)
    assert identity.sub and user.username == "jdevries" and not user.has_usable_password()
    assert user_roles(user) == {Role.POLICY}
    assert list(user.municipalities.values_list("cbs_code", flat=True)) == ["GM0505"]
    # The provider asked a second factor (amr otp): the dashboard opens without the portal's.
    assert client.get(reverse("reports:start")).status_code == 200

    # A second login matches on sub: the same account, no second one.
    client.logout()
    municipal_login(client, "jdevries")
    assert OidcIdentity.objects.count() == 1 and get_user_model().objects.count() == 1


def test_without_the_providers_second_factor_the_portal_asks_its_own(client, oidc):
    response, _browser = municipal_login(client, "pjansen")
    assert response["Location"] == reverse("municipal_login:code")
    user = OidcIdentity.objects.get().user
    assert user_roles(user) == {Role.COUNSELLOR}
    # No page with data before the code; the first time, the app is set up.
    assert client.get(reverse("intake:start")).status_code == 302
    assert client.get(reverse("municipal_login:code"))["Location"] == reverse("second_factor_setup")
    device = totp_device_for(user)
    # With the app set up, a page leads to the code (there is no password to log in again with).
    response = client.get(reverse("intake:start"))
    assert response["Location"] == reverse("municipal_login:code")
    page = client.get(reverse("municipal_login:code"))
    assert page.status_code == 200 and "geen tweede factor" in page.content.decode()
    wrong = client.post(reverse("municipal_login:code"), {"otp_token": "000000"})
    assert wrong.status_code == 200 and "otp_token" in wrong.content.decode()
    time.sleep(1.2)  # the app's throttle: one second after a wrong code
    code = f"{TOTP(device.bin_key, step=device.step, t0=device.t0, digits=6).token():06d}"
    response = client.post(reverse("municipal_login:code"), {"otp_token": code})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get(reverse("intake:start")).status_code == 200


def test_a_user_without_a_known_group_is_refused_in_dutch(client, oidc):
    response, _browser = municipal_login(client, "kbakker")
    assert response.status_code == 302 and response["Location"] == "/inloggen/"
    assert not get_user_model().objects.exists()
    page = client.get("/inloggen/").content.decode()
    assert "Uw gemeentelijke account heeft geen rol in het Relatieloket-portaal" in page
    # The functional admin is no group a provider can hand out: refused the same way.
    municipal_login(client, "beheer")
    assert not get_user_model().objects.exists()


def test_logout_ends_the_portal_session_and_the_providers(client, oidc):
    _response, browser = municipal_login(client, "jdevries")
    assert client.get(reverse("reports:start")).status_code == 200
    response = client.post(reverse("municipal_login:logout"))
    assert response.status_code == 302
    end_session = response["Location"]
    assert end_session.startswith(f"{oidc}/openid/end-session?")
    assert "id_token_hint=" in end_session
    assert client.get(reverse("reports:start")).status_code == 302
    back = browser.get(end_session, allow_redirects=False)
    assert back.status_code == 302 and back.headers["Location"].startswith(
        "http://testserver/inloggen/"
    )
    # Logged out at the provider too: a new login asks for the password again.
    again = client.get(reverse("municipal_login:start"))
    assert "/login/" in browser.get(again["Location"], allow_redirects=False).headers["Location"]


def test_roles_follow_the_providers_groups_at_every_login(client, oidc, provider):
    municipal_login(client, "pjansen")
    user = OidcIdentity.objects.get().user
    assert user_roles(user) == {Role.COUNSELLOR}
    try:
        provider_groups(provider, "pjansen", ["coordinator", "mfa"])
        client.logout()
        municipal_login(client, "pjansen")
        user = get_user_model().objects.get(pk=user.pk)
        assert user_roles(user) == {Role.COORDINATOR}
        # Out of every known group: refused, and the account keeps no role.
        provider_groups(provider, "pjansen", ["gemeente-intranet"])
        client.logout()
        response, _browser = municipal_login(client, "pjansen")
        assert response["Location"] == "/inloggen/"
        user = get_user_model().objects.get(pk=user.pk)
        assert user_roles(user) == set() and OidcIdentity.objects.count() == 1
    finally:
        provider_groups(provider, "pjansen", ["hulpverlener"])


def test_the_login_page_offers_the_municipal_login_only_when_configured(client, settings):
    settings.OIDC_ENABLED = False
    assert "gemeente-account" not in client.get("/inloggen/").content.decode()
    assert client.get(reverse("municipal_login:start"))["Location"] == reverse("login")
    settings.OIDC_ENABLED = True
    assert "Inloggen met uw gemeente-account" in client.get("/inloggen/").content.decode()


def test_claims_rules(settings):
    settings.OIDC_GROUP_ROLES = {
        "RL-Beleid": "beleidsmedewerker",
        "RL-Beheer": "functioneel-beheerder",
    }
    assert claims.roles({"groups": ["RL-Beleid", "Iets"]}) == {Role.POLICY}
    assert claims.roles({"groups": ["RL-Beheer"]}) == set()
    assert claims.second_factor_done({"amr": ["pwd", "otp"]})
    assert not claims.second_factor_done({"amr": ["pwd"]})
    assert claims.second_factor_done({"acr": "http://eidas.europa.eu/LoA/substantial"})
