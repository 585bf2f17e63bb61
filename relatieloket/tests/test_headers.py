"""Security headers over HTTP: a Content-Security-Policy the pages actually keep (no inline
script or style), a Permissions-Policy, and no caching of anything the app renders."""

import base64
import datetime
import hashlib
import re

import pytest
from django.conf import settings
from django.urls import reverse

from relatieloket.roles import Role, declared_access
from relatieloket.testing import iter_named_urls

from .test_access import URL_KWARGS, _users, world  # noqa: F401  (world is a fixture)

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
SCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def _script_hash(code):
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def _directive(response, name):
    policy = response["Content-Security-Policy"]
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    raise AssertionError(f"no {name} in {policy}")


def inline_code(html, allowed_hashes):
    """What in this HTML a policy without 'unsafe-inline' would block."""
    found = []
    for match in INLINE_SCRIPT.finditer(html):
        if _script_hash(match.group(1)) not in allowed_hashes:
            found.append(f"inline script: {match.group(1)[:60]!r}")
    found += [f"style: {m.group(0)!r}" for m in INLINE_STYLE.finditer(html)]
    found += [f"event handler: {m.group(0)[:60]!r}" for m in EVENT_HANDLER.finditer(html)]
    found += [f"javascript: URL {m.group(0)!r}" for m in SCRIPT_URL.finditer(html)]
    return found


def _every_page(client, make_user, world):  # noqa: F811
    """(name, response) for every named URL the matrix can reach, as each role allowed."""
    users = _users(make_user, world)
    for name, _route, callback, _conv in iter_named_urls():
        access = declared_access(callback)
        if access is None:
            continue
        allowed, is_public = access
        kwargs = URL_KWARGS[name](world) if name in URL_KWARGS else {}
        url = reverse(name, kwargs=kwargs)
        if is_public:
            client.logout()
            yield name, client.get(url)
        for role, user in users.items():
            if role in allowed:
                client.force_login(user)
                yield name, client.get(url, follow=True)


def test_the_policy_allows_no_inline_code_and_no_other_site(client):
    response = client.get(reverse("login"))
    for directive in ("script-src", "style-src", "default-src"):
        sources = _directive(response, directive)
        assert "'self'" in sources
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "https:"} & set(sources)
    assert _directive(response, "object-src") == ["'none'"]
    assert _directive(response, "frame-ancestors") == ["'none'"]


def test_no_page_has_inline_code_the_policy_blocks(client, make_user, world):  # noqa: F811
    allowed_hashes = set(_directive(client.get(reverse("login")), "script-src"))
    hashes_used = set()
    failures, pages = [], 0
    for name, response in _every_page(client, make_user, world):
        if "html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        html = response.content.decode()
        assert response.has_header("Content-Security-Policy"), name
        failures += [(name, problem) for problem in inline_code(html, allowed_hashes)]
        hashes_used |= {_script_hash(m.group(1)) for m in INLINE_SCRIPT.finditer(html)}
    assert pages > 40
    assert failures == []
    # A hash in the policy that no page uses any more is an allowance to remove.
    assert {h for h in allowed_hashes if h.startswith("'sha256-")} <= hashes_used


def test_the_admin_keeps_the_policy(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    for url in (
        reverse("admin:index"),
        reverse("admin:relatieloket_user_changelist"),
        reverse("admin:relatieloket_user_add"),
        reverse("admin:referrals_organisation_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode(), set()) == [], url


@pytest.fixture
def dashboard(client, make_user):
    from intake.tests.factories import DeskFactory, VisitFactory
    from referrals.models import Municipality

    hia = Municipality.objects.get(cbs_code="GM0531")
    desk = DeskFactory(municipality=hia)
    for month in range(1, 7):
        VisitFactory(desk=desk, date=datetime.date(2024, month, 3))
    client.force_login(make_user(Role.POLICY, municipalities=[hia]))
    return {"start": "2024-01-01", "end": "2024-12-31", "municipality": hia.pk}


def test_charts_are_drawn_without_style_attributes(client, dashboard):
    response = client.get(reverse("reports:start"), dashboard)
    html = response.content.decode()
    assert html.count("<svg") >= 2 and 'fill="#0b5394"' in html
    assert inline_code(html, set()) == []


def test_flow_map_is_drawn_without_style_attributes(client, make_user):
    from intake.tests.factories import DeskFactory
    from referrals.models import Municipality, Organisation
    from referrals.services import referral_create

    hia = Municipality.objects.get(cbs_code="GM0531")
    desk = DeskFactory(municipality=hia)
    poh = Organisation.objects.get(name="Praktijkondersteuner huisarts Jeugd (POH Jeugd)")
    referral_create(
        from_organisation=poh,
        to_organisation=desk.organisation,
        municipality=hia,
        date=datetime.date(2024, 3, 1),
        warm_handover=True,
    )
    client.force_login(make_user(Role.POLICY, municipalities=[hia]))
    response = client.get(
        reverse("referrals:flow_map"),
        {"start": "2024-01-01", "end": "2024-12-31", "municipality": hia.pk},
    )
    html = response.content.decode()
    assert 'data-testid="flow-diagram"' in html
    assert inline_code(html, set()) == []


def test_permissions_policy_turns_off_device_features(client):
    policy = client.get(reverse("login"))["Permissions-Policy"]
    for feature in ("camera", "geolocation", "microphone", "payment", "usb"):
        assert f"{feature}=()" in policy


def _no_store(response):
    return "no-store" in response.get("Cache-Control", "")


def test_pages_exports_and_pdfs_are_not_stored(client, dashboard, make_user):
    from intake.tests.factories import FeedbackInvitationFactory
    from reports.tests.access_kwargs import make_council_report

    for params in ({}, {"formaat": "csv", "tabel": "vragen"}, {"formaat": "xlsx"}):
        response = client.get(
            reverse("reports:start" if not params else "reports:export"),
            {**dashboard, **params},
        )
        assert response.status_code == 200 and _no_store(response), params

    from referrals.models import Municipality

    hia = Municipality.objects.get(cbs_code="GM0531")
    report = make_council_report(hia, published=True)
    client.force_login(make_user(Role.COUNCIL, municipalities=[hia]))
    pdf = client.get(reverse("reports:published_pdf", args=[report.pk]))
    assert pdf["Content-Type"] == "application/pdf" and _no_store(pdf)

    client.logout()
    invitation = FeedbackInvitationFactory()
    feedback = client.get(reverse("intake:feedback_form", args=[invitation.token]))
    assert feedback.status_code == 200 and _no_store(feedback)
    assert _no_store(client.get(reverse("login")))


def test_static_files_may_be_cached(client):
    response = client.get(settings.STATIC_URL + "css/portal.css")
    assert response.status_code == 200
    assert not _no_store(response)
