"""Public pages a crowd can load: kept in the shared cache under the version of their data,
answered 304 to a browser or proxy that holds the current copy, and marked `public` for a
short time so a municipality's proxy or a browser may keep them.

The version is one cache entry, renewed in the same transaction as any change to what the
public pages show (desks, locations, walk-in hours and exceptions, organisations,
municipalities, council letters): the database cache lives in the same database, so the
new version is visible exactly when the new data is, and a new hour or letter shows at once.
"""

import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

VERSION_KEY = "public:data-version"
# The headers a stored page keeps besides its body and type.
KEPT_HEADERS = ("Content-Disposition", "Access-Control-Allow-Origin", "Content-Language")


def data_version():
    """The current version of the public data (one cache read)."""
    return cache.get_or_set(VERSION_KEY, lambda: uuid.uuid4().hex, timeout=None)


def data_changed(**kwargs):
    """Give the public data a new version: every stored page and validator is out of date.

    Also a signal receiver (see `PublicConfig.ready`); call it after a bulk `update()`.
    """
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _page_number(request):
    page = request.GET.get("page", "")
    return page if page.isdigit() and len(page) <= 4 else ""


def make_public(response, etag):
    """Headers that let a browser or proxy keep the page for PUBLIC_PAGE_MAX_AGE seconds."""
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    response.public_cacheable = True
    return response


def cached_page(view):
    """A public view's answer from the shared cache, keyed by address, language, page, day
    and data version; 304 when the request's If-None-Match names the current copy.

    Inside `public_page` (it needs `request.page_lang`); the view returns (response, origins).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.PUBLIC_PAGE_CACHE:
            return view(request, *args, **kwargs)
        ident = "|".join(
            (
                request.path,
                request.page_lang,
                _page_number(request),
                timezone.localdate().isoformat(),
                data_version(),
            )
        )
        digest = hashlib.sha256(ident.encode()).hexdigest()
        etag = f'"{digest[:32]}"'
        offered = parse_etags(request.headers.get("If-None-Match", ""))
        if etag in offered or f"W/{etag}" in offered:
            # The origins are the same for this address whatever the version: keep them.
            stored = cache.get(f"public:page:{digest}")
            origins = stored["origins"] if stored else view_origins(view, request, args, kwargs)
            return make_public(HttpResponseNotModified(), etag), origins
        key = f"public:page:{digest}"
        stored = cache.get(key)
        if stored is None:
            response, origins = view(request, *args, **kwargs)
            if response.status_code != 200 or response.cookies or response.streaming:
                return response, origins
            stored = {
                "body": response.content,
                "type": response["Content-Type"],
                "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
                "origins": tuple(origins),
            }
            cache.set(key, stored, timeout=settings.PUBLIC_PAGE_CACHE_TIMEOUT)
        response = HttpResponse(stored["body"], content_type=stored["type"])
        for name, value in stored["headers"].items():
            response[name] = value
        return make_public(response, etag), stored["origins"]

    return wrapper


def view_origins(view, request, args, kwargs):
    """The framing origins of a page no longer stored (rare: a 304 after the page was culled)."""
    return view(request, *args, **kwargs)[1]


def strip_vary_cookie(response):
    """Drop `Cookie` from Vary: a public page reads no cookie, whatever touched the session."""
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    kept = [v for v in vary if v.lower() != "cookie"]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif "Vary" in response:
        del response["Vary"]
    return response
