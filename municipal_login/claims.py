"""What the provider's claims mean for the portal: roles, municipalities, second factor."""

from django.conf import settings

from relatieloket.roles import Role

# The functional admin logs in locally with the portal's second factor, never through here.
MAPPABLE_ROLES = frozenset(Role) - {Role.ADMIN}


def _values(claims, name):
    value = claims.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    return [str(item) for item in value]


def roles(claims) -> set:
    """The portal roles of the groups in the configured claim (OIDC_GROUPS_CLAIM), mapped by
    OIDC_GROUP_ROLES (group name -> role); unknown groups give nothing."""
    mapping = settings.OIDC_GROUP_ROLES
    found = set()
    for group in _values(claims, settings.OIDC_GROUPS_CLAIM):
        role = mapping.get(group)
        if role in Role.values and Role(role) in MAPPABLE_ROLES:
            found.add(Role(role))
    return found


def municipality_codes(claims) -> set:
    """CBS codes (GM0505) of the municipalities in OIDC_MUNICIPALITIES_CLAIM."""
    return {code.upper() for code in _values(claims, settings.OIDC_MUNICIPALITIES_CLAIM)}


def second_factor_done(claims) -> bool:
    """True when `amr` names a second factor (RFC 8176) or `acr` is a level that has one."""
    amr = set(_values(claims, "amr"))
    acr = claims.get("acr")
    return bool(amr & set(settings.OIDC_MFA_AMR_VALUES)) or acr in settings.OIDC_MFA_ACR_VALUES
