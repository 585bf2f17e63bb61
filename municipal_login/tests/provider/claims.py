"""The claims of the test provider, from the user's groups (see settings)."""


def _groups(user):
    return list(user.groups.values_list("name", flat=True))


def id_token_claims(id_token, user, **kwargs):
    groups = _groups(user)
    id_token["groups"] = [g for g in groups if g != "mfa" and not g.startswith("gemeente:")]
    id_token["municipalities"] = [g.split(":", 1)[1] for g in groups if g.startswith("gemeente:")]
    id_token["amr"] = ["pwd", "otp"] if "mfa" in groups else ["pwd"]
    id_token["preferred_username"] = user.username
    return id_token


def userinfo(claims, user):
    claims["preferred_username"] = user.username
    claims["name"] = user.get_full_name()
    return claims
