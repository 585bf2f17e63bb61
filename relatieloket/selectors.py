"""Reads of the portal package."""

from django_otp.plugins.otp_static.models import StaticToken


def recovery_codes_left(*, user) -> int:
    """How many of the user's one-time recovery codes are still unused."""
    return StaticToken.objects.filter(device__user=user).count()
