"""How every public page is served: no login, no cookie, Dutch or English by a link, and
embeddable only in the municipality's own website."""

from functools import wraps

from django.utils import translation
from django.views.decorators.http import require_safe

from .roles import public

LANGUAGES = ("nl", "en")


def page_language(request):
    """Dutch unless the link asks for English (`?lang=en`): no cookie, no session, no header
    guessing, so the same address always shows the same page."""
    lang = request.GET.get("lang", "nl")
    return lang if lang in LANGUAGES else "nl"


def allow_framing(response, origins):
    """Only `origins` may show the page in a frame (CSP frame-ancestors); none by default."""
    if origins:
        response._csp_replace = {"frame-ancestors": list(origins)}
        response.xframe_options_exempt = True
    return response


def public_page(view):
    """A public view in the language of its link; the view returns (response, origins)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        lang = page_language(request)
        with translation.override(lang):
            request.page_lang = lang
            response, origins = view(request, *args, **kwargs)
            response.headers.setdefault("Content-Language", lang)
        return allow_framing(response, origins)

    return public(require_safe(wrapper))
