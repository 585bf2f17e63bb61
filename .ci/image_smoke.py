"""Smoke test of a running portal container through HTTP only (standard library):

    python .ci/image_smoke.py BASE_URL TOTP_KEY_HEX USERNAME PASSWORD

Liveness and readiness answer, the login page is served, the user logs in through the real
forms (password, then the code of their authenticator app, computed here from the key) and
saves a visit with the quick-entry form. Requests carry X-Forwarded-Proto: https as the TLS
proxy in front of the portal would set. Prints one line per step; exits non-zero on failure.
"""

import hashlib
import hmac
import html
import json
import re
import struct
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Keeps the cookies itself: the portal's cookies are Secure, the hop is plain HTTP."""

    def __init__(self, base):
        self.base = base.rstrip("/")
        self.cookies = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, data=None):
        url = self.base + path
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(url, data=body)
        req.add_header("X-Forwarded-Proto", "https")
        req.add_header("Referer", "https://" + urllib.parse.urlsplit(url).netloc + path)
        if self.cookies:
            req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(req, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, response.read().decode("utf-8", "replace")

    def csrf(self, page):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert match, "no CSRF token in the form"
        return html.unescape(match.group(1))


def totp(key_hex, at=None):
    counter = int((at or time.time()) // 30)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def step(name, ok, detail=""):
    print(f"  {'ok  ' if ok else 'FAIL'} {name}{(': ' + detail) if detail else ''}", flush=True)
    if not ok:
        sys.exit(1)


def main(base, key_hex, username, password):
    browser = Browser(base)
    deadline = time.time() + 180
    status = None
    while time.time() < deadline:
        try:
            status, _headers, body = browser.request("/_healthz/readyz/")
            if status == 200:
                break
        except OSError:
            pass
        time.sleep(2)
    step("readiness /_healthz/readyz/", status == 200, body if status else "no answer")
    status, _headers, body = browser.request("/_healthz/livez/")
    step("liveness /_healthz/livez/", status == 200 and json.loads(body)["status"] == "ok")
    status, headers, page = browser.request("/inloggen/")
    step("login page", status == 200 and "Inloggen" in page, f"HTTP {status}")
    step("request id header", bool(headers.get("X-Request-ID")))
    step(
        "static files from the image",
        browser.request(re.search(r'href="(/static/[^"]+\.css)"', page).group(1))[0] == 200,
    )

    status, _h, page = browser.request(
        "/inloggen/",
        {
            "csrfmiddlewaretoken": browser.csrf(page),
            "login_view-current_step": "auth",
            "auth-username": username,
            "auth-password": password,
        },
    )
    step("password accepted, code asked", status == 200 and "token-otp_token" in page)
    status, headers, _page = browser.request(
        "/inloggen/",
        {
            "csrfmiddlewaretoken": browser.csrf(page),
            "login_view-current_step": "token",
            "token-otp_token": totp(key_hex),
        },
    )
    step("second factor accepted", status == 302, f"HTTP {status} -> {headers.get('Location')}")

    status, _h, page = browser.request("/loket/contacten/nieuw/")
    step("quick entry form", status == 200 and 'name="who_came"' in page, f"HTTP {status}")
    status, headers, _page = browser.request(
        "/loket/contacten/nieuw/",
        {
            "csrfmiddlewaretoken": browser.csrf(page),
            "date": time.strftime("%Y-%m-%d", time.localtime(time.time() - 86400)),
            "channel": "inloop",
            "who_came": "beide_partners",
            "women": "1",
            "men": "1",
            "other_gender": "0",
            "age_band": "35_44",
            "children": "2",
            "question": "herstellen",
            "track": "A",
            "outcome": "op_weg_geholpen",
            "notes": "Controle na de bouw van het image",
        },
    )
    step("visit saved", status == 302, f"HTTP {status} -> {headers.get('Location')}")


if __name__ == "__main__":
    main(*sys.argv[1:5])
