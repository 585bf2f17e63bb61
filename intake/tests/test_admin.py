"""The functional admin manages the intake lists; codes and tokens are drawn, never typed."""

import datetime
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
    objects = {
        "visit": VisitFactory(),
        "traject": SessionFactory(traject=TrajectFactory(), number=1).traject,
        "activity": ActivityFactory(),
        "feedback": FeedbackFactory(),
    }
    for model in MODELS:
        changelist = admin_client.get(reverse(f"admin:intake_{model}_changelist"))
        assert changelist.status_code == 200, model
        add = admin_client.get(reverse(f"admin:intake_{model}_add"))
        # The anonymous answers of residents are read, never written, in the admin.
        assert add.status_code == (403 if model == "feedback" else 200), model
    for model, obj in objects.items():
        change = admin_client.get(reverse(f"admin:intake_{model}_change", args=[obj.pk]))
        assert change.status_code == 200, model
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


# --- the admin's writes go through the services ---------------------------------------------


def _form_data(form):
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False:
            continue
        key = form.add_prefix(name)
        if isinstance(value, list | tuple):
            data[key] = [getattr(v, "pk", v) for v in value]
        elif value is True:
            data[key] = "on"
        else:
            data[key] = getattr(value, "pk", value)
        del field
    return data


def _change_data(admin_client, url):
    """What the admin's change page would post back unchanged: the form and its inlines."""
    context = admin_client.get(url).context
    data = _form_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(n): management[n].value() for n in management.fields})
        for form in formset.initial_forms:
            data.update(_form_data(form))
    return data


def _session_numbers(traject):
    return list(traject.sessions.order_by("number").values_list("number", flat=True))


@pytest.fixture
def five_sessions(db):
    from intake import services

    traject = TrajectFactory(started_on=datetime.date(2025, 3, 1))
    for day in range(5):
        services.session_create(traject=traject, date=datetime.date(2025, 3, 3 + day))
    return traject


