"""Dutch first, English second: complete Dutch catalogs and a working language switch."""

import gettext
import glob
from pathlib import Path

import polib
import pytest
from django.urls import reverse

from relatieloket.roles import Role

BASE_DIR = Path(__file__).resolve().parents[2]
CATALOGS = sorted(
    p
    for p in glob.glob(str(BASE_DIR / "**/locale/nl/LC_MESSAGES/django.po"), recursive=True)
    if ".venv" not in p
)


def test_there_is_a_dutch_catalog_per_app():
    apps = {Path(p).parts[-5] for p in CATALOGS}
    assert {"relatieloket", "intake", "referrals", "reports", "main"} - {"main"} <= apps


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: str(Path(p).relative_to(BASE_DIR)))
def test_dutch_catalog_is_complete_and_compiled(po_path):
    po = polib.pofile(po_path)
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []
    with open(po_path[:-3] + ".mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        e.msgid
        for e in po.translated_entries()
        if not e.msgid_plural and compiled.gettext(e.msgid) != e.msgstr
    ]
    assert stale == [], "the .mo file is older than the .po file: run compilemessages"


def test_dutch_by_default_and_english_after_switching(client, make_user):
    client.force_login(make_user(Role.POLICY))
    page = client.get(reverse("reports:start"))
    assert '<html lang="nl">' in page.content.decode()
    assert "Sleutelcijfers" in page.content.decode()

    response = client.post(reverse("set_language"), {"language": "en", "next": "/rapportages/"})
    assert response.status_code == 302
    page = client.get(reverse("reports:start")).content.decode()
    assert '<html lang="en">' in page
    assert "Key figures" in page


@pytest.mark.django_db
def test_a_browser_asking_for_english_gets_the_dutch_login_page_and_the_switch_still_works(
    client,
):
    """Dutch is the portal's language: English is a choice, never a default."""
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = page.content.decode()
    assert '<html lang="nl">' in html and "Inloggen" in html
    assert page["Content-Language"] == "nl"
    assert "Accept-Language" not in page.get("Vary", "")

    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": reverse("login")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    cookie = response.cookies["django_language"]
    assert cookie.value == "en" and int(cookie["max-age"]) >= 30 * 24 * 60 * 60  # remembered
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<html lang="en">' in html and "Log in" in html

    client.post(reverse("set_language"), {"language": "nl", "next": reverse("login")})
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nl">' in html


@pytest.mark.django_db
def test_an_unknown_language_in_the_cookie_falls_back_to_dutch(client):
    client.cookies["django_language"] = "xx"
    assert '<html lang="nl">' in client.get(reverse("login")).content.decode()
