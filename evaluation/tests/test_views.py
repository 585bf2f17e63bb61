"""The counsellor's evaluation on the traject page, over HTTP."""

import datetime

import pytest
from django.urls import reverse

from evaluation.models import Measurement, TrajectEvaluation
from intake.tests.factories import DeskFactory, TrajectFactory
from relatieloket.roles import Role

pytestmark = pytest.mark.django_db


def _post(goal="strengthen", moment="start", p1=(2, 3, 3, 2), p2=(4, 4, 3, 4), **extra):
    data = {"goal": goal, "moment": moment, "date": datetime.date.today().isoformat()}
    for position, value in enumerate(p1, start=1):
        data[f"partner_1_{position}"] = "" if value is None else value
    for position, value in enumerate(p2, start=1):
        data[f"partner_2_{position}"] = "" if value is None else value
    return {**data, **extra}


def test_goal_and_start_scores_then_end_scores(client, counsellor, traject, csi4):
    client.force_login(counsellor)
    detail = reverse("intake:traject_detail", args=[traject.pk])
    page = client.get(detail)
    assert "Doel van het stel" in page.content.decode()
    assert "Doel en beginscores invullen" in page.content.decode()
    url = reverse("evaluation:traject_scores", args=[traject.pk])
    form = client.get(url)
    assert form.status_code == 200 and "Alles bij elkaar" not in form.content.decode()
    assert "Hoe gelukkig bent u, alles bij elkaar, in uw relatie?" in form.content.decode()
    response = client.post(url, _post())
    assert response.status_code == 302 and response["Location"] == detail
    evaluation = TrajectEvaluation.objects.get(traject=traject)
    assert evaluation.goal == "strengthen"
    assert sorted(evaluation.measurements.values_list("respondent", "total")) == [
        ("partner_1", 10),
        ("partner_2", 15),
    ]
    page = client.get(detail).content.decode()
    assert "relatie versterken" in page and "Eindscores invullen" in page
    assert client.get(url).context["form"]["moment"].value() == "end"
    client.post(url, _post(moment="end", p1=(5, 5, 4, 4), p2=(5, 4, 4, 5)))
    assert evaluation.measurements.filter(moment="end").count() == 2
    assert "Eindscores invullen" not in client.get(detail).content.decode()


def test_bad_input_saves_nothing_and_says_why(client, counsellor, traject, csi4):
    client.force_login(counsellor)
    url = reverse("evaluation:traject_scores", args=[traject.pk])
    cases = [
        (_post(p1=(9, 3, 3, 2)), "hoogstens 6"),
        (_post(p2=(4, None, 3, 4)), "Vul alle vragen voor partner 2 in, of geen."),
        (_post(goal="", p1=(None,) * 4, p2=(None,) * 4), "Vul het doel of de scores"),
        (_post(moment="end"), "Vul eerst de scores van partner 1 bij het eerste gesprek in."),
        (_post(goal="divorce"), "Selecteer een geldige keuze"),
        (_post(date="01-01-2020x"), "Voer een geldige datum in"),
    ]
    for data, message in cases:
        response = client.post(url, data)
        assert response.status_code == 200
        assert message in response.content.decode(), message
    assert not Measurement.objects.exists()
    # Partner 2 wrong at the end: partner 1's end is not saved either, nor the goal change.
    client.post(url, _post())
    client.post(url, _post(moment="end", goal="clarify", p2=(9, 9, 9, 9)))
    assert not Measurement.objects.filter(moment="end").exists()
    assert TrajectEvaluation.objects.get().goal == "strengthen"


def test_another_desks_traject_is_not_found(client, make_user, csi4):
    traject = TrajectFactory(desk=DeskFactory(name="Ander loket"))
    client.force_login(make_user(Role.COUNSELLOR, desks=[DeskFactory(name="Eigen loket")]))
    for name in ("evaluation:traject_scores", "evaluation:traject_card"):
        assert client.get(reverse(name, args=[traject.pk])).status_code == 404
        assert client.post(reverse(name, args=[traject.pk]), _post()).status_code == 404
    assert not Measurement.objects.exists()


def test_the_card_shows_code_short_link_and_qr(client, counsellor, traject, csi4):
    client.force_login(counsellor)
    page = client.get(reverse("evaluation:traject_card", args=[traject.pk])).content.decode()
    assert traject.code in page and "http://testserver/vervolg/" in page and "<svg" in page


def test_traject_page_queries_stay_bounded(
    client, counsellor, traject, csi4, django_assert_max_num_queries
):
    client.force_login(counsellor)
    # Goal and two partners' scores with their audit entries: a fixed number (48 measured).
    with django_assert_max_num_queries(50):
        client.post(reverse("evaluation:traject_scores", args=[traject.pk]), _post())
    assert Measurement.objects.count() == 2
    with django_assert_max_num_queries(14):  # 12 measured, 4 of them the evaluation block
        client.get(reverse("intake:traject_detail", args=[traject.pk]))
    with django_assert_max_num_queries(9):  # 8 measured
        client.get(reverse("evaluation:traject_scores", args=[traject.pk]))
    with django_assert_max_num_queries(6):  # 5 measured
        client.get(reverse("evaluation:traject_card", args=[traject.pk]))
