"""The intake screens through HTTP: quick entry, lists, trajects, referrals, feedback."""

import datetime
import re

import pytest
import segno
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from intake import services
from intake.constants import TrajectStatus
from intake.models import Activity, Feedback, Session, Traject, Visit
from referrals.models import Organisation, Referral
from relatieloket.roles import Role

from .factories import (
    ActivityFactory,
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
    # The audit trail's content types are cached per process once used: as in production.
    ContentType.objects.get_for_models(Visit, Referral)
    # Measured 31 on SQLite and PostgreSQL (session, user, roles, desk, form choices, the
    # model checks of the form and the service, the visit, the inbound referral, and the
    # audit entries of both), and 4 to recount the desk-month's figures (intake.figures).
    with django_assert_max_num_queries(37):
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
    # One confirmation, with what to do next: not a message above it saying it again.
    assert len(re.findall(r">[^<]*opgeslagen[^<]*<", page)) == 1 and "Contact van " in page
    assert "Contact opgeslagen." not in page
    assert "Volgend contact" in page or "volgende contact" in page
    referral = Referral.objects.get()
    assert (referral.from_organisation, referral.to_organisation) == (poh, desk.organisation)


def test_the_quick_entry_form_opens_with_a_bounded_number_of_queries(client, counsellor, desk):
    today = timezone.localdate()
    location = LocationFactory(desk=desk, name="Brouwersdijk")
    WeeklyHourFactory(location=location, weekday=today.isoweekday())
    counts = []
    for more in range(2):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("intake:visit_create"))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
        # More locations and organisations must not cost more queries.
        for i in range(5):
            LocationFactory(desk=desk, name=f"Wijkcentrum {more}-{i}")
        Organisation.objects.bulk_create(
            Organisation(name=f"Extra organisatie {more}-{i}", kind="overig") for i in range(50)
        )
    # Session, user, roles, desk, today's location, the desk switch, the desk's usual channel
    # (its recent visits, else whether it holds walk-in hours) and one cache read of the
    # vocabulary version (intake.vocabularies); here the new locations renew that version, so
    # each request also rebuilds the lists it shows (one query each: locations, life events,
    # organisations, the desk's region, the municipalities' names): 15.
    assert counts[0] == counts[1] <= 15, counts


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


def test_nijkerk_policy_limits_referring_to_commercial_parties_not_recording_who_sent(
    client, make_user
):
    nijkerk_desk = DeskFactory(municipality__cbs_code="GM0267", municipality__name="Nijkerk")
    client.force_login(make_user(Role.COUNSELLOR, desks=[nijkerk_desk]))
    form = client.get(reverse("intake:visit_create")).context["form"]
    inbound = {o.name for o in form.fields["referred_by"].queryset}
    assert "Sociaal team Nijkerk" in inbound and "Online EFT-relatietherapie" in inbound
    visit = VisitFactory(desk=nijkerk_desk)
    page = client.get(reverse("intake:visit_detail", args=[visit.pk])).content.decode()
    outbound = page[page.index('name="to_organisation"') :]
    assert "Sociaal team Nijkerk" in outbound and "Online EFT-relatietherapie" not in outbound


def test_feedback_link_and_qr_then_anonymous_questionnaire_once(client, counsellor, desk):
    visit = VisitFactory(desk=desk)
    response = client.post(reverse("intake:feedback_invite", args=[visit.pk]), follow=True)
    page = response.content.decode()
    invitation = response.context["invitation"]
    link = f"http://testserver{reverse('intake:feedback_form', args=[invitation.token])}"
    assert f'value="{link}"' in page
    # The QR code is the one-time link: regenerate it as the view does and compare the modules.
    modules = re.compile(r'<svg[^>]*class="segno".*?<path[^>]* d="([^"]+)"', re.DOTALL)
    drawn = modules.search(page).group(1)
    assert drawn == modules.search(segno.make(link, error="m").svg_inline(scale=5)).group(1)
    other = segno.make(link.replace(invitation.token, "another-token"), error="m")
    assert drawn != modules.search(other.svg_inline(scale=5)).group(1)
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
    TrajectFactory(
        desk=desk,
        status=TrajectStatus.COMPLETED,
        closing_outcome="op_weg_geholpen",
        closed_on=timezone.localdate(),
    )
    with django_assert_max_num_queries(15):
        response = client.get(reverse("intake:start"))
    html = response.content.decode()
    assert [v.date.day for v in response.context["recent_visits"]] == [7, 6, 5, 4, 3]
    assert reverse("intake:visit_detail", args=[other_desk_visit.pk]) not in html
    assert [t.pk for t in response.context["running_trajects"]] == [running.pk]
    assert f"{running.code}</a>" in html and "1 / 5" in html
    assert f"{reverse('intake:visit_create')}?loket={desk.pk}" in html
    assert "Lopende trajecten" in html


