""" "Hoe heeft u ons gevonden?": optional on the visit form, checked by the database, counted on
the dashboard and in a council letter block with small-count protection."""

import datetime
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditEntry
from intake.constants import FoundVia
from intake.models import Visit
from referrals.models import Municipality, Organisation
from relatieloket.roles import Role
from reports.letter import printed
from reports.models import CouncilReport

from .factories import DeskFactory, VisitFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2024, 1, 1)
END = datetime.date(2024, 6, 30)


@pytest.fixture
def desk(db):
    sko = Organisation.objects.get(name="Adviespunt Scheiden, Kind en Ouderschap")
    dordrecht = Municipality.objects.get(cbs_code="GM0505")
    return DeskFactory(name="Adviespunt SKO Dordrecht", organisation=sko, municipality=dordrecht)


def _visit_post(**extra):
    return {
        "date": "2024-03-14",
        "channel": "inloop",
        "who_came": "beide_partners",
        "women": "1",
        "men": "1",
        "other_gender": "0",
        "age_band": "35_44",
        "question": "herstellen",
        "track": "A",
        "outcome": "op_weg_geholpen",
        **extra,
    }


def test_the_question_is_on_the_form_optional_and_saved_through_the_service(
    client, make_user, desk
):
    user = make_user(Role.COUNSELLOR, desks=[desk])
    client.force_login(user)
    page = client.get(reverse("intake:visit_create")).content.decode()
    assert "Hoe heeft u ons gevonden?" in page
    dutch = [
        "niet gevraagd of geen antwoord",
        "gemeentelijke website",
        "lokale krant of infobulletin",
        "flyer",
        "sociale media",
        "huisarts of POH",
        "school",
        "wijkteam",
        "kerk",
        "familie of vrienden",
        "anders",
    ]
    for value, label in zip(["", *FoundVia.values], dutch, strict=True):
        radio = rf'name="found_via" value="{value}"[^>]*>\s*<label[^>]*>\s*{label}\s*</label>'
        assert re.search(radio, page), label

    response = client.post(reverse("intake:visit_create"), _visit_post(found_via="flyer"))
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.found_via == FoundVia.FLYER
    entry = AuditEntry.objects.get(action="create", object_id=str(visit.pk))
    assert entry.actor == user and "found_via" in entry.fields
    detail = client.get(reverse("intake:visit_detail", args=[visit.pk])).content.decode()
    assert re.search(r"Gevonden via</dt>\s*<dd[^>]*>flyer</dd>", detail)

    # Optional: without an answer the visit is saved with none.
    assert client.post(reverse("intake:visit_create"), _visit_post()).status_code == 302
    assert Visit.objects.filter(found_via="").count() == 1
    # Changing it goes through the service too, and is audited.
    response = client.post(
        reverse("intake:visit_edit", args=[visit.pk]), _visit_post(found_via="kerk")
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.found_via == FoundVia.CHURCH
    change = AuditEntry.objects.filter(action="update", object_id=str(visit.pk)).get()
    assert "found_via" in change.fields


def test_an_unknown_answer_is_a_dutch_error_and_nothing_is_saved(client, make_user, desk):
    client.force_login(make_user(Role.COUNSELLOR, desks=[desk]))
    response = client.post(reverse("intake:visit_create"), _visit_post(found_via="televisie"))
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Visit.objects.exists()


def test_the_database_refuses_an_unknown_answer(desk):
    visit = VisitFactory(desk=desk, date=START)
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.filter(pk=visit.pk).update(found_via="televisie")
    Visit.objects.filter(pk=visit.pk).update(found_via=FoundVia.SCHOOL)
    assert Visit.objects.get(pk=visit.pk).found_via == "school"


@pytest.fixture
def found_visits(desk):
    """12 through the municipal website, 7 through a flyer, 2 through church, 4 not asked."""
    plan = [(FoundVia.MUNICIPAL_WEBSITE, 12), (FoundVia.FLYER, 7), (FoundVia.CHURCH, 2), ("", 4)]
    for value, count in plan:
        for i in range(count):
            VisitFactory(desk=desk, date=START + datetime.timedelta(days=i), found_via=value)


def test_dashboard_table_and_its_protected_export(client, make_user, desk, found_visits):
    client.force_login(make_user(Role.POLICY, municipalities=[desk.municipality]))
    query = {"start": "2024-01-01", "end": "2024-06-30"}
    response = client.get(reverse("reports:start"), query)
    (table,) = [t for t in response.context["tables"] if t["key"] == "gevonden-via"]
    assert [(row["label"], row["count"]) for row in table["rows"]] == [
        ("gemeentelijke website", 12),
        ("flyer", 7),
        ("kerk", 2),
        ("niet gevraagd of geen antwoord", 4),
    ]
    assert "Gevonden via" in response.content.decode()
    exact = client.get(
        reverse("reports:export"), {**query, "tabel": "gevonden-via"}
    ).content.decode("utf-8-sig")
    assert "kerk;2" in exact
    published = client.get(
        reverse("reports:export"), {**query, "tabel": "gevonden-via", "publicatie": "1"}
    ).content.decode("utf-8-sig")
    assert "kerk;2" not in published and "kerk;< 5" in published
    assert "niet gevraagd of geen antwoord;< 5" in published
    # 2 and 4 hidden, so the total cannot give them away: "flyer" or the total goes too.
    cells = dict(line.split(";")[:2] for line in published.splitlines() if ";" in line)
    assert cells["gemeentelijke website"] == "12"
    shown = [v for v in cells.values() if v.isdigit()]
    assert not any(0 < int(v) < 5 for v in shown)


def test_letter_block_through_http_is_protected(client, make_user, desk, found_visits):
    policy = make_user(Role.POLICY, municipalities=[desk.municipality])
    client.force_login(policy)
    response = client.post(
        reverse("reports:council_create"),
        {
            "municipality": desk.municipality.pk,
            "title": "Vindbaarheid van het Adviespunt",
            "period_start": "2024-01-01",
            "period_end": "2024-06-30",
            "answer_kind": "motie",
            "answer_title": "Vindbaarheid",
            "answer_number": "",
            "answer_date": "2024-07-02",
            "reason": "Wij beantwoorden de motie.",
            "information": "Zo vonden bezoekers ons.",
            "next_steps": "",
            "costs": "",
            "decisions": "",
        },
    )
    assert response.status_code == 302
    report = CouncilReport.objects.get()
    response = client.post(
        reverse("reports:council_block_add", args=[report.pk]),
        {"heading": "information", "kind": "found_via"},
    )
    assert response.status_code == 302
    client.post(reverse("reports:council_publish", args=[report.pk]))
    report.refresh_from_db()
    assert report.is_published
    (block,) = [b for s in printed.letter(report.snapshot)["sections"] for b in s["blocks"]]
    assert block["kind"] == "found_via"
    assert block["paragraphs"] == ["Zo hebben bezoekers het loket gevonden."]
    rows = {row[0]: row[1] for row in block["table"]["rows"]}
    # kerk (2) and not asked (4) are small: merged into a rest that is not.
    assert rows == {
        "gemeentelijke website": "12",
        "flyer": "7",
        "Overige manieren": "6",
        "Totaal": "25",
    }
    page = client.get(reverse("reports:published_detail", args=[report.pk])).content.decode()
    assert "Hoe bezoekers het loket vonden" in page
