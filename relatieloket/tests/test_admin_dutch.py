"""The functional admin's pages in Dutch: Django's own gaps translated, roles by their names,
and no 404 for the browser's /favicon.ico."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from relatieloket.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    return client


def test_the_admin_index_has_no_english_table_headers(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Model name" not in html and "Add link" not in html
    assert "Modelnaam" in html


def test_the_admin_scripts_speak_dutch(admin_client):
    script = admin_client.get(reverse("admin:jsi18n")).content.decode()
    for english, dutch in (
        ("Choose all %s", "Alle %s kiezen"),
        ("Remove selected %s", "Geselecteerde %s verwijderen"),
        ("Remove all %s", "Alle %s verwijderen"),
    ):
        assert f'"{english}": "{dutch}"' in script, english


def test_roles_are_shown_by_their_dutch_names_not_the_group_slugs(admin_client, make_user):
    user = make_user(Role.COUNSELLOR)
    html = admin_client.get(reverse("admin:relatieloket_user_change", args=[user.pk])).content
    html = html.decode()
    select = re.search(r'<select[^>]*name="groups".*?</select>', html, re.S).group(0)
    options = re.findall(r"<option[^>]*>(.*?)</option>", select)
    assert "functioneel beheerder" in options
    assert "coördinator" in options
    assert "functioneel-beheerder" not in options and "coordinator" not in options
    assert Group.objects.filter(name="functioneel-beheerder").exists()  # the slug stays
    assert 'data-field-name="rollen"' in html
    changelist = admin_client.get(reverse("admin:relatieloket_user_changelist")).content.decode()
    assert "?rol=functioneel-beheerder" in changelist and "functioneel beheerder" in changelist


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert not response.cookies


def test_the_admin_search_is_dutch_down_to_the_image(admin_client):
    html = admin_client.get(reverse("admin:relatieloket_user_changelist")).content.decode()
    assert 'alt="Zoeken"' in html and 'alt="Search"' not in html