def test_quick_entry_has_radio_buttons_and_only_the_directory_as_a_drop_down(
    client, counsellor, desk
):
    from intake.vocabularies import DeskChoices
    from referrals.models import Municipality

    for name in ("Brouwersdijk", "Elders", "Wijkcentrum"):
        LocationFactory(desk=desk, name=name)
    html = client.get(reverse("intake:visit_create")).content.decode()
    # The base layout's language switch is a drop-down too, but outside the visit form.
    start = html.index('<form method="post" novalidate>')
    form = html[start : html.index("</form>", start)]
    assert re.findall(r'<select[^>]*name="([^"]+)"', form) == ["referred_by"]
    radios = lambda name: re.findall(rf'<input type="radio"[^>]*name="{name}"', form)  # noqa: E731
    assert len(radios("location")) == 3 + 1  # three locations and "no location"
    # The desk's own municipality and its region (and "unknown"); any other is typed.
    near = DeskChoices(desk)["near_municipalities"]
    assert len(radios("municipality")) == len(near) + 1 < Municipality.objects.count() + 1
    assert 'name="municipality_other"' in html


def test_traject_can_be_changed_and_deleted_with_confirmation(client, counsellor, desk):
    visit = VisitFactory(desk=desk, date=datetime.date(2025, 3, 1))
    traject = services.traject_start(visit=visit)
    services.session_create(traject=traject, date=datetime.date(2025, 3, 10))
    edit = reverse("intake:traject_edit", args=[traject.pk])
    delete = reverse("intake:traject_delete", args=[traject.pk])
    detail = client.get(reverse("intake:traject_detail", args=[traject.pk])).content.decode()
    assert f'href="{edit}"' in detail and f'href="{delete}"' in detail

    # A running traject: only the start date; closing goes through "Traject afsluiten".
    assert list(client.get(edit).context["form"].fields) == ["started_on"]
    response = client.post(edit, {"started_on": "2025-03-05"}, follow=True)
    assert "Traject gewijzigd." in response.content.decode()
    traject.refresh_from_db()
    assert traject.started_on == datetime.date(2025, 3, 5)
    refused = client.post(edit, {"started_on": "2025-03-11"})
    assert refused.status_code == 200 and "na het eerste gesprek" in refused.content.decode()
    traject.refresh_from_db()
    assert traject.started_on == datetime.date(2025, 3, 5)

    # A closed traject: how and when it ended can be corrected, never left without outcome.
    services.traject_close(
        traject=traject,
        status=TrajectStatus.COMPLETED,
        closing_outcome="op_weg_geholpen",
        closed_on=datetime.date(2025, 3, 20),
    )
    closed = {"started_on": "2025-03-05", "status": "doorverwezen", "closed_on": "2025-03-21"}
    refused = client.post(edit, {**closed, "closing_outcome": ""})
    assert refused.status_code == 200
    traject.refresh_from_db()
    assert traject.closing_outcome == "op_weg_geholpen"
    assert client.post(edit, {**closed, "closing_outcome": "doorverwezen"}).status_code == 302
    traject.refresh_from_db()
    assert (traject.status, traject.closing_outcome, traject.closed_on) == (
        TrajectStatus.REFERRED_ON,
        "doorverwezen",
        datetime.date(2025, 3, 21),
    )

    villa = Organisation.objects.get(name="Villa Pinedo")
    services.referral_add(owner=traject, to_organisation=villa, warm_handover=False)
    confirm = client.get(delete).content.decode()
    assert "Ja, verwijderen" in confirm and traject.code in confirm
    assert Traject.objects.count() == 1
    response = client.post(delete, follow=True)
    assert "Traject verwijderd." in response.content.decode()
    assert (Traject.objects.count(), Session.objects.count(), Referral.objects.count()) == (0, 0, 0)
    assert Visit.objects.filter(pk=visit.pk).exists()


def test_trajects_of_another_desk_cannot_be_changed_or_deleted(client, counsellor):
    other = TrajectFactory(started_on=datetime.date(2025, 3, 1))
    for name in ("intake:traject_edit", "intake:traject_delete"):
        url = reverse(name, args=[other.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"started_on": "2025-01-01"}).status_code == 404
    other.refresh_from_db()
    assert other.started_on == datetime.date(2025, 3, 1)


def test_activity_can_be_changed_and_deleted_on_the_own_desk(client, counsellor, desk):
    activity = ActivityFactory(desk=desk, attendees=12, title="Webinar communicatie")
    edit = reverse("intake:activity_edit", args=[activity.pk])
    assert client.get(edit).context["form"].instance == activity
    response = client.post(
        edit,
        {
            "date": "2025-03-14",
            "kind": "training",
            "audience": "professionals",
            "attendees": "20",
            "title": "Training voor huisartsen",
        },
        follow=True,
    )
    assert "Activiteit gewijzigd." in response.content.decode()
    activity.refresh_from_db()
    assert (activity.date, activity.kind, activity.audience, activity.attendees) == (
        datetime.date(2025, 3, 14),
        "training",
        "professionals",
        20,
    )
    assert activity.title == "Training voor huisartsen"
    delete = reverse("intake:activity_delete", args=[activity.pk])
    assert "Ja, verwijderen" in client.get(delete).content.decode()
    assert Activity.objects.count() == 1
    response = client.post(delete, follow=True)
    assert "Activiteit verwijderd." in response.content.decode()
    assert Activity.objects.count() == 0
