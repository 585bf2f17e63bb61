"""Roles of the portal and the one way a view declares who may use it (deny by default).

Every view is wrapped by `allow(...)` or `public(...)`; the access-matrix test reads the
declaration from the URL configuration and fails for a view that has none.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The five roles; the value is the name of the Django group that carries the role."""

    COUNSELLOR = "hulpverlener", _("counsellor")
    COORDINATOR = "coordinator", _("coordinator")
    POLICY = "beleidsmedewerker", _("policy staff")
    COUNCIL = "raadslid", _("council member")
    ADMIN = "functioneel-beheerder", _("functional admin")


DESK_ROLES = (Role.COUNSELLOR, Role.COORDINATOR)


def user_roles(user) -> frozenset:
    """The roles of a user, from group membership, cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(Role(name) for name in names if name in Role.values)
        user._portal_roles = cached
    return cached


def has_role(user, *roles) -> bool:
    return bool(user_roles(user) & set(roles))


def allow(*roles):
    """Decorate a view function so that only users with one of `roles` may use it.

    Anonymous users are sent to the login page; signed-in users without the role get 403.
    """
    allowed = frozenset(Role(r) for r in roles)
    if not allowed:
        raise ValueError("allow() needs at least one role; use public() for open views.")

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not user_roles(request.user) & allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = allowed
        wrapper.is_public = False
        return wrapper

    return decorator


def public(view):
    """Mark a view as open to everyone, including anonymous visitors (login, feedback)."""
    view.allowed_roles = frozenset(Role)
    view.is_public = True
    return view


def declared_access(view):
    """Return (allowed_roles, is_public) of a resolved view, or None if it declares nothing."""
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "func", None)):
        if candidate is not None and hasattr(candidate, "allowed_roles"):
            return candidate.allowed_roles, candidate.is_public
    return None
