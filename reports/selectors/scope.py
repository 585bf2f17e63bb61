"""Whose figures a user may see on the dashboard: municipalities and desks in scope."""

from intake.models import Desk


def dashboard_scope(*, user):
    """(municipalities, desks) whose figures a user may see on the dashboard.

    Policy staff see every desk of their municipalities; a coordinator sees only the desks they
    work at (DESIGN: "their desk's dashboard"), with those desks' municipalities.
    """
    from referrals.models import Municipality
    from relatieloket.roles import Role, has_role

    if has_role(user, Role.POLICY):
        municipalities = user.municipalities.all()
        return municipalities, Desk.objects.filter(municipality__in=municipalities)
    desks = Desk.objects.filter(staff=user) if user.is_authenticated else Desk.objects.none()
    return Municipality.objects.filter(desks__in=desks).distinct(), desks


def desks_in_scope(*, desks, municipalities, desk=None):
    """The desks of a selection: those in scope in the chosen municipalities, or the one desk."""
    desks = desks.filter(municipality__in=municipalities)
    return desks.filter(pk=desk.pk) if desk else desks
