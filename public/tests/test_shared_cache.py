"""The flyer cache is shared by every process and replica: it lives in the database."""

import pytest
from django.core.cache import cache
from django.db import connection

from public import flyer

pytestmark = pytest.mark.django_db

DESK_URL = "/hulp/hendrik-ido-ambacht/relatieloket-hendrik-ido-ambacht/"


def _rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM relatieloket_cache")
        return cursor.fetchone()[0]


def test_a_flyer_rendered_once_is_in_the_database_cache_for_every_replica(
    client, hia_desk, monkeypatch
):
    cache.clear()
    assert _rows() == 0
    rendered = []
    pdf = flyer._pdf
    monkeypatch.setattr(flyer, "_pdf", lambda html: rendered.append(1) or pdf(html))
    first = client.get(DESK_URL + "flyer.pdf")
    assert first.status_code == 200 and _rows() == 1
    # A process keeps nothing of its own: the second request is answered from the table.
    assert client.get(DESK_URL + "flyer.pdf").content == first.content
    assert rendered == [1]
