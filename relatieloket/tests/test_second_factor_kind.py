"""A typo in the second-factor code is forgiven a moment later; guessing stays throttled; the
account page says what to do when no recovery codes are left."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from relatieloket.roles import Role
from relatieloket.testing import totp_code, totp_device_for

from .test_login_security import is_logged_in, post_code, post_password

pytestmark = pytest.mark.django_db


@pytest.fixture
def counsellor(make_user):
    return make_user(Role.COUNSELLOR, username="hanna")


def _wrong(device):
    return "123456" if totp_code(device.key) != "123456" else "654321"


def _seconds_since_failure(device, seconds):
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=seconds)
    )


def test_one_wrong_code_then_the_right_one_within_a_second_logs_in(client, counsellor):
    device = totp_device_for(counsellor)
    post_password(client, "hanna")
    wrong = post_code(client, _wrong(device))
    assert "Deze code klopt niet" in wrong.content.decode()
    _seconds_since_failure(device, 0.5)  # the user retypes it half a second later
    response = post_code(client, totp_code(device.key))
    assert "Te veel verkeerde codes" not in response.content.decode()
    assert response.status_code == 302 and is_logged_in(client)


def test_guessing_is_still_slowed_down(client, counsellor):
    device = totp_device_for(counsellor)
    post_password(client, "hanna")
    for _ in range(6):
        _seconds_since_failure(device, 60)
        post_code(client, _wrong(device))
    # After six wrong codes the next try waits 0.2 × 2⁵ = 6.4 s: half a second is too soon.
    _seconds_since_failure(device, 0.5)
    response = post_code(client, totp_code(device.key))
    assert "Te veel verkeerde codes" in response.content.decode()
    assert not is_logged_in(client)


def test_the_account_page_says_what_to_do_without_recovery_codes(client, counsellor):
    client.force_login(counsellor)
    StaticToken.objects.filter(device__user=counsellor).delete()
    html = client.get(reverse("account")).content.decode()
    assert "0 ongebruikte herstelcodes" not in html
    assert "geen herstelcodes meer" in html
    assert reverse("recovery_codes") in html
