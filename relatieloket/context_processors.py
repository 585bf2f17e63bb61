from .navigation import nav_for_user
from .roles import user_roles


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": frozenset()}
    return {"nav_items": nav_for_user(user, request.path), "user_roles": user_roles(user)}
