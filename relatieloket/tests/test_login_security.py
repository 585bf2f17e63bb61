"""Login through the real forms: password, second factor, recovery codes, lockout, idle timeout.

Other tests log in with `client.force_login` (conftest marks those sessions as having passed
the second factor); these go through the forms as a user or an attacker would.
"""

import logging
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from relatieloket.middleware import LAST_ACTIVITY_KEY
from relatieloket.roles import Role, declared_access
from relatieloket.testing import DEMO_PASSWORD, iter_named_urls, totp_code, totp_device_for

from .test_access import URL_KWARGS, world  # noqa: F401  (the fixture)
from .test_headers import inline_code

pytestmark = pytest.mark.django_db

LOGIN_STEP = "login_view-current_step"
SETUP_STEP = "second_factor_setup_view-current_step"


def post_password(client, username, password=DEMO_PASSWORD, *, next_url="", **extra):
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    data = {LOGIN_STEP: "auth", "auth-username": username, "auth-password": password}
    return client.post(url, data, **extra)


def post_code(client, code, *, step="token", next_url=""):
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {LOGIN_STEP: step, f"{step}-otp_token": code})


def is_logged_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def counsellor(make_user):
    return make_user(Role.COUNSELLOR, username="hanna")


# --- first login: set up the app, get recovery codes --------------------------------------


def test_first_login_sets_up_the_app_then_shows_recovery_codes_then_the_start_page(
    client, counsellor
):
    response = post_password(client, "hanna")
    assert response.status_code == 302
    # Signed in with the password only: every staff page leads to the setup.
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_setup"))

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Tweede factor instellen" in html and "<svg" in html  # the QR code, inline
    assert inline_code(html, set()) == []  # and drawn without style attributes
    secret = page.context["secret_key"]
    assert secret in html
    key = page.context["wizard"]["form"].key

    wrong = client.post(
        response["Location"], {SETUP_STEP: "generator", "generator-token": "000000"}
    )
    assert "Deze code klopt niet" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=counsellor).exists()

    done = client.post(
        response["Location"], {SETUP_STEP: "generator", "generator-token": totp_code(key)}
    )
    assert done.status_code == 302 and done["Location"].startswith(reverse("recovery_codes"))
    device = TOTPDevice.objects.get(user=counsellor)
    assert device.confirmed and device.key == key

    codes_page = client.get(done["Location"])
    codes = list(
        StaticToken.objects.filter(device__user=counsellor).values_list("token", flat=True)
    )
    assert len(codes) == 10
    assert all(code in codes_page.content.decode() for code in codes)
    assert "Uw authenticator-app is gekoppeld" in codes_page.content.decode()

    start = client.get(codes_page.context["next"])
    assert start.status_code == 302 and start["Location"] == reverse("intake:start")
    assert client.get(reverse("intake:start")).status_code == 200


def test_setup_keeps_where_the_user_was_going(client, counsellor):
    response = post_password(client, "hanna", next_url="/loket/contacten/")
    setup_url = client.get(response["Location"])["Location"]
    page = client.get(setup_url)
    key = page.context["wizard"]["form"].key
    done = client.post(setup_url, {SETUP_STEP: "generator", "generator-token": totp_code(key)})
    assert client.get(done["Location"]).context["next"] == "/loket/contacten/"


# --- later logins: password, then the code -------------------------------------------------


def test_later_login_asks_for_the_code_and_refuses_a_wrong_one(client, counsellor):
    device = totp_device_for(counsellor)
    response = post_password(client, "hanna")
    assert response.status_code == 200
    assert "Code uit uw authenticator-app" in response.content.decode()
    assert not is_logged_in(client)

    wrong = post_code(client, "123456" if totp_code(device.key) != "123456" else "654321")
    assert wrong.status_code == 200
    assert "Deze code klopt niet" in wrong.content.decode()
    assert not is_logged_in(client)

    # django-otp slows down guessing: after a wrong code the device waits a moment.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = post_code(client, totp_code(device.key))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("intake:start")).status_code == 200


def test_a_code_works_only_once(client, counsellor):
    device = totp_device_for(counsellor)
    code = totp_code(device.key)
    post_password(client, "hanna")
    post_code(client, code)
    assert is_logged_in(client)

    other = Client()
    post_password(other, "hanna")
    response = post_code(other, code)
    assert "Deze code klopt niet" in response.content.decode()
    assert not is_logged_in(other)


