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
