"""`seed_demo` gives the Hendrik-Ido-Ambacht trajects scores and a few follow-up answers."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings

from evaluation.models import FollowUpAnswer, Measurement, TrajectEvaluation
from evaluation.selectors import evaluation_figures
from referrals.models import Municipality

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_demo_scores_for_hendrik_ido_ambacht():
    call_command("seed_demo", "--password", "demo-pass-123")
    hia = TrajectEvaluation.objects.filter(desk__name="Relatieloket Hendrik-Ido-Ambacht")
    assert hia.count() >= 8 and not hia.filter(goal="").exists()
    assert Measurement.objects.filter(evaluation__in=hia, moment="end").count() >= 8
    assert 1 <= FollowUpAnswer.objects.count() <= 5
    count = Measurement.objects.count()
    call_command("seed_demo", "--password", "demo-pass-123")
    assert Measurement.objects.count() == count  # idempotent
    municipality = Municipality.objects.get(name="Hendrik-Ido-Ambacht")
    figures = evaluation_figures(
        municipalities=[municipality],
        start=datetime.date(2023, 1, 1),
        end=datetime.date.today(),
    )
    assert figures["pairs"] >= 8 and figures["mean_change"] > 0
