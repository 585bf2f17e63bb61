"""The OpenID Connect backend: an account per `sub`, roles and municipalities from claims."""

import hashlib

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from audit.services import record_create
from referrals.models import Municipality
from relatieloket.roles import Role

from . import claims as claim_rules
from .models import OidcIdentity

SECOND_FACTOR_ATTRIBUTE = "municipal_login_second_factor"


def _username(claims, sub):
    wanted = str(claims.get("preferred_username") or "").strip()[:100]
    users = get_user_model()._default_manager
    if wanted and not users.filter(username=wanted).exists():
        return wanted
    return "gemeente-" + hashlib.sha256(sub.encode()).hexdigest()[:16]


class MunicipalOIDCBackend(OIDCAuthenticationBackend):
    """Users are matched on `sub` only (never on e-mail or name). A login whose groups map to
    no portal role makes no account and is refused with a Dutch message; an existing account
    then keeps no role either."""

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**self.get_userinfo(access_token, id_token, payload), **payload}
        sub = str(claims.get("sub") or "")
        if not sub:
            return None
        roles = claim_rules.roles(claims)
        identity = OidcIdentity.objects.select_related("user").filter(sub=sub).first()
        if not roles:
            if identity is not None:
                identity.user.groups.remove(*Group.objects.filter(name__in=Role.values))
            messages.error(
                self.request,
                _(
                    "Your municipal account has no role in the Relatieloket portal. Ask the "
                    "functional administrator of your municipality to add you to a group."
                ),
            )
            return None
        with transaction.atomic():
            if identity is None:
                user = get_user_model().objects.create_user(
                    username=_username(claims, sub), password=None
                )
                identity = OidcIdentity.objects.create(user=user, sub=sub)
                record_create(actor=None, obj=user)
            user = identity.user
            if not user.is_active:
                return None
            groups = [Group.objects.get_or_create(name=role.value)[0] for role in roles]
            user.groups.remove(*Group.objects.filter(name__in=Role.values))
            user.groups.add(*groups)
            user.municipalities.set(
                Municipality.objects.filter(cbs_code__in=claim_rules.municipality_codes(claims))
            )
        setattr(self.request, SECOND_FACTOR_ATTRIBUTE, claim_rules.second_factor_done(claims))
        return user

    def filter_users_by_claims(self, claims):  # not used: get_or_create_user matches on sub
        return get_user_model().objects.none()
