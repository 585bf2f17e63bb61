"""Forms that say what is wrong: one summary at the top (role="alert", each message a link to
its field), every message visible next to its field and tied to it with aria-describedby."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from intake import services
from intake.models import Session
from relatieloket.roles import Role

from .factories import DeskFactory, TrajectFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
REQUIRED_GROUPS = ["channel", "who_came", "age_band", "question", "track", "outcome"]


@pytest.fixture
def desk(db):
    return DeskFactory(name="Adviespunt SKO Dordrecht")


@pytest.fixture
def counsellor(client, make_user, desk):
    user = make_user(Role.COUNSELLOR, desks=[desk])
    client.force_login(user)
    return user


def _summary(page):
    match = re.search(r'<div class="alert alert-danger error-summary"(.*?)</div>', page, re.S)
    assert match, "no error summary"
    return match.group(0)


def test_an_empty_visit_form_lists_every_error_with_a_link_to_its_field(client, counsellor, desk):
    response = client.post(reverse("intake:visit_create"), {"desk": desk.pk})
    assert response.status_code == 200
    page = response.content.decode()
    summary = _summary(page)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary and "autofocus" in summary
    assert "Verbeter" in summary
    for name in ["date", *REQUIRED_GROUPS]:
        assert f'href="#id_{name}"' in summary, name
        # The link has a target: the input itself, or the group's fieldset.
        assert f'id="id_{name}"' in page, name
    assert "Kanaal: Dit veld is verplicht." in summary


@pytest.mark.parametrize("name", REQUIRED_GROUPS)
def test_the_message_of_a_radio_group_is_visible_and_described(client, counsellor, desk, name):
    page = client.post(reverse("intake:visit_create"), {"desk": desk.pk}).content.decode()
    fieldset = re.search(rf'<fieldset id="id_{name}"[^>]*>', page).group(0)
    assert f'aria-describedby="id_{name}_error"' in fieldset
    # d-block: shown, not only a red border (Bootstrap hides .invalid-feedback that is not a
    # sibling of the invalid input, which a radio group's message is not).
    feedback = re.search(rf'<div id="id_{name}_error" class="([^"]*)"', page)
    assert feedback and "d-block" in feedback.group(1).split()


def test_a_text_input_points_to_its_message(client, counsellor, desk):
    page = client.post(reverse("intake:visit_create"), {"desk": desk.pk}).content.decode()
    date_input = re.search(r'<input type="date" name="date"[^>]*>', page).group(0)
    assert 'aria-describedby="id_date_error"' in date_input and 'aria-invalid="true"' in date_input
    assert 'id="id_date_error"' in page


def test_a_service_error_lands_at_its_field_and_in_the_summary(client, counsellor, desk):
    """The one helper (relatieloket.forms.add_service_errors) used by every view."""
    traject = TrajectFactory(desk=desk, started_on=TODAY - datetime.timedelta(days=3))
    response = client.post(
        reverse("intake:session_add", args=[traject.pk]),
        {
            "date": (TODAY - datetime.timedelta(days=5)).isoformat(),
            "minutes": "90",
            "attendance": "beide_partners",
        },
    )
    assert response.status_code == 400
    summary = _summary(response.content.decode())
    assert 'href="#id_date"' in summary
    assert "Een gesprek kan niet vóór het begin van het traject liggen." in summary


def test_other_apps_forms_have_the_summary_too(client, make_user):
    from referrals.models import Municipality

    hia = Municipality.objects.get(cbs_code="GM0531")
    client.force_login(make_user(Role.POLICY, municipalities=[hia]))
    page = client.post(reverse("reports:council_create"), {"title": ""}).content.decode()
    assert 'href="#id_title"' in _summary(page)


def test_a_full_traject_shows_no_session_form_and_sessions_are_in_date_order(
    client, counsellor, desk
):
    traject = TrajectFactory(desk=desk, started_on=TODAY - datetime.timedelta(days=60))
    # Entered out of order: the second one typed took place first.
    for days_ago in (20, 40, 10, 5):
        services.session_create(traject=traject, date=TODAY - datetime.timedelta(days=days_ago))
    page = client.get(reverse("intake:traject_detail", args=[traject.pk])).content.decode()
    assert 'action="/loket/trajecten/' in page and "Volgend gesprek registreren" in page
    dates = re.findall(r"<td[^>]*>(\d\d-\d\d-\d{4})</td>", page)
    parsed = [datetime.datetime.strptime(d, "%d-%m-%Y").date() for d in dates]
    assert parsed == sorted(parsed) and len(parsed) == 4
    services.session_create(traject=traject, date=TODAY)
    page = client.get(reverse("intake:traject_detail", args=[traject.pk])).content.decode()
    assert Session.objects.filter(traject=traject).count() == 5
    assert "Volgend gesprek registreren" not in page
    assert reverse("intake:session_add", args=[traject.pk]) not in page
    assert "Een traject heeft maximaal 5 gesprekken en ze zijn alle gevoerd." in page
