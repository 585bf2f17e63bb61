"""Bad input through HTTP: extreme dates and junk parameters are form errors (never a 500),
free text is bounded in the form, the model and the database."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, models, transaction
from django.urls import reverse
from django.utils import timezone

from intake import identity, services
from intake.constants import COMMENT_MAX_LENGTH, NOTES_MAX_LENGTH
from intake.models import Activity, Feedback, Session, Traject, Visit
from referrals.models import Organisation
from referrals.validators import latest_date
from relatieloket.roles import Role

from .factories import (
    DeskFactory,
    FeedbackInvitationFactory,
    TrajectFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

EXTREME_DATES = ["0001-01-01", "1999-12-31", "9999-12-31", "zzz", "2025-02-30", "99999-01-01"]


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
    return {
        "date": "2025-03-14",
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


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", EXTREME_DATES)
def test_a_visit_with_an_extreme_date_is_a_form_error(client, counsellor, desk, value):
    response = client.post(reverse("intake:visit_create"), _visit_post(date=value))
    assert response.status_code == 200
    assert response.context["form"].errors["date"]
    assert not Visit.objects.exists()


def test_a_visit_is_dated_from_2000_up_to_today(client, counsellor, desk):
    """The sensible range ends next year; a visit, being work done, ends today."""
    assert latest_date() == datetime.date(timezone.localdate().year + 1, 12, 31)
    today = timezone.localdate()
    for value, ok in [
        ("2000-01-01", True),
        (today.isoformat(), True),
        ((today + datetime.timedelta(days=1)).isoformat(), False),
        (latest_date().isoformat(), False),
    ]:
        response = client.post(reverse("intake:visit_create"), _visit_post(date=value))
        assert (response.status_code == 302) is ok, value
    response = client.post(reverse("intake:visit_create"), _visit_post(date="1999-12-31"))
    assert "01-01-2000" in response.content.decode()  # the message names the range


def test_date_pickers_are_limited_to_the_range(client, counsellor):
    html = client.get(reverse("intake:visit_create")).content.decode()
    assert 'min="2000-01-01"' in html
    assert f'max="{timezone.localdate().isoformat()}"' in html


@pytest.mark.parametrize("value", EXTREME_DATES)
def test_session_traject_and_activity_forms_refuse_extreme_dates(client, counsellor, desk, value):
    traject = TrajectFactory(desk=desk, started_on=datetime.date(2025, 1, 6))
    response = client.post(
        reverse("intake:session_add", args=[traject.pk]),
        {"date": value, "minutes": "90", "attendance": "beide_partners"},
    )
    assert response.status_code == 400 and response.context["session_form"].errors["date"]
    response = client.post(reverse("intake:traject_edit", args=[traject.pk]), {"started_on": value})
    assert response.status_code == 200 and response.context["form"].errors["started_on"]
    response = client.post(
        reverse("intake:traject_close", args=[traject.pk]),
        {"status": "afgerond", "closing_outcome": "op_weg_geholpen", "closed_on": value},
    )
    assert response.status_code == 400 and response.context["close_form"].errors["closed_on"]
    response = client.post(
        reverse("intake:activity_create"),
        {"date": value, "kind": "webinar", "audience": "inwoners", "attendees": "12"},
    )
    assert response.status_code == 200 and response.context["form"].errors["date"]
    assert not Session.objects.exists() and not Activity.objects.exists()
    traject.refresh_from_db()
    assert traject.started_on == datetime.date(2025, 1, 6) and traject.closed_on is None


@pytest.mark.parametrize("value", EXTREME_DATES)
def test_list_filters_with_extreme_dates_show_an_error_not_a_500(client, counsellor, desk, value):
    VisitFactory(desk=desk, date=datetime.date(2025, 3, 1))
    for name in ("intake:visit_list", "intake:traject_list"):
        response = client.get(reverse(name), {"start": value, "end": "9999-12-31"})
        assert response.status_code == 200
        assert response.context["filters"].errors


@pytest.mark.parametrize("junk", ["zzz", "-1", "1.5", "1 OR 1=1", "٣"])
def test_junk_desk_parameters_are_404_never_500(client, counsellor, desk, junk):
    assert client.get(reverse("intake:visit_create"), {"loket": junk}).status_code == 404
    response = client.post(reverse("intake:visit_create"), _visit_post(desk=junk))
    assert response.status_code == 404
    assert client.get(reverse("intake:activity_create"), {"loket": junk}).status_code == 404
    assert client.get(reverse("intake:visit_create"), {"opgeslagen": junk}).status_code == 200
    assert client.get(reverse("intake:visit_list"), {"page": junk}).status_code == 200
    assert not Visit.objects.exists()


# --- free text bounded ----------------------------------------------------------------------


def _free_text_fields():
    """Every field people type free text into, in the intake and referrals apps."""
    for app in ("intake", "referrals"):
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if (
                    isinstance(field, models.CharField | models.TextField)
                    and field.editable
                    and not field.choices
                ):
                    yield model, field


def test_every_free_text_field_is_bounded_in_form_model_and_database():
    fields = list(_free_text_fields())
    assert ("Visit", "notes") in [(m.__name__, f.name) for m, f in fields]
    for model, field in fields:
        label = f"{model.__name__}.{field.name}"
        assert field.max_length, label
        assert field.formfield().max_length == field.max_length, label
        assert any(getattr(v, "limit_value", None) == field.max_length for v in field.validators)
        checks = {c.name for c in model._meta.constraints}
        assert f"{model._meta.model_name}_{field.name}_max_length" in checks, label


@pytest.mark.parametrize(
    ("model", "field", "limit"),
    [
        (Visit, "notes", NOTES_MAX_LENGTH),
        (Session, "notes", NOTES_MAX_LENGTH),
        (Feedback, "comment", COMMENT_MAX_LENGTH),
        (Activity, "title", 200),
        (Organisation, "description", 2000),
        (Organisation, "cost_to_resident", 200),
    ],
)
def test_the_database_refuses_over_long_text_past_the_orm(desk, model, field, limit):
    """An UPDATE straight to the database, past every form and model check."""
    if model is Organisation:
        row = Organisation.objects.create(name="Testorganisatie", kind="overig")
    elif model is Session:
        row = Session.objects.create(
            traject=TrajectFactory(desk=desk), number=1, date=datetime.date(2025, 1, 6)
        )
    elif model is Feedback:
        invitation = FeedbackInvitationFactory(desk=desk)
        row = Feedback.objects.create(
            invitation=invitation, desk=desk, got_answer="ja", rating=8, would_recommend=True
        )
    elif model is Activity:
        row = Activity.objects.create(
            desk=desk,
            date=datetime.date(2025, 1, 6),
            kind="webinar",
            audience="inwoners",
            attendees=3,
        )
    else:
        row = VisitFactory(desk=desk)
    model.objects.filter(pk=row.pk).update(**{field: "a" * limit})  # the limit itself is fine
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field: "a" * (limit + 1)})
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT LENGTH({field}) FROM {model._meta.db_table} WHERE id = %s", [row.pk]
        )
        assert cursor.fetchone()[0] == limit


def test_an_over_long_visit_note_is_a_form_error_and_nothing_is_saved(client, counsellor):
    html = client.get(reverse("intake:visit_create")).content.decode()
    assert f'maxlength="{NOTES_MAX_LENGTH}"' in html
    response = client.post(
        reverse("intake:visit_create"), _visit_post(notes="a" * (NOTES_MAX_LENGTH + 1))
    )
    assert response.status_code == 200
    assert str(NOTES_MAX_LENGTH) in " ".join(response.context["form"].errors["notes"])
    assert not Visit.objects.exists()


def test_an_over_long_session_note_is_refused_by_the_service_too(desk):
    traject = TrajectFactory(desk=desk, started_on=datetime.date(2025, 1, 6))
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            traject=traject,
            date=datetime.date(2025, 1, 6),
            notes="a" * (NOTES_MAX_LENGTH + 1),
        )
    assert "notes" in exc.value.message_dict
    assert not Session.objects.exists()


def test_an_over_long_feedback_comment_is_refused_before_the_identity_check(
    client, desk, monkeypatch
):
    checked = []
    real = identity._first_per_kind
    monkeypatch.setattr(
        identity,
        "_first_per_kind",
        lambda text, allowed=(): checked.append(len(text)) or real(text),
    )
    invitation = FeedbackInvitationFactory(desk=desk)
    url = reverse("intake:feedback_form", args=[invitation.token])
    assert f'maxlength="{COMMENT_MAX_LENGTH}"' in client.get(url).content.decode()
    answers = {"got_answer": "ja", "rating": "8", "would_recommend": "True"}
    response = client.post(url, {**answers, "comment": "1" * 100_000})
    assert response.status_code == 200
    assert response.context["form"].errors["comment"]
    assert checked == []  # the 100 KB never reached the identity check
    assert not Feedback.objects.exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None  # the link still works
    response = client.post(url, {**answers, "comment": "Fijn gesprek, dank!"})
    assert checked and set(checked) == {len("Fijn gesprek, dank!")}
    assert Feedback.objects.get().comment == "Fijn gesprek, dank!"


def test_a_traject_is_refused_a_date_out_of_range_by_the_service(desk):
    visit = VisitFactory(desk=desk, date=datetime.date(2025, 3, 1))
    with pytest.raises(ValidationError):
        services.traject_start(visit=visit, started_on=datetime.date(1990, 1, 1))
    assert not Traject.objects.exists()