def test_login_with_a_recovery_code_once(client, counsellor):
    from relatieloket.services import recovery_codes_renew

    totp_device_for(counsellor)
    code = recovery_codes_renew(user=counsellor)[0]
    response = post_password(client, "hanna")
    assert "Een herstelcode gebruiken" in response.content.decode()
    backup = client.post(reverse("login"), {LOGIN_STEP: "token", "wizard_goto_step": "backup"})
    assert "Herstelcode" in backup.content.decode()
    response = post_code(client, code, step="backup")
    assert response.status_code == 302 and is_logged_in(client)
    assert not StaticToken.objects.filter(token=code).exists()

    other = Client()
    post_password(other, "hanna")
    other.post(reverse("login"), {LOGIN_STEP: "token", "wizard_goto_step": "backup"})
    response = post_code(other, code, step="backup")
    assert not is_logged_in(other)
    assert "Deze code klopt niet" in response.content.decode()


def test_recovery_codes_can_be_renewed_and_the_old_ones_stop_working(client, counsellor):
    from relatieloket.services import recovery_codes_renew

    old = recovery_codes_renew(user=counsellor)
    client.force_login(counsellor)
    response = client.post(reverse("recovery_codes"), follow=True)
    new = list(StaticToken.objects.filter(device__user=counsellor).values_list("token", flat=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert all(code in response.content.decode() for code in new)


# --- the second factor is required before any staff page ----------------------------------


def _staff_urls(scope):
    for name, _route, callback, _conv in iter_named_urls():
        access = declared_access(callback)
        if name.startswith("admin:") or access is None or access[1]:
            continue
        if name == "second_factor_setup":
            continue
        kwargs = URL_KWARGS[name](scope) if name in URL_KWARGS else {}
        yield name, reverse(name, kwargs=kwargs)
    yield "admin:index", reverse("admin:index")
    yield "admin:relatieloket_user_changelist", reverse("admin:relatieloket_user_changelist")


def test_no_staff_page_without_the_second_factor(client, make_user, world):  # noqa: F811
    """Without a device: every staff page (and the admin) sends to the setup, on GET and POST."""
    user = make_user(Role.ADMIN, desks=[world["desk"]], municipalities=[world["municipality"]])
    user.groups.add(*Group.objects.filter(name__in=Role.values))  # every role: no 403 first
    post_password(client, user.username)
    assert is_logged_in(client) and DEVICE_ID_SESSION_KEY not in client.session
    urls = list(_staff_urls(world))
    assert len(urls) > 30
    failures = []
    for name, url in urls:
        for method in (client.get, client.post):
            response = method(url)
            location = response.get("Location", "")
            if response.status_code != 302 or not location.startswith(
                reverse("second_factor_setup")
            ):
                failures.append((name, method.__name__, response.status_code, location))
    assert failures == []
    # Public pages stay open.
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("second_factor_setup")).status_code == 200


def test_a_session_without_the_code_is_logged_out_when_the_user_has_an_app(client, counsellor):
    totp_device_for(counsellor)
    client.force_login(counsellor)
    session = client.session
    del session[DEVICE_ID_SESSION_KEY]
    session.save()
    response = client.get(reverse("intake:start"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not is_logged_in(client)


def test_the_admin_login_form_is_not_a_way_around_the_second_factor(client, make_user):
    make_user(Role.ADMIN, username="bea")
    response = client.post(reverse("admin:login"), {"username": "bea", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not is_logged_in(client)


# --- lockout -------------------------------------------------------------------------------


def test_250_wrong_passwords_then_the_right_one_stays_locked_out(client, counsellor):
    statuses = [post_password(client, "hanna", f"wrong-{i}").status_code for i in range(250)]
    assert statuses[:4] == [200] * 4 and set(statuses[4:]) == {429}
    response = post_password(client, "hanna")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Inloggen geblokkeerd" in html and "Probeer het over 15 minuten opnieuw" in html
    assert not is_logged_in(client)


def test_lockout_per_user_from_any_address(client, counsellor):
    for i in range(5):
        post_password(client, "hanna", "wrong", REMOTE_ADDR=f"10.0.0.{i + 1}")
    response = post_password(Client(), "hanna", REMOTE_ADDR="10.0.9.9")
    assert response.status_code == 429


def test_lockout_per_address_for_any_user_name(client, counsellor, make_user):
    make_user(Role.POLICY, username="bram")
    for i in range(5):
        post_password(client, f"guess-{i}", "wrong", REMOTE_ADDR="10.1.1.1")
    assert post_password(Client(), "bram", REMOTE_ADDR="10.1.1.1").status_code == 429
    # Another address is not affected.
    assert post_password(Client(), "bram", REMOTE_ADDR="10.1.1.2").status_code == 302


def test_lockout_ends_after_the_cool_off_time(client, counsellor):
    for _ in range(5):
        post_password(client, "hanna", "wrong")
    assert post_password(client, "hanna").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert post_password(client, "hanna").status_code == 302


def test_failed_logins_are_logged_without_password_or_typed_text(client, counsellor, caplog):
    caplog.set_level(logging.INFO)
    post_password(client, "hanna", "Geheim-Wachtwoord-1")
    post_password(client, "mijn-wachtwoord-in-het-naamveld", "Geheim-Wachtwoord-2")
    log = "\n".join(record.getMessage() for record in caplog.records)
    assert "login failure" in log and "account: hanna" in log
    assert "account: unknown user name" in log
    for typed in ("Geheim-Wachtwoord", "mijn-wachtwoord-in-het-naamveld"):
        assert typed not in log
        for attempt in AccessAttempt.objects.all():
            assert typed not in f"{attempt.username} {attempt.get_data} {attempt.post_data}"


# --- idle timeout --------------------------------------------------------------------------


def _last_activity(client, seconds_ago):
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_idle_session_is_logged_out(client, counsellor):
    client.force_login(counsellor)
    _last_activity(client, 29 * 60)
    assert client.get(reverse("intake:start")).status_code == 200
    _last_activity(client, 31 * 60)
    response = client.get(reverse("intake:start"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not is_logged_in(client)
    page = client.get(response["Location"])
    assert "U bent uitgelogd omdat u 30 minuten niets hebt gedaan" in page.content.decode()


@override_settings(SESSION_IDLE_TIMEOUT=5 * 60)
def test_idle_timeout_is_configurable(client, counsellor):
    client.force_login(counsellor)
    _last_activity(client, 6 * 60)
    assert client.get(reverse("intake:start")).status_code == 302


# --- own password --------------------------------------------------------------------------


def test_change_own_password_from_the_header(client, counsellor):
    client.force_login(counsellor)
    page = client.get(reverse("intake:start")).content.decode()
    assert f'href="{reverse("account")}"' in page and "Mijn account" in page

    wrong = client.post(
        reverse("account"),
        {
            "old_password": "nope",
            "new_password1": "x7-Kwast-Lamp",
            "new_password2": "x7-Kwast-Lamp",
        },
    )
    assert "Uw oude wachtwoord is niet juist ingevoerd" in wrong.content.decode()
    response = client.post(
        reverse("account"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "x7-Kwast-Lamp",
            "new_password2": "x7-Kwast-Lamp",
        },
        follow=True,
    )
    assert "Uw wachtwoord is gewijzigd" in response.content.decode()
    assert is_logged_in(client)  # the current session stays
    counsellor.refresh_from_db()
    assert counsellor.check_password("x7-Kwast-Lamp")


# --- the demo's second factor --------------------------------------------------------------


def test_demo_code_passes_only_with_debug(client, capsys):
    from django.core.management import CommandError, call_command

    with override_settings(DEBUG=True):
        call_command("seed_demo", "--password", "demo-pass-123")
        out = capsys.readouterr().out
        assert "OJSWYYLUNFSWY33LMV2C2ZDFNVXS2MBR" in out and "make demo-code" in out
        call_command("demo_code")
        code = capsys.readouterr().out.strip()
        assert len(code) == 6 and code.isdigit()
        post_password(client, "beleid", "demo-pass-123")
        post_code(client, code)
        assert client.get(reverse("reports:start")).status_code == 200

    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG=False"):
        call_command("demo_code")

    user = get_user_model().objects.get(username="hulpverlener")
    from relatieloket import demo

    other = Client()
    with override_settings(DEBUG=False):
        post_password(other, user.username, "demo-pass-123")
        post_code(other, demo.demo_totp_code())
        response = other.get(reverse("intake:start"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not is_logged_in(other)
