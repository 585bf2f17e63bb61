"""Writes of the portal package: role groups and their permissions, second-factor devices."""

from fnmatch import fnmatchcase

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .roles import Role

_COUNSELLOR = [
    "intake.*_visit",
    "intake.*_traject",
    "intake.*_session",
    "intake.*_activity",
    "intake.*_feedback*",
    "intake.view_desk",
    "intake.view_location",
    "referrals.view_organisation",
    "referrals.view_municipality",
    "referrals.*_referral",
]

# Patterns of "app_label.codename"; a model added later is covered by its pattern.
ROLE_PERMISSIONS = {
    Role.COUNSELLOR: _COUNSELLOR,
    Role.COORDINATOR: [
        *_COUNSELLOR,
        "intake.*_location",
        "intake.*_weeklyhour",
        "intake.change_desk",
    ],
    Role.POLICY: [
        "intake.view_*",
        "referrals.view_*",
        "referrals.*_partnerreturn",
        "reports.*",
    ],
    Role.COUNCIL: ["reports.view_councilreport"],
    Role.ADMIN: [
        "referrals.*",
        "intake.*",
        "reports.*",
        "evaluation.*",
        "relatieloket.*_user",
        "auth.view_group",
    ],
}


def role_groups_sync(*, using="default") -> list[Group]:
    """Create the role groups if missing and give each exactly the permissions of its patterns."""
    permissions = list(
        Permission.objects.using(using).select_related("content_type").order_by("pk")
    )
    groups = []
    with transaction.atomic(using=using):
        for role, patterns in ROLE_PERMISSIONS.items():
            group, _created = Group.objects.using(using).get_or_create(name=role.value)
            wanted = [
                p
                for p in permissions
                if any(
                    fnmatchcase(f"{p.content_type.app_label}.{p.codename}", pat) for pat in patterns
                )
            ]
            group.permissions.set(wanted)
            groups.append(group)
    return groups


RECOVERY_CODE_COUNT = 10


def recovery_codes_renew(*, user) -> list[str]:
    """Replace the user's one-time recovery codes (django-otp static tokens) by new ones."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": "backup"}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_reset(*, user, actor=None) -> None:
    """Remove a user's app and recovery codes: at the next login the user links an app again."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from audit.services import Action, record

    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record(actor=actor, action=Action.RESET_SECOND_FACTOR, obj=user)


def login_unlock(*, user, actor=None) -> None:
    """Lift a lockout after too many failed logins (django-axes), recorded in the audit trail."""
    from axes.utils import reset as axes_reset

    from audit.services import Action, record

    with transaction.atomic():
        axes_reset(username=user.username)
        record(actor=actor, action=Action.UNLOCK, obj=user)


def user_staff_sync(*, user) -> None:
    """`is_staff` (entry to the admin) follows the functional-admin role; superusers keep it."""
    staff = user.is_superuser or user.groups.filter(name=Role.ADMIN.value).exists()
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