def test_the_admin_cannot_add_a_sixth_session(admin_client, five_sessions):
    url = reverse("admin:intake_traject_change", args=[five_sessions.pk])
    data = _change_data(admin_client, url)
    data.update(
        {
            "sessions-TOTAL_FORMS": "6",
            "sessions-5-date": "2025-03-20",
            "sessions-5-minutes": "90",
            "sessions-5-attendance": "beide_partners",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "at most 5" in str(
        response.context["inline_admin_formsets"][0].formset.non_form_errors()
    ) or ("maximaal 5" in response.content.decode())
    assert _session_numbers(five_sessions) == [1, 2, 3, 4, 5]


def test_deleting_a_session_in_the_admin_closes_up_the_numbers(admin_client, five_sessions):
    from audit.models import AuditEntry

    url = reverse("admin:intake_traject_change", args=[five_sessions.pk])
    data = _change_data(admin_client, url)
    data["sessions-1-DELETE"] = "on"
    data["sessions-2-minutes"] = "60"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert _session_numbers(five_sessions) == [1, 2, 3, 4]
    assert list(five_sessions.sessions.values_list("minutes", flat=True).order_by("number")) == [
        90,
        60,
        90,
        90,
    ]
    assert AuditEntry.objects.filter(action="delete", actor_username="beheer").count() == 1
    # Room for one more, added in the admin with the next number.
    data = _change_data(admin_client, url)
    data.update(
        {
            "sessions-TOTAL_FORMS": "5",
            "sessions-4-date": "2025-03-20",
            "sessions-4-minutes": "90",
            "sessions-4-attendance": "een_partner",
        }
    )
    assert admin_client.post(url, data).status_code == 302
    assert _session_numbers(five_sessions) == [1, 2, 3, 4, 5]


def test_closing_a_traject_in_the_admin_goes_through_the_service(admin_client, five_sessions):
    url = reverse("admin:intake_traject_change", args=[five_sessions.pk])
    data = _change_data(admin_client, url)
    data.update({"status": "afgerond", "closed_on": "2025-03-31"})
    response = admin_client.post(url, data)
    assert response.status_code == 200  # a closed traject needs its outcome
    data["closing_outcome"] = "op_weg_geholpen"
    assert admin_client.post(url, data).status_code == 302
    five_sessions.refresh_from_db()
    assert (five_sessions.status, five_sessions.closing_outcome) == ("afgerond", "op_weg_geholpen")


def test_changing_referred_by_in_the_admin_replaces_the_inbound_referral(admin_client):
    from referrals.models import Organisation, Referral

    sko = Organisation.objects.get(name="Adviespunt Scheiden, Kind en Ouderschap")
    desk = DeskFactory(organisation=sko)
    huisarts = Organisation.objects.get(name="Huisarts")
    school = Organisation.objects.get(name="Scholen en schoolmaatschappelijk werk")
    from intake import services

    visit = services.visit_create(
        created_by=None,
        desk=desk,
        date=datetime.date(2025, 3, 14),
        channel="inloop",
        who_came="een_partner",
        women=1,
        question="twijfels",
        outcome="op_weg_geholpen",
        referred_by=huisarts,
    )
    url = reverse("admin:intake_visit_change", args=[visit.pk])
    data = _change_data(admin_client, url)
    data["referred_by"] = school.pk
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [r.from_organisation for r in visit.referrals.all()] == [school]
    assert not Referral.objects.filter(from_organisation=huisarts).exists()


def test_an_overlapping_walk_in_hour_in_the_admin_is_a_message_and_nothing_is_saved(admin_client):
    from intake.models import WeeklyHour

    from .factories import LocationFactory, WeeklyHourFactory

    location = LocationFactory()
    WeeklyHourFactory(location=location, weekday=5)
    url = reverse("admin:intake_location_change", args=[location.pk])
    data = _change_data(admin_client, url)
    data.update(
        {
            "weekly_hours-TOTAL_FORMS": "2",
            "weekly_hours-1-weekday": "5",
            "weekly_hours-1-start": "11:00",
            "weekly_hours-1-end": "13:00",
            "weekly_hours-1-interval_weeks": "1",
        }
    )
    response = admin_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "overlap" in response.content.decode()
    assert WeeklyHour.objects.filter(location=location).count() == 1


def test_a_duplicate_location_name_in_the_desk_admin_is_refused(admin_client):
    from intake.models import Location

    from .factories import LocationFactory

    location = LocationFactory(name="Brouwersdijk")
    url = reverse("admin:intake_desk_change", args=[location.desk.pk])
    data = _change_data(admin_client, url)
    data.update(
        {
            "locations-TOTAL_FORMS": "2",
            "locations-1-name": "brouwersdijk",
            "locations-1-is_active": "on",
        }
    )
    response = admin_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert Location.objects.filter(desk=location.desk).count() == 1


def _referral_figures():
    from intake.models import ReferralMonth

    return sorted(
        ReferralMonth.objects.values_list("desk", "month", "to_organisation__name", "count")
    )


def test_admin_changes_to_a_referral_or_a_desk_recount_the_referral_figures(admin_client):
    """The functional admin can move a referral's date, delete it, or give a desk another
    organisation: the outbound referral figures per desk and month follow, as a rebuild would."""
    from intake import figures, services

    from .factories import OrganisationFactory

    desk = DeskFactory()
    partner = OrganisationFactory(name="Wijkteam West")
    visit = VisitFactory(desk=desk, date=datetime.date(2024, 3, 10))
    referral = services.outbound_referral_create(
        owner=visit, to_organisation=partner, warm_handover=False
    )
    march, may = datetime.date(2024, 3, 1), datetime.date(2024, 5, 1)
    assert _referral_figures() == [(desk.pk, march, "Wijkteam West", 1)]

    url = reverse("admin:referrals_referral_change", args=[referral.pk])
    data = _change_data(admin_client, url)
    data["date"] = "2024-05-02"
    assert admin_client.post(url, data).status_code == 302
    assert _referral_figures() == [(desk.pk, may, "Wijkteam West", 1)]

    url = reverse("admin:referrals_referral_delete", args=[referral.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert _referral_figures() == []

    services.outbound_referral_create(owner=visit, to_organisation=partner, warm_handover=False)
    assert _referral_figures() == [(desk.pk, march, "Wijkteam West", 1)]
    url = reverse("admin:intake_desk_change", args=[desk.pk])
    data = _change_data(admin_client, url)
    data["organisation"] = str(OrganisationFactory(name="Adviespunt Oost").pk)
    data["organisations"] = [str(partner.pk)]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    # The referral came from the desk's former organisation: no longer the desk's outbound.
    assert _referral_figures() == []
    figures.rebuild()
    assert _referral_figures() == []
