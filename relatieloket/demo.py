"""Demo users, one per role. Apps add their own demo data in `<app>/demo.py`."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .roles import Role
from .security import DEMO_TOTP_KEY, totp_code
from .services import role_groups_sync

# username, role, first name, last name, municipality scope (CBS codes: set by referrals/demo.py,
# the app that holds the municipalities)
DEMO_USERS = [
    ("hulpverlener", Role.COUNSELLOR, "Hanna", "Hulpverlener", []),
    ("hulpverlener-hia", Role.COUNSELLOR, "Hans", "Hulpverlener", []),
    ("coordinator", Role.COORDINATOR, "Cora", "Coördinator", []),
    # The Drechtsteden share the Adviespunt: one policy user sees them combined.
    ("beleid", Role.POLICY, "Bram", "Beleid", ["GM0505", "GM0531", "GM0590", "GM0642"]),
    ("raadslid", Role.COUNCIL, "Rosa", "Raadslid", ["GM0505"]),
    ("raadslid-hia", Role.COUNCIL, "Ruben", "Raadslid", ["GM0531"]),
    ("beheerder", Role.ADMIN, "Bea", "Beheerder", []),
]


def demo_totp_secret() -> str:
    """The demo users' TOTP key in base32, as an authenticator app takes it."""
    from base64 import b32encode
    from binascii import unhexlify

    return b32encode(unhexlify(DEMO_TOTP_KEY)).decode()


def demo_totp_code(*, at=None) -> str:
    """The code an authenticator app with the demo key shows now (or at `at`)."""
    return totp_code(DEMO_TOTP_KEY, at=at)


def seed(*, password, stdout=None):
    """Create or reset the demo users, each with the demo authenticator key (valid only with
    DEBUG=True); returns [(username, role label)]."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    role_groups_sync()
    User = get_user_model()
    created = []
    for username, role, first, last, _codes in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "is_active": True,
                "is_staff": role == Role.ADMIN,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=role.value)])
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="default", key=DEMO_TOTP_KEY)
        created.append((username, role.label))
    return created
