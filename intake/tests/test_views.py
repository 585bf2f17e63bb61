"""The intake screens through HTTP: quick entry, lists, trajects, referrals, feedback."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.constants import TrajectStatus
from intake.models import Feedback, Session, Traject, Visit
from referrals.models import Organisation, Referral
from relatieloket.roles import Role

from .factories import (
    DeskFactory,
    FeedbackInvitationFactory,
    LocationFactory,
    TrajectFactory,
    VisitFactory,
    WeeklyHourFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(db):
    sko = Organisation.objects.get(name="Adviespunt Scheiden, Kind en Ouderschap")
    return DeskFactory(name="Adviespunt SKO Dordrecht", organisation=sko)


@pytest.fixture
def counsellor(client, make_user, desk):
    user = make_user(Role.COUNSELLOR, desks=[desk])
    client.force_login(user)
    return user


def _visit_post(**extra):
    data = {
        "date": "2025-03-14",
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
        "advice_domains": ["sociaal_emotioneel", "juridisch"],
        "notes": "5 gesprekken van 1,5 uur besproken",
    }
    data.update(extra)
    return data


def test_quick_entry_prefills_today_desk_and_walk_in_location(client, counsellor, desk):
    today = timezone.localdate()
    location = LocationFactory(desk=desk, name="Brouwersdijk")
    LocationFactory(desk=desk, name="Elders")
    WeeklyHourFactory(location=location, weekday=today.isoweekday())
    form = client.get(reverse("intake:visit_create")).context["form"]
    assert form.initial["date"] == today
    assert form.initial["location"] == location
    html = client.get(reverse("intake:visit_create")).content.decode()
    assert 'type="radio"' in html and 'name="channel"' in html
    assert "Adviespunt SKO Dordrecht" in html


def test_saving_a_visit_confirms_and_offers_the_next(
    client, counsellor, desk, django_assert_max_num_queries
):
    poh = Organisation.objects.get(name="Praktijkondersteuner huisarts Jeugd (POH Jeugd)")
    with django_assert_max_num_queries(35):
        response = client.post(reverse("intake:visit_create"), _visit_post(referred_by=poh.pk))
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.desk, visit.children, visit.advice_legal, visit.advice_financial) == (
        desk,
        2,
        True,
        False,
    )
    assert visit.created_by == counsellor
    page = client.get(response["Location"]).content.decode()
    assert "Contact opgeslagen." in page
    assert "Volgend contact" in page or "volgende contact" in page
    referral = Referral.objects.get()
    assert (referral.from_organisation, referral.to_organisation) == (poh, desk.organisation)


def test_identifying_notes_are_refused_with_a_dutch_message(client, counsellor):
    response = client.post(reverse("intake:visit_create"), _visit_post(notes="mail jan@example.nl"))
    assert response.status_code == 200
    assert "e-mailadres" in response.content.decode()
    assert Visit.objects.count() == 0


def test_visit_list_is_paginated_filtered_and_scoped(client, counsellor, desk):
    other_desk = DeskFactory()
    location = LocationFactory(desk=desk)
    VisitFactory.create_batch(30, desk=desk, date=datetime.date(2025, 1, 10))
    VisitFactory(desk=desk, date=datetime.date(2025, 2, 1), location=location)
    VisitFactory(desk=other_desk, date=datetime.date(2025, 2, 1))
    page = client.get(reverse("intake:visit_list")).context["page"]
    assert (page.paginator.count, len(page.object_list)) == (31, 25)
    filtered = client.get(
        reverse("intake:visit_list"), {"start": "2025-01-15", "location": location.pk}
    )
    assert filtered.context["page"].paginator.count == 1
    foreign = Visit.objects.get(desk=other_desk)
    assert client.get(reverse("intake:visit_detail", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("intake:visit_edit", args=[foreign.pk])).status_code == 404


def test_edit_and_delete_with_confirmation(client, counsellor, desk):
    visit = VisitFactory(desk=desk)
    response = client.post(reverse("intake:visit_edit", args=[visit.pk]), _visit_post(children="3"))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.children == 3
    confirm = client.get(reverse("intake:visit_delete", args=[visit.pk]))
    assert "Ja, verwijderen" in confirm.content.decode()
    assert Visit.objects.count() == 1
    client.post(reverse("intake:visit_delete", args=[visit.pk]))
    assert Visit.objects.count() == 0


def test_traject_from_visit_five_sessions_sixth_refused_then_closed(client, counsellor, desk):
    visit = VisitFactory(desk=desk)
    response = client.post(reverse("intake:traject_start", args=[visit.pk]))
    traject = Traject.objects.get()
    assert response["Location"].endswith(f"/trajecten/{traject.pk}/?nieuw=1")
    page = client.get(response["Location"]).content.decode()
    assert traject.code in page and "traject-code" in page
    today = timezone.localdate().isoformat()
    for _number in range(1, 6):
        response = client.post(
            reverse("intake:session_add", args=[traject.pk]),
            {"date": today, "minutes": "90", "attendance": "beide_partners"},
        )
        assert response.status_code == 302, response.content
    response = client.post(
        reverse("intake:session_add", args=[traject.pk]),
        {"date": today, "minutes": "90", "attendance": "beide_partners"},
    )
    assert response.status_code == 400
    assert "maximaal 5 gesprekken" in response.content.decode()
    assert Session.objects.filter(traject=traject).count() == 5
    client.post(
        reverse("intake:traject_close", args=[traject.pk]),
        {"status": "afgerond", "closing_outcome": "op_weg_geholpen", "closed_on": today},
    )
    traject.refresh_from_db()
    assert traject.status == TrajectStatus.COMPLETED


def test_outbound_referrals_from_visit_and_traject_screens(client, counsellor, desk):
    visit = VisitFactory(desk=desk)
    traject = TrajectFactory(desk=desk)
    therapy = Organisation.objects.get(name="Relatietherapie bij een particuliere aanbieder")
    villa = Organisation.objects.get(name="Villa Pinedo")
    client.post(
        reverse("intake:visit_referral_add", args=[visit.pk]),
        {"to_organisation": therapy.pk, "warm_handover": "on"},
    )
    client.post(
        reverse("intake:traject_referral_add", args=[traject.pk]), {"to_organisation": villa.pk}
    )
    flows = set(
        Referral.objects.values_list(
            "from_organisation__name", "to_organisation__name", "warm_handover"
        )
    )
    assert flows == {
        (desk.organisation.name, therapy.name, True),
        (desk.organisation.name, villa.name, False),
    }
    assert visit.referrals.count() == 1 and traject.referrals.count() == 1
    assert (
        therapy.name in client.get(reverse("intake:visit_detail", args=[visit.pk])).content.decode()
    )


def test_commercial_organisations_are_not_offered_where_policy_forbids(client, make_user):
    nijkerk_desk = DeskFactory(municipality__cbs_code="GM0267", municipality__name="Nijkerk")
    client.force_login(make_user(Role.COUNSELLOR, desks=[nijkerk_desk]))
    form = client.get(reverse("intake:visit_create")).context["form"]
    names = {o.name for o in form.fields["referred_by"].queryset}
    assert "Sociaal team Nijkerk" in names
    assert "Online EFT-relatietherapie" not in names


def test_feedback_link_and_qr_then_anonymous_questionnaire_once(client, counsellor, desk):
    visit = VisitFactory(desk=desk)
    response = client.post(reverse("intake:feedback_invite", args=[visit.pk]), follow=True)
    page = response.content.decode()
    assert "<svg" in page
    invitation = response.context["invitation"]
    client.logout()
    url = reverse("intake:feedback_form", args=[invitation.token])
    assert client.get(url).status_code == 200
    answers = {
        "got_answer": "ja",
        "rating": "8",
        "would_recommend": "True",
        "comment": "Fijn gesprek",
    }
    assert "Bedankt" in client.post(url, answers).content.decode()
    assert Feedback.objects.get().rating == 8
    second = client.post(url, answers)
    assert second.status_code == 404 and "werkt niet meer" in second.content.decode()
    assert Feedback.objects.count() == 1


def test_unknown_feedback_token_gets_the_same_friendly_page(client):
    FeedbackInvitationFactory()
    response = client.get(reverse("intake:feedback_form", args=["nope"]))
    assert response.status_code == 404 and "werkt niet meer" in response.content.decode()


def test_traject_lookup_by_code(client, counsellor, desk):
    traject = TrajectFactory(desk=desk, code="K7QM-R3TX")
    response = client.get(reverse("intake:traject_list"), {"code": "k7qm r3tx"})
    assert response["Location"] == reverse("intake:traject_detail", args=[traject.pk])
    other = TrajectFactory(code="AAAA-BBBB")
    response = client.get(reverse("intake:traject_list"), {"code": other.code})
    assert response.status_code == 200 and "Geen traject" in response.content.decode()


def test_start_page_shows_latest_visits_and_running_trajects_of_own_desk(
    client, counsellor, desk, django_assert_max_num_queries
):
    for day in range(1, 8):
        VisitFactory(desk=desk, date=datetime.date(2025, 3, day))
    other_desk_visit = VisitFactory(date=datetime.date(2025, 3, 31))
    running = TrajectFactory(desk=desk)
    Session.objects.create(traject=running, number=1, date=datetime.date(2025, 3, 2))
    TrajectFactory(desk=desk, status=TrajectStatus.COMPLETED, closed_on=timezone.localdate())
    with django_assert_max_num_queries(15):
        response = client.get(reverse("intake:start"))
    html = response.content.decode()
    assert [v.date.day for v in response.context["recent_visits"]] == [7, 6, 5, 4, 3]
    assert reverse("intake:visit_detail", args=[other_desk_visit.pk]) not in html
    assert [t.pk for t in response.context["running_trajects"]] == [running.pk]
    assert f"{running.code}</a>" in html and "1 / 5" in html
    assert f"{reverse('intake:visit_create')}?loket={desk.pk}" in html
    assert "Lopende trajecten" in html
