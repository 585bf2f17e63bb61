from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("municipal_login/_login_link.html")
def municipal_login_link(next_url=""):
    return {"enabled": settings.OIDC_ENABLED, "next": next_url}
