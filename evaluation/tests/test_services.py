"""The two write entry points: goal and scores, with their rules, access and audit entries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from audit.models import AuditEntry
from evaluation import services
from evaluation.models import Measurement, Score, TrajectEvaluation
from intake.tests.factories import DeskFactory, TrajectFactory
from relatieloket.roles import Role

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def test_goal_and_both_partners_start_and_end(counsellor, traject, csi4):
    evaluation = services.traject_goal_set(user=counsellor, traject=traject, goal="clarify")
    assert evaluation.goal == "clarify" and evaluation.traject == traject
    for respondent, start, end in (
        ("partner_1", [2, 2, 3, 2], [4, 4, 4, 4]),
        ("partner_2", [1, 1, 1, 1], [5, 5, 5, 5]),
    ):
        services.measurement_record(
            user=counsellor,
            traject=traject,
            moment="start",
            respondent=respondent,
            scores=start,
            date=TODAY - datetime.timedelta(days=50),
        )
        services.measurement_record(
            user=counsellor, traject=traject, moment="end", respondent=respondent, scores=end
        )
    totals = dict(
        Measurement.objects.filter(evaluation=evaluation)
        .values_list("respondent", "moment")
        .annotate()
        .values_list("moment", "total")
        .filter(respondent="partner_2")
    )
    assert totals == {"start": 4, "end": 20}
    assert Score.objects.filter(measurement__evaluation=evaluation).count() == 16
    entries = AuditEntry.objects.filter(actor=counsellor, content_type__model="measurement")
    assert entries.count() == 4 and all("total" in e.fields for e in entries)
    assert AuditEntry.objects.filter(
        actor=counsellor, content_type__model="trajectevaluation", fields=["goal"]
    ).exists()


@pytest.mark.parametrize(
    "scores, message",
    [
        ([7, 0, 0, 0], "Vraag 1: een score van 0 tot 6, niet 7."),
        ([0, 6, 0, 0], "Vraag 2: een score van 0 tot 5, niet 6."),
        ([0, -1, 0, 0], "Vraag 2: een score van 0 tot 5, niet -1."),
        ([1, 2, 3], "heeft 4 vragen"),
        ([1, 2, 3, 4, 5], "heeft 4 vragen"),
        (["een", 2, 3, 4], "Vraag 1: geef een heel getal."),
        ([1.5, 2, 3, 4], "Vraag 1: geef een heel getal."),
        ("1234", "Geef de scores als een lijst."),
    ],
)
def test_scores_outside_the_scale_are_refused_in_dutch(counsellor, traject, csi4, scores, message):
    with pytest.raises(ValidationError) as error:
        services.measurement_record(
            user=counsellor, traject=traject, moment="start", respondent="partner_1", scores=scores
        )
    assert message in " ".join(error.value.messages)
    assert not Measurement.objects.exists() and not Score.objects.exists()


def test_a_moment_twice_and_an_end_before_a_start_are_refused(counsellor, traject, csi4):
    with pytest.raises(ValidationError) as error:
        services.measurement_record(
            user=counsellor,
            traject=traject,
            moment="end",
            respondent="partner_1",
            scores=[1, 1, 1, 1],
        )
    assert "Vul eerst de scores van partner 1 bij het eerste gesprek in." in error.value.messages
    services.measurement_record(
        user=counsellor,
        traject=traject,
        moment="start",
        respondent="partner_1",
        scores=[1, 1, 1, 1],
    )
    with pytest.raises(ValidationError) as error:
        services.measurement_record(
            user=counsellor,
            traject=traject,
            moment="start",
            respondent="partner_1",
            scores=[2, 2, 2, 2],
        )
    assert "al ingevuld" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        services.measurement_record(
            user=counsellor,
            traject=traject,
            moment="end",
            respondent="partner_1",
            scores=[2, 2, 2, 2],
            date=TODAY - datetime.timedelta(days=1),
        )
    assert "eerste gesprek" in error.value.messages[0]
    assert Measurement.objects.get().total == 4  # only the first start


def test_unknown_goal_moment_respondent_and_dates(counsellor, traject, csi4):
    with pytest.raises(ValidationError) as error:
        services.traject_goal_set(user=counsellor, traject=traject, goal="divorce")
    assert "Kies een van de doelen" in error.value.messages[0]
    for kwargs in (
        {"moment": "halfway"},
        {"respondent": "partner_3"},
        {"date": TODAY + datetime.timedelta(days=1)},
        {"date": traject.started_on - datetime.timedelta(days=1)},
    ):
        values = {"moment": "start", "respondent": "partner_1", "scores": [1, 1, 1, 1], **kwargs}
        with pytest.raises(ValidationError):
            services.measurement_record(user=counsellor, traject=traject, **values)
    assert not Measurement.objects.exists()
    assert not TrajectEvaluation.objects.filter(goal="divorce").exists()


def test_only_the_desk_of_the_traject_and_the_functional_admin(make_user, traject, csi4):
    other = make_user(Role.COUNSELLOR, desks=[DeskFactory(name="Ander loket")])
    policy = make_user(Role.POLICY)
    for user in (other, policy, make_user(None)):
        with pytest.raises(PermissionDenied):
            services.traject_goal_set(user=user, traject=traject, goal="strengthen")
        with pytest.raises(PermissionDenied):
            services.measurement_record(
                user=user,
                traject=traject,
                moment="start",
                respondent="partner_1",
                scores=[1, 1, 1, 1],
            )
    assert not TrajectEvaluation.objects.exists()
    admin = make_user(Role.ADMIN)
    services.traject_goal_set(user=admin, traject=traject, goal="part_well")
    coordinator = make_user(Role.COORDINATOR, desks=[traject.desk])
    services.measurement_record(
        user=coordinator,
        traject=traject,
        moment="start",
        respondent="partner_2",
        scores=[0, 0, 0, 0],
    )


def test_the_database_refuses_what_the_service_refuses(traject, csi4):
    evaluation = TrajectEvaluation.objects.create(
        traject=traject, desk=traject.desk, started_on=traject.started_on
    )
    values = {"evaluation": evaluation, "instrument": csi4, "date": TODAY, "total": 3}
    Measurement.objects.create(moment="start", respondent="partner_1", **values)
    for bad in (
        {"moment": "start", "respondent": "partner_1"},  # twice
        {"moment": "halfway", "respondent": "partner_1"},
        {"moment": "end", "respondent": "partner_3"},
        {"moment": "end", "respondent": "partner_1", "total": -1},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Measurement.objects.create(**{**values, **bad})
    with pytest.raises(IntegrityError), transaction.atomic():
        TrajectEvaluation.objects.filter(pk=evaluation.pk).update(goal="divorce")


def test_other_trajects_code_is_another_evaluation(counsellor, desk, csi4):
    first, second = TrajectFactory(desk=desk), TrajectFactory(desk=desk)
    services.traject_goal_set(user=counsellor, traject=first, goal="strengthen")
    services.traject_goal_set(user=counsellor, traject=first, goal="clarify")
    services.traject_goal_set(user=counsellor, traject=second, goal="part_well")
    assert TrajectEvaluation.objects.count() == 2
    assert TrajectEvaluation.objects.get(traject=first).goal == "clarify"
