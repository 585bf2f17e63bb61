"""JSON logs with a request id, the user's id and roles, never free text or a form value.

One line per record (`JsonFormatter`), each carrying the id of the request it belongs to
(taken from a well-formed `X-Request-ID` set by the proxy, or a new one) and who made it (the
user's id and roles, never a name). `RequestLogMiddleware` writes one line per request with the
method, the URL's name (not the path: a feedback link's path holds its token), the status and
the duration; never a query string, a form field or a header value.
"""

import contextvars
import json
import logging
import re
import time
import traceback
import uuid

from .roles import user_roles

request_id_var = contextvars.ContextVar("request_id", default=None)
user_var = contextvars.ContextVar("log_user", default=None)

REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9-]{8,64}$")

logger = logging.getLogger("relatieloket.requests")


def _who():
    user = user_var.get()
    if user is None or not getattr(user, "is_authenticated", False):
        return None, []
    return user.pk, sorted(role.value for role in user_roles(user))


class JsonFormatter(logging.Formatter):
    """One JSON object per line. An exception is logged as its type and its frames (file,
    line, function): its message can quote a value, so it is left out."""

    def format(self, record):
        user_id, roles = _who()
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id_var.get(),
            "user_id": user_id,
            "roles": roles,
        }
        for key in ("method", "route", "status", "duration_ms"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _value, tb = record.exc_info
            entry["exception"] = f"{exc_type.__module__}.{exc_type.__qualname__}"
            entry["frames"] = [
                f"{frame.filename}:{frame.lineno}:{frame.name}"
                for frame in traceback.extract_tb(tb)
            ]
        return json.dumps(entry, ensure_ascii=False)


class RequestLogMiddleware:
    """Sets the request id (also sent back as `X-Request-ID`) and the user for every log line
    of the request, and logs the request itself. After the authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get(REQUEST_ID_HEADER, "")
        request_id = given if REQUEST_ID_PATTERN.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        id_token = request_id_var.set(request_id)
        user_token = user_var.set(getattr(request, "user", None))
        started = time.monotonic()
        try:
            response = self.get_response(request)
            match = request.resolver_match
            logger.info(
                "request",
                extra={
                    "method": request.method
                    if request.method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
                    else "OTHER",
                    "route": match.view_name if match else None,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            response["X-Request-ID"] = request_id
            return response
        finally:
            request_id_var.reset(id_token)
            user_var.reset(user_token)
