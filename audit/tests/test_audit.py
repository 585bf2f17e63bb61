"""The audit trail through HTTP: creates, edits and deletes by counsellors, coordinators, policy
staff and the admin are recorded (who, what, which object and fields, never what they wrote),
the database refuses to change an entry, and the functional admin reads it, read-only."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audit.constants import Action
from audit.models import AuditEntry
from audit.services import audited, record
from intake.models import LifeEvent, Location, Session, Traject, Visit, WeeklyHour
from intake.tests.factories import DeskFactory, TrajectFactory
from referrals.models import Municipality, Organisation, PartnerReturn
from relatieloket.roles import Role

pytestmark = pytest.mark.django_db
SECRET = "Partner noemde de ruzie over de schoonmoeder geheim-7Q2"
DAY = "2025-03-14"


def _entries(model, pk=None):
    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    if pk is not None:
        entries = entries.filter(object_id=str(pk))
    return list(entries.order_by("pk").values_list("action", "actor_username", "fields"))


def _no_free_text_anywhere():
    """No column of any entry holds the secret note (or any part of it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditentry")
        rows = cursor.fetchall()
    assert rows
    text = repr(rows)
    assert "geheim" not in text and "schoonmoeder" not in text


@pytest.fixture
def desk(db):
    sko = Organisation.objects.get(name="Adviespunt Scheiden, Kind en Ouderschap")
    return DeskFactory(name="Adviespunt SKO Dordrecht", organisation=sko)


def _visit_post(**extra):
    return {
        "date": DAY,
        "channel": "inloop",
        "who_came": "een_partner",
        "women": "1",
        "men": "0",
        "other_gender": "0",
        "age_band": "35_44",
        "question": "herstellen",
        "track": "A",
        "outcome": "op_weg_geholpen",
        **extra,
    }


def test_a_visit_created_edited_and_deleted_on_the_screens_is_audited(client, make_user, desk):
    user = make_user(Role.COUNSELLOR, username="hulpverlener-anna", desks=[desk])
    client.force_login(user)
    huisarts = Organisation.objects.get(name="Huisarts")
    response = client.post(
        reverse("intake:visit_create"), _visit_post(notes=SECRET, referred_by=huisarts.pk)
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    client.post(
        reverse("intake:visit_edit", args=[visit.pk]),
        _visit_post(notes=SECRET + " en meer", channel="telefoon", referred_by=huisarts.pk),
    )
    entries = _entries(Visit, visit.pk)
    assert entries[0][:2] == ("create", "hulpverlener-anna") and "notes" in entries[0][2]
    assert entries[1] == ("update", "hulpverlener-anna", ["channel", "notes"])
    # The inbound referral the visit made is recorded as the counsellor's too.
    referral = visit.referrals.get()
    assert _entries(type(referral), referral.pk)[0][:2] == ("create", "hulpverlener-anna")
    client.post(reverse("intake:visit_delete", args=[visit.pk]))
    assert _entries(Visit, visit.pk)[-1] == ("delete", "hulpverlener-anna", [])
    assert _entries(type(referral), referral.pk)[-1][0] == "delete"
    _no_free_text_anywhere()


def test_an_unchanged_save_records_nothing(client, make_user, desk):
    client.force_login(make_user(Role.COUNSELLOR, desks=[desk]))
    client.post(reverse("intake:visit_create"), _visit_post())
    visit = Visit.objects.get()
    client.post(reverse("intake:visit_edit", args=[visit.pk]), _visit_post())
    assert [e[0] for e in _entries(Visit, visit.pk)] == ["create"]


def test_traject_and_sessions_are_audited_and_renumbering_too(client, make_user, desk):
    user = make_user(Role.COUNSELLOR, username="hulpverlener-bo", desks=[desk])
    client.force_login(user)
    client.post(reverse("intake:visit_create"), _visit_post())
    visit = Visit.objects.get()
    client.post(reverse("intake:traject_start", args=[visit.pk]))
    traject = Traject.objects.get()
    assert _entries(Traject, traject.pk)[0][:2] == ("create", "hulpverlener-bo")
    assert _entries(Visit, visit.pk)[-1] == ("update", "hulpverlener-bo", ["outcome", "track"])
    for _ in range(3):
        client.post(
            reverse("intake:session_add", args=[traject.pk]),
            {"date": DAY, "minutes": "90", "attendance": "beide_partners", "notes": SECRET},
        )
    first, second, third = Session.objects.filter(traject=traject).order_by("number")
    client.post(
        reverse("intake:session_edit", args=[second.pk]),
        {"date": DAY, "minutes": "60", "attendance": "beide_partners", "notes": SECRET},
    )
    assert _entries(Session, second.pk)[-1] == ("update", "hulpverlener-bo", ["minutes"])
    client.post(reverse("intake:session_delete", args=[first.pk]))
    assert _entries(Session, first.pk)[-1] == ("delete", "hulpverlener-bo", [])
    assert _entries(Session, third.pk)[-1] == ("update", "hulpverlener-bo", ["number"])
    client.post(
        reverse("intake:traject_close", args=[traject.pk]),
        {"status": "afgerond", "closing_outcome": "op_weg_geholpen", "closed_on": DAY},
    )
    assert _entries(Traject, traject.pk)[-1] == (
        "close",
        "hulpverlener-bo",
        ["closed_on", "closing_outcome", "status"],
    )
    client.post(reverse("intake:traject_delete", args=[traject.pk]))
    assert _entries(Traject, traject.pk)[-1][0] == "delete"
    assert _entries(Session, second.pk)[-1][0] == "delete"
    _no_free_text_anywhere()


def test_locations_and_walk_in_hours_are_audited(client, make_user, desk):
    client.force_login(make_user(Role.COORDINATOR, username="coordinator-cas", desks=[desk]))
    client.post(reverse("intake:location_create"), {"name": "Brouwersdijk", "is_active": "on"})
    location = Location.objects.get(name="Brouwersdijk")
    client.post(
        reverse("intake:location_edit", args=[location.pk]),
        {"name": "Brouwersdijk", "address": "Brouwersdijk 12", "is_active": "on"},
    )
    client.post(
        reverse("intake:weekly_hour_create", args=[location.pk]),
        {"weekday": "5", "start": "10:00", "end": "12:00"},
    )
    hour = WeeklyHour.objects.get()
    client.post(reverse("intake:weekly_hour_delete", args=[hour.pk]))
    client.post(reverse("intake:location_deactivate", args=[location.pk]))
    assert [e[0] for e in _entries(Location, location.pk)] == ["create", "update", "deactivate"]
    assert _entries(Location, location.pk)[1] == ("update", "coordinator-cas", ["address"])
    assert [e[0] for e in _entries(WeeklyHour, hour.pk)] == ["create", "delete"]


def test_activities_and_feedback_invitations_are_audited(client, make_user, desk):
    from intake.models import Activity, FeedbackInvitation

    client.force_login(make_user(Role.COUNSELLOR, username="hulpverlener-dee", desks=[desk]))
    data = {"date": DAY, "kind": "webinar", "audience": "inwoners", "attendees": "12"}
    client.post(reverse("intake:activity_create"), {**data, "title": "Webinar over ruzie"})
    activity = Activity.objects.get()
    client.post(reverse("intake:activity_edit", args=[activity.pk]), {**data, "attendees": "14"})
    client.post(reverse("intake:activity_delete", args=[activity.pk]))
    assert [e[0] for e in _entries(Activity, activity.pk)] == ["create", "update", "delete"]
    client.post(reverse("intake:visit_create"), _visit_post())
    client.post(reverse("intake:feedback_invite", args=[Visit.objects.get().pk]))
    invitation = FeedbackInvitation.objects.get()
    assert _entries(FeedbackInvitation, invitation.pk)[0][:2] == ("create", "hulpverlener-dee")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditentry")
        assert invitation.token not in repr(cursor.fetchall())  # the secret link is no value


def test_partner_returns_are_audited(client, make_user):
    dordrecht = Municipality.objects.get(cbs_code="GM0505")
    client.force_login(make_user(Role.POLICY, username="beleid-eva", municipalities=[dordrecht]))
    poh = Organisation.objects.get(name="POH GGZ Jeugd Dordrecht")
    data = {
        "organisation": poh.pk,
        "municipality": dordrecht.pk,
        "period_start": "2023-01-01",
        "period_end": "2023-12-31",
        "persons": "18",
        "helped": "17",
        "referred_on": "1",
    }
    client.post(reverse("referrals:return_create"), data)
    partner_return = PartnerReturn.objects.get()
    client.post(
        reverse("referrals:return_edit", args=[partner_return.pk]), {**data, "helped": "16"}
    )
    client.post(reverse("referrals:return_delete", args=[partner_return.pk]))
    entries = _entries(PartnerReturn, partner_return.pk)
    assert [e[0] for e in entries] == ["create", "update", "delete"]
    assert entries[1] == ("update", "beleid-eva", ["helped"])


@pytest.fixture
def functional_admin(client, make_user):
    user = make_user(Role.ADMIN, username="beheerder-fay")
    client.force_login(user)
    return client


def test_admin_adds_changes_and_deletes_are_audited(functional_admin):
    client = functional_admin
    response = client.post(
        reverse("admin:intake_lifeevent_add"), {"name": "Mantelzorg", "is_active": "on", "order": 9}
    )
    assert response.status_code == 302
    event = LifeEvent.objects.get(name="Mantelzorg")
    assert _entries(LifeEvent, event.pk) == [("create", "beheerder-fay", ["name", "order"])]
    sko = Organisation.objects.get(name="Adviespunt Scheiden, Kind en Ouderschap")
    change = reverse("admin:referrals_organisation_change", args=[sko.pk])
    form = client.get(change).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name != "municipalities"
    }
    data["municipalities"] = [m.pk for m in sko.municipalities.all()]
    data["public_phone"] = "078 770 80 10"
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert _entries(Organisation, sko.pk)[-1] == ("update", "beheerder-fay", ["public_phone"])
    # The bulk action "delete selected" records every object it deletes.
    other = LifeEvent.objects.create(name="Pensioen")
    response = client.post(
        reverse("admin:intake_lifeevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk, other.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert _entries(LifeEvent, event.pk)[-1] == ("delete", "beheerder-fay", [])
    assert _entries(LifeEvent, other.pk)[-1] == ("delete", "beheerder-fay", [])


def test_admin_writes_of_visits_trajects_and_sessions_go_through_the_services(
    functional_admin, desk
):
    client = functional_admin
    huisarts = Organisation.objects.get(name="Huisarts")
    response = client.post(
        reverse("admin:intake_visit_add"),
        {**_visit_post(notes=SECRET), "desk": desk.pk, "referred_by": huisarts.pk},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    visit = Visit.objects.get()
    assert visit.created_by.username == "beheerder-fay"
    inbound = visit.referrals.get()  # synced by the service, as on the screens
    assert (inbound.from_organisation, inbound.to_organisation) == (huisarts, desk.organisation)
    assert _entries(Visit, visit.pk)[0][:2] == ("create", "beheerder-fay")
    response = client.post(
        reverse("admin:intake_traject_add"),
        {
            "desk": desk.pk,
            "visit": visit.pk,
            "started_on": DAY,
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    traject = Traject.objects.get()
    assert len(traject.code) == 9 and traject.visit == visit
    visit.refresh_from_db()
    assert (visit.track, visit.outcome) == ("B", "traject_gestart")
    _no_free_text_anywhere()


def test_the_database_refuses_to_change_or_delete_an_entry_past_the_orm(desk):
    entry = record(actor=None, action=Action.CREATE, obj=desk, fields=["name"])
    for statement in (
        "UPDATE audit_auditentry SET action = 'delete' WHERE id = %s",
        "UPDATE audit_auditentry SET fields = '[]' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(object_id="0")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.all().delete()
    entry.refresh_from_db()
    assert (entry.action, entry.object_id, entry.fields) == ("create", str(desk.pk), ["name"])


def test_entries_outlive_a_deleted_user(make_user, desk):
    user = make_user(Role.COUNSELLOR, username="vertrokken-gijs", desks=[desk])
    record(actor=user, action=Action.UPDATE, obj=desk, fields=["name"])
    user.delete()
    entry = AuditEntry.objects.get()
    assert entry.actor_username == "vertrokken-gijs" and entry.actor_id is not None


def test_only_registered_actions_and_real_field_names_are_recorded(desk):
    with pytest.raises(ValueError):
        record(actor=None, action="hack", obj=desk)
    with pytest.raises(ValueError):
        record(actor=None, action=Action.UPDATE, obj=desk, fields=["06-12345678"])
    assert not AuditEntry.objects.exists()


def test_the_functional_admin_reads_the_trail_read_only(functional_admin, make_user, client, desk):
    entry = record(actor=None, action=Action.UPDATE, obj=desk, fields=["name"])
    changelist = reverse("admin:audit_auditentry_changelist")
    response = functional_admin.get(changelist)
    assert response.status_code == 200
    filters = [spec.title for spec in response.context["cl"].filter_specs]
    assert len(filters) == 4  # action, object type, user, date
    assert functional_admin.get(changelist, {"action__exact": "update"}).status_code == 200
    assert functional_admin.get(reverse("admin:audit_auditentry_add")).status_code == 403
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    page = functional_admin.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert functional_admin.post(change, {"action": "delete"}).status_code == 403
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert functional_admin.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.action == "update"
    # Staff with another role, and the other roles, do not see it.
    for role in (Role.COUNSELLOR, Role.POLICY):
        other = make_user(role)
        type(other).objects.filter(pk=other.pk).update(is_staff=True)
        client.force_login(other)
        assert client.get(changelist).status_code == 403


def test_the_trail_names_a_system_change_without_a_user(desk):
    entry = record(actor=None, action=Action.CREATE, obj=desk)
    assert entry.actor is None and entry.actor_username == ""
    assert str(entry).endswith("– create")


def test_a_session_date_before_the_traject_is_refused_on_edit_too(client, make_user, desk):
    client.force_login(make_user(Role.COUNSELLOR, desks=[desk]))
    traject = TrajectFactory(desk=desk, started_on=datetime.date(2025, 3, 1))
    from intake import services

    session = services.session_create(traject=traject, date=datetime.date(2025, 3, 5))
    response = client.post(
        reverse("intake:session_edit", args=[session.pk]),
        {"date": "2025-02-01", "minutes": "90", "attendance": "beide_partners"},
    )
    assert response.status_code == 200 and response.context["form"].errors["date"]


def test_audited_records_a_new_object_a_change_and_nothing_for_an_error_or_no_change(desk):
    """`audited`, the save helper every service uses: a new object as created with the fields
    filled in, a change with the names of the changed fields, nothing when the block raises
    (also when the caller goes on in the same transaction) or changes nothing."""
    location = Location(desk=desk, name="Brouwersdijk")
    with audited(location, actor=None):
        location.save()
    with audited(location, actor=None):
        location.address = "Brouwersdijk 12"
        location.save()
    with audited(location, actor=None):
        location.save()
    with pytest.raises(ValueError), audited(location, actor=None):
        location.name = "Elders"
        location.save()
        raise ValueError("refused after the save")
    assert _entries(Location, location.pk) == [
        ("create", "", ["desk", "is_active", "name"]),
        ("update", "", ["address"]),
    ]
