"""seed_demo: idempotent demo data; every demo user logs in and sees only their navigation."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from intake.models import Desk, WeeklyHour
from relatieloket import demo

from .test_login_security import LOGIN_STEP, post_password

pytestmark = pytest.mark.django_db

# username -> (labels the navigation must show, labels it must not show)
NAVIGATION = {
    "hulpverlener": (
        ["Mijn loket"],
        ["Dashboard", "Raadsinformatiebrieven", "Locaties en spreekuren"],
    ),
    "coordinator": (
        ["Mijn loket", "Locaties en spreekuren", "Dashboard"],
        ["Raadsinformatiebrieven", "Verwijsstromen"],
    ),
    "beleid": (["Dashboard"], ["Mijn loket", "Raadsinformatiebrieven"]),
    "raadslid": (["Raadsinformatiebrieven"], ["Mijn loket", "Dashboard"]),
}


@override_settings(DEBUG=True)
def _seed(capsys=None):
    call_command("seed_demo", "--password", "demo-pass-123")


def _demo_login(client, username):
    """Password, then the demo code: the two steps a demo user takes."""
    post_password(client, username, "demo-pass-123")
    return client.post(
        reverse("login"),
        {LOGIN_STEP: "token", "token-otp_token": demo.demo_totp_code()},
        follow=True,
    )


def test_seed_demo_is_idempotent_and_prints_logins(capsys):
    _seed()
    first = (get_user_model().objects.count(), Desk.objects.count(), WeeklyHour.objects.count())
    _seed()
    out = capsys.readouterr().out
    assert (
        get_user_model().objects.count(),
        Desk.objects.count(),
        WeeklyHour.objects.count(),
    ) == first
    for username in ["hulpverlener", "coordinator", "beleid", "raadslid", "beheerder"]:
        assert username in out
    assert "demo-pass-123" in out
    friday = WeeklyHour.objects.get(location__name="Brouwersdijk")
    with translation.override("nl"):
        label = str(friday)
    assert (friday.weekday, label, friday.location.desk.municipality.cbs_code) == (
        5,
        "vrijdag 10:00–12:00",
        "GM0505",
    )


@override_settings(DEBUG=False)
def test_seed_demo_refuses_without_debug():
    with pytest.raises(CommandError, match="refuses to run with DEBUG=False"):
        call_command("seed_demo")
    assert not get_user_model().objects.filter(username="hulpverlener").exists()


@pytest.mark.parametrize("username", list(NAVIGATION))
@override_settings(DEBUG=True)
def test_each_demo_user_logs_in_and_sees_only_their_navigation(client, username):
    _seed()
    response = _demo_login(client, username)
    assert response.status_code == 200
    assert response.context["user"].username == username
    nav = [item["label"] for item in response.context["nav_items"]]
    shown, hidden = NAVIGATION[username]
    for label in shown:
        assert label in nav
    for label in hidden:
        assert label not in nav


@override_settings(DEBUG=True)
def test_functional_admin_starts_in_the_admin(client):
    _seed()
    response = _demo_login(client, "beheerder")
    assert response.redirect_chain[-1][0] == reverse("admin:index")


def test_counsellor_start_page_shows_own_desk_and_walk_in_hour(client):
    _seed()
    client.login(username="hulpverlener", password="demo-pass-123")
    page = client.get(reverse("intake:start")).content.decode()
    assert "Adviespunt SKO Dordrecht" in page
    assert "Brouwersdijk" in page and "vrijdag 10:00–12:00" in page
    assert "Relatieloket Hendrik-Ido-Ambacht" not in page


def test_wrong_password_gets_a_dutch_error(client):
    _seed()
    response = post_password(client, "beleid", "wrong")
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
