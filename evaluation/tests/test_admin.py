"""The functional admin manages instruments; scores are read-only in the admin."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from evaluation import services
from evaluation.models import Instrument
from relatieloket.roles import Role

pytestmark = pytest.mark.django_db


def test_functional_admin_registers_a_licensed_instrument(client, make_user, csi4, traject):
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    assert client.get(reverse("admin:evaluation_instrument_changelist")).status_code == 200
    page = client.get(reverse("admin:evaluation_instrument_change", args=[csi4.pk]))
    assert page.status_code == 200 and "Funk" in page.content.decode()
    data = {
        "name": "ORS (licentie van de organisatie)",
        "source": "Miller, Duncan et al. (2003), Journal of Brief Therapy 2(2)",
        "licence": "ICCE-groepslicentie",
        "licence_required": "on",
        "scoring": "",
        "higher_is_better": "on",
        "cutoff": "25",
        "reliable_change_threshold": "5",
        "is_active": "on",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-position": "1",
        "items-0-text_nl": "Persoonlijk",
        "items-0-text_en": "Individually",
        "items-0-scale_min": "0",
        "items-0-scale_max": "10",
        "items-0-anchor_min_nl": "slecht",
        "items-0-anchor_max_nl": "goed",
        "items-0-anchor_min_en": "bad",
        "items-0-anchor_max_en": "good",
    }
    response = client.post(reverse("admin:evaluation_instrument_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    ors = Instrument.objects.get(name__startswith="ORS")
    assert ors.licence_required and ors.items.get().scale_max == 10 and not ors.is_default
    assert AuditEntry.objects.filter(actor=admin, content_type__model="instrument").exists()
    # Its items were entered by the organisation: scores on it work like any other.
    measurement = services.measurement_record(
        user=admin,
        traject=traject,
        moment="start",
        respondent="partner_1",
        scores=[7],
        instrument=ors,
    )
    assert measurement.total == 7
    evaluation = measurement.evaluation
    url = reverse("admin:evaluation_trajectevaluation_change", args=[evaluation.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"goal": "clarify"}).status_code == 403


def test_a_counsellor_has_no_admin(client, counsellor):
    client.force_login(counsellor)
    response = client.get(reverse("admin:evaluation_instrument_changelist"))
    assert response.status_code == 302
