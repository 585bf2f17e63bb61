"""The functional admin manages the intake lists; codes and tokens are drawn, never typed."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from intake.models import LifeEvent, SessionTheme, Traject
from intake.services import CODE_ALPHABET

from .factories import (
    ActivityFactory,
    DeskFactory,
    FeedbackFactory,
    SessionFactory,
    TrajectFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "desk",
    "location",
    "lifeevent",
    "sessiontheme",
    "visit",
    "traject",
    "activity",
    "feedbackinvitation",
    "feedback",
]


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("beheer", password="test-pass-123")
    client.force_login(user)
    return client


def test_the_admin_lists_and_forms_of_every_intake_model_open(admin_client):
    VisitFactory()
    SessionFactory(traject=TrajectFactory(), number=1)
    ActivityFactory()
    FeedbackFactory()
    for model in MODELS:
        changelist = admin_client.get(reverse(f"admin:intake_{model}_changelist"))
        assert changelist.status_code == 200, model
        assert admin_client.get(reverse(f"admin:intake_{model}_add")).status_code == 200, model
    search = admin_client.get(reverse("admin:intake_traject_changelist"), {"q": "TEST"})
    assert search.status_code == 200


def test_the_seeded_lists_come_from_the_data_migration():
    assert set(LifeEvent.objects.filter(desk=None).values_list("name", flat=True)) >= {
        "Rouw en verlies",
        "Geboorte van een kind",
        "Werkloosheid",
        "Ziekte",
        "Verhuizing",
        "Anders",
    }
    assert set(SessionTheme.objects.filter(desk=None).values_list("name", flat=True)) >= {
        "Communicatie",
        "Knelpunten in de relatie",
        "Vertrouwen",
        "Opvoeding en ouderschap",
        "Verwachtingen",
        "Anders",
    }


def test_a_traject_added_in_the_admin_gets_a_random_code(admin_client):
    desk = DeskFactory()
    for _ in range(2):
        response = admin_client.post(
            reverse("admin:intake_traject_add"),
            {
                "desk": desk.pk,
                "started_on": "2025-03-14",
                "status": "loopt",
                "sessions-TOTAL_FORMS": "0",
                "sessions-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    codes = list(Traject.objects.values_list("code", flat=True))
    pattern = re.compile(rf"^[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}$")
    assert len(set(codes)) == 2 and all(pattern.match(code) for code in codes)
