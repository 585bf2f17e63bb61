"""The error summary counts every message, links each to its field, and does not speak of
saving where nothing is saved (the login)."""

import re

import pytest
from django.urls import reverse

from relatieloket.roles import Role

from .factories import DeskFactory, LocationFactory, WeeklyHourFactory

pytestmark = pytest.mark.django_db


def _summary(html):
    return re.search(r"data-error-summary.*?</div>", html, re.S).group(0)


def test_walk_in_hour_errors_are_counted_and_linked_to_their_fields(client, make_user):
    desk = DeskFactory()
    location = LocationFactory(desk=desk)
    WeeklyHourFactory(location=location, weekday=5)  # Friday 10–12
    client.force_login(make_user(Role.COORDINATOR, desks=[desk]))
    url = reverse("intake:weekly_hour_create", args=[location.pk])
    # Ends before it starts, and a first date that is no Friday.
    html = client.post(
        url,
        {"weekday": "5", "start": "12:00", "end": "11:00", "interval_weeks": "2",
         "first_date": "2026-12-08"},
    ).content.decode()  # fmt: skip
    summary = _summary(html)
    links = re.findall(r'<a class="alert-link" href="#(id_\w+)">', summary)
    assert links == ["id_end"], summary
    assert "Verbeter 1 punt:" in summary and "voordat u opslaat" not in summary
    # Overlapping the Friday hour: said at the start time.
    html = client.post(
        url, {"weekday": "5", "start": "11:00", "end": "13:00", "interval_weeks": "1"}
    ).content.decode()
    summary = _summary(html)
    assert re.findall(r'href="#(id_\w+)"', summary) == ["id_start"]
    assert "overlapt" in summary


def test_every_message_is_counted_also_two_on_the_whole_form(client, make_user):
    from django import forms

    from relatieloket.templatetags.form_errors import error_items

    class Form(forms.Form):
        name = forms.CharField()

    form = Form(data={})
    form.is_valid()
    form.add_error(None, "Eerste")
    form.add_error(None, "Tweede")
    items = error_items(form)
    assert len(items) == 3
    assert all(anchor == "#id_name" for anchor, _text in items)


def test_the_login_does_not_speak_of_saving(client):
    html = client.post(
        reverse("login"),
        {"auth-username": "niemand", "auth-password": "fout", "login_view-current_step": "auth"},
    ).content.decode()
    assert "voordat u opslaat" not in html
