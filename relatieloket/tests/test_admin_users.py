"""The functional admin manages users and role groups through the admin, over HTTP, and can
never make anyone a superuser, staff beyond the role, or give raw permissions."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from relatieloket.roles import Role
from relatieloket.services import recovery_codes_renew
from relatieloket.testing import totp_device_for

from .test_login_security import post_password

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(Role.ADMIN, username="bea"))
    return client


def _change(client, user, **fields):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
        **fields,
    }
    url = reverse("admin:relatieloket_user_change", args=[user.pk])
    return client.post(url, {k: v for k, v in data.items() if v is not None})


def test_the_user_form_offers_no_superuser_staff_or_permission_fields(admin_client, make_user):
    user = make_user(Role.COUNSELLOR)
    html = admin_client.get(reverse("admin:relatieloket_user_change", args=[user.pk])).content
    html = html.decode()
    for field in ("is_superuser", "is_staff", "user_permissions"):
        assert f'name="{field}"' not in html
    assert 'name="groups"' in html


def test_posting_superuser_staff_and_permissions_changes_nothing(admin_client, make_user):
    user = make_user(Role.COUNSELLOR)
    permission = Permission.objects.get(codename="delete_user")
    response = _change(
        admin_client,
        user,
        first_name="Hanna",
        is_superuser="on",
        is_staff="on",
        user_permissions=[permission.pk],
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.first_name == "Hanna"  # the form was saved ...
    assert not user.is_superuser and not user.is_staff  # ... without these
    assert not user.user_permissions.exists()
    assert not user.has_perm("relatieloket.delete_user")


def test_only_role_groups_can_be_given(admin_client, make_user):
    user = make_user(Role.COUNSELLOR)
    other = Group.objects.create(name="all-powerful")
    other.permissions.set(Permission.objects.all())
    response = _change(admin_client, user, groups=[other.pk])
    assert response.status_code == 200  # the form refuses the choice
    assert "all-powerful" not in response.content.decode()
    assert not user.groups.filter(pk=other.pk).exists()


def test_staff_follows_the_functional_admin_role(admin_client, make_user):
    user = make_user(Role.COUNSELLOR)
    admin_group = Group.objects.get(name=Role.ADMIN.value)
    _change(admin_client, user, groups=[admin_group.pk])
    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser
    _change(admin_client, user, groups=[Group.objects.get(name=Role.POLICY.value).pk])
    user.refresh_from_db()
    assert not user.is_staff


def test_superusers_are_invisible_to_the_functional_admin(admin_client):
    root = get_user_model().objects.create_superuser("root", password="root-pass-123")
    changelist = admin_client.get(reverse("admin:relatieloket_user_changelist")).content.decode()
    assert "root" not in changelist
    for name in ("admin:relatieloket_user_change", "admin:auth_user_password_change"):
        url = reverse(name, args=[root.pk])
        assert admin_client.get(url).status_code in (302, 404)
        response = admin_client.post(url, {"password1": "x", "password2": "x"})
        assert response.status_code in (302, 404)
    root.refresh_from_db()
    assert root.check_password("root-pass-123") and root.is_superuser


def test_groups_are_read_only_for_the_functional_admin(admin_client):
    assert admin_client.get(reverse("admin:auth_group_add")).status_code == 403
    group = Group.objects.get(name=Role.COUNSELLOR.value)
    before = set(group.permissions.values_list("pk", flat=True))
    url = reverse("admin:auth_group_change", args=[group.pk])
    admin_client.post(url, {"name": "x", "permissions": [p.pk for p in Permission.objects.all()]})
    group.refresh_from_db()
    assert group.name == Role.COUNSELLOR.value
    assert set(group.permissions.values_list("pk", flat=True)) == before


def test_reset_second_factor_action(admin_client, make_user):
    user = make_user(Role.COUNSELLOR)
    totp_device_for(user)
    recovery_codes_renew(user=user)
    response = admin_client.post(
        reverse("admin:relatieloket_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [user.pk]},
        follow=True,
    )
    assert "Tweede factor gereset voor 1 gebruiker" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()


def test_unlock_login_action(admin_client, make_user, client):
    from django.test import Client

    user = make_user(Role.COUNSELLOR, username="hanna")
    attacker = Client()
    for _ in range(5):
        post_password(attacker, "hanna", "wrong", REMOTE_ADDR="10.2.2.2")
    assert post_password(Client(), "hanna", REMOTE_ADDR="10.3.3.3").status_code == 429
    admin_client.post(
        reverse("admin:relatieloket_user_changelist"),
        {"action": "unlock_login", "_selected_action": [user.pk]},
    )
    assert not AccessAttempt.objects.filter(username="hanna").exists()
    assert post_password(Client(), "hanna", REMOTE_ADDR="10.3.3.3").status_code == 302


def _entries(user):
    from audit.models import AuditEntry

    return list(
        AuditEntry.objects.filter(content_type__model="user", object_id=str(user.pk)).values_list(
            "action", "actor_username", "fields"
        )
    )


def test_user_changes_resets_and_unlocks_are_in_the_audit_trail(admin_client, make_user):
    user = make_user(Role.COUNSELLOR, username="joost")
    policy = Group.objects.get(name=Role.POLICY.value)
    response = _change(admin_client, user, first_name="Joost", groups=[policy.pk], _save="Opslaan")
    assert response.status_code == 302
    totp_device_for(user)
    changelist = reverse("admin:relatieloket_user_changelist")
    for action in ("reset_second_factor", "unlock_login"):
        admin_client.post(changelist, {"action": action, "_selected_action": [user.pk]})
    entries = _entries(user)
    assert ("update", "bea", ["first_name", "groups"]) in entries
    assert ("reset_2fa", "bea", []) in entries
    assert ("unlock", "bea", []) in entries
