"""The follow-up page over HTTP: by code, without login, cookie, address or script."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEntry
from evaluation import services
from evaluation.models import FollowUpAnswer, FollowUpAttempt, Measurement, TrajectEvaluation
from evaluation.selectors import evaluation_figures
from intake.models import Traject
from intake.tests.factories import TrajectFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
URL = "/vervolg/"
NEUTRAL = "We konden uw antwoorden niet opslaan. Kijk of de code klopt met uw kaart."


def closed_traject(desk, *, days_ago):
    traject = TrajectFactory(desk=desk, started_on=TODAY - datetime.timedelta(days=days_ago + 40))
    Traject.objects.filter(pk=traject.pk).update(
        status="afgesloten",
        closing_outcome="afgerond",
        closed_on=TODAY - datetime.timedelta(days=days_ago),
    )
    traject.refresh_from_db()
    return traject


def answers(code, **extra):
    return {
        "code": code,
        "item_1": "4",
        "item_2": "3",
        "item_3": "3",
        "item_4": "4",
        "still_together": "yes",
        "separated_as_wished": "not_applicable",
        "would_recommend": "yes",
        **extra,
    }


def test_the_page_needs_no_login_cookie_or_script(client, csi4, django_assert_max_num_queries):
    assert reverse("follow_up:form") == URL
    with django_assert_max_num_queries(2):  # the instrument and its items
        response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert '<input type="text" name="code"' in html and "<script" not in html
    assert "Hoe gaat het nu met u?" in html and 'href="/vervolg/?lang=en"' in html
    assert "Hoe gelukkig bent u, alles bij elkaar, in uw relatie?" in html
    english = client.get(URL + "?lang=en").content.decode()
    assert "How are you doing now?" in english and "all things considered" in english
    assert len(response.content) < 20_000  # a phone on a slow line: about 12 kB


def test_two_partners_answer_the_3_month_wave_then_the_code_is_used(client, desk, csi4):
    traject = closed_traject(desk, days_ago=100)
    services.measurement_record(
        user=None,
        traject=traject,
        moment="start",
        respondent="partner_1",
        scores=[1, 1, 1, 1],
        date=traject.started_on,
    )
    code = traject.code.lower().replace("-", " ")  # typed loosely: still found
    response = client.post(URL, answers(code))
    assert (
        response.status_code == 200 and "Uw antwoorden zijn opgeslagen" in response.content.decode()
    )
    assert not response.cookies
    first = Measurement.objects.get(moment="follow_up_3m")
    assert (first.respondent, first.total) == ("partner_1", 14)
    assert FollowUpAnswer.objects.get(measurement=first).would_recommend is True
    client.post(URL, answers(traject.code, still_together="no", separated_as_wished="yes"))
    assert Measurement.objects.filter(moment="follow_up_3m").count() == 2
    used = client.post(URL, answers(traject.code))
    assert used.status_code == 400 and NEUTRAL in used.content.decode()
    assert Measurement.objects.filter(moment="follow_up_3m").count() == 2
    assert not AuditEntry.objects.filter(content_type__model="measurement", actor__isnull=False)
    figures = evaluation_figures(
        municipalities=[desk.municipality], start=traject.started_on, end=TODAY
    )
    assert figures["follow_up"]["follow_up_3m"] == {
        "invited": 2,
        "answered": 2,
        "response_rate": 1.0,
    }


@pytest.mark.parametrize("days_ago", [None, 30, 200])
def test_a_wrong_code_a_running_or_an_expired_traject_get_one_neutral_message(
    client, desk, csi4, days_ago
):
    if days_ago is None:
        traject = TrajectFactory(desk=desk)  # running
    else:
        traject = closed_traject(desk, days_ago=days_ago)  # wave not open yet / link cut
    pages = []
    for code in (traject.code, "ZZZZ-ZZZZ"):
        response = client.post(URL, answers(code))
        assert response.status_code == 400
        html = response.content.decode()
        assert NEUTRAL in html
        pages.append(html.replace(code, "…"))
    assert pages[0] == pages[1]  # nothing tells that the first code exists
    assert not Measurement.objects.exists()


def test_bad_answers_are_a_form_error_without_a_500(client, desk, csi4):
    traject = closed_traject(desk, days_ago=100)
    for data in (
        answers(traject.code, item_1="9"),
        answers(traject.code, item_2=""),
        answers("x" * 500),
        {"code": "\x00"},
    ):
        response = client.post(URL, data)
        assert response.status_code == 400
    assert not Measurement.objects.exists()
    assert client.put(URL).status_code == 405


def test_rate_limit_and_lockout_store_no_address(client, desk, csi4, settings):
    traject = closed_traject(desk, days_ago=160)  # the 6-month wave (from 5 months)
    settings.EVALUATION_FOLLOW_UP_LOCKOUT_FAILURES = 3
    for _ in range(3):
        assert client.post(URL, answers("AAAA-AAAA")).status_code == 400
    locked = client.post(URL, answers(traject.code), REMOTE_ADDR="10.1.2.3")
    assert locked.status_code == 429 and "Het is nu erg druk" in locked.content.decode()
    assert not Measurement.objects.exists()
    assert [f.name for f in FollowUpAttempt._meta.get_fields()] == ["id", "at", "failed"]
    FollowUpAttempt.objects.all().delete()
    settings.EVALUATION_FOLLOW_UP_RATE_PER_MINUTE = 1
    assert client.post(URL, answers(traject.code)).status_code == 200
    assert Measurement.objects.get().moment == "follow_up_6m"
    assert client.post(URL, answers(traject.code)).status_code == 429


def test_retention_cuts_the_link_and_keeps_the_figures(desk, csi4):
    old = closed_traject(desk, days_ago=200)
    recent = closed_traject(desk, days_ago=100)
    for traject in (old, recent):
        services.traject_goal_set(user=None, traject=traject, goal="clarify")
        for moment, scores in (("start", [1, 1, 1, 1]), ("end", [3, 3, 3, 3])):
            services.measurement_record(
                user=None,
                traject=traject,
                moment=moment,
                respondent="partner_1",
                scores=scores,
                date=traject.started_on,
            )
    scope = {"municipalities": [desk.municipality], "start": old.started_on, "end": TODAY}
    before = evaluation_figures(**scope)
    out = io.StringIO()
    call_command("evaluation_retention", stdout=out)
    assert out.getvalue().startswith("1 evaluation(s)")
    cut = TrajectEvaluation.objects.get(traject__isnull=True)
    assert cut.unlinked_at and cut.goal == "clarify" and cut.started_on == old.started_on
    assert TrajectEvaluation.objects.get(traject=recent)
    assert not hasattr(Traject.objects.get(pk=old.pk), "evaluation")
    assert evaluation_figures(**scope) == before  # only the figures remain, unchanged
    assert before["pairs"] == 2 and before["by_goal"]["clarify"]["mean_change"] == 8
    assert services.retention_apply() == 0  # nothing left to cut
    # The old code no longer reaches the scores: its follow-up is closed too.
    assert services.follow_up_wave(old, today=TODAY) is None


def test_add_months_keeps_the_end_of_the_month():
    assert services.add_months(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert services.add_months(datetime.date(2025, 3, 15), -6) == datetime.date(2024, 9, 15)
