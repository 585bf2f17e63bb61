"""Where the portal's logout of a municipal login goes: the provider's end-session endpoint
(OpenID Connect RP-initiated logout) when one is configured, else the portal's login page."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse


def provider_logout_url(request):
    login_page = request.build_absolute_uri(reverse("login"))
    if not settings.OIDC_OP_LOGOUT_ENDPOINT:
        return reverse("login")
    params = {"post_logout_redirect_uri": login_page, "client_id": settings.OIDC_RP_CLIENT_ID}
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(params)}"
