"""Error pages speak Dutch, keep the portal's layout where they can, and reveal nothing."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import bad_request, server_error

from relatieloket.roles import Role

pytestmark = pytest.mark.django_db


def test_refused_role_gets_dutch_403_page_with_own_navigation(role_client):
    client = role_client(Role.COUNCIL)
    response = client.get(reverse("reports:start"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Geen toegang" in html and "Uw rol geeft geen toegang tot deze pagina" in html
    assert "Raadsinformatiebrieven" in html  # the council member's own navigation
    assert "Contact registreren" not in html


def test_unknown_page_gets_dutch_404_page(role_client):
    response = role_client(Role.COUNSELLOR).get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_expired_form_gets_dutch_csrf_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulier verlopen" in html and "Er is niets opgeslagen" in html


@pytest.mark.parametrize(
    ("handler", "status", "heading"),
    [(server_error, 500, "Er is iets misgegaan"), (bad_request, 400, "Verzoek niet begrepen")],
)
def test_server_error_pages_render_without_a_request_context(handler, status, heading):
    request = RequestFactory().get("/")
    response = handler(request) if handler is server_error else handler(request, Exception())
    assert response.status_code == status
    assert heading in response.content.decode()
