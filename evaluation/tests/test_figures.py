"""The figures against a published worked example, an independent computation and properties."""

import datetime
import io
import json
import math
import statistics

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluation import services
from evaluation.models import Instrument, Item
from evaluation.selectors import change_statistics, evaluation_figures
from intake.models import Traject
from intake.tests.factories import DeskFactory, MunicipalityFactory, TrajectFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 6)

# Student (1908), the sleep data (Cushny & Peebles): extra hours of sleep of 10 patients with
# two drugs. R's documented example `t.test(extra ~ group, data = sleep, paired = TRUE)`
# gives a mean difference of 1.58 hours, t = 4.0621 (df = 9) and the 95% confidence interval
# 0.7001142 to 2.4598858. As scores: 20 + 10 × hours, so the change is ten times as large.
SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


@pytest.fixture
def one_item(db):
    instrument = Instrument.objects.create(
        name="Testschaal",
        source="test",
        higher_is_better=True,
        cutoff=30,
        reliable_change_threshold=10,
    )
    Item.objects.create(
        instrument=instrument,
        position=1,
        text_nl="Hoe gaat het?",
        text_en="How are you?",
        scale_min=0,
        scale_max=100,
        anchor_min_nl="slecht",
        anchor_min_en="bad",
        anchor_max_nl="goed",
        anchor_max_en="good",
    )
    return instrument


def _record(traject, instrument, respondent, start, end):
    services.measurement_record(
        user=None,
        traject=traject,
        moment="start",
        respondent=respondent,
        scores=[start],
        instrument=instrument,
        date=traject.started_on,
    )
    if end is not None:
        services.measurement_record(
            user=None,
            traject=traject,
            moment="end",
            respondent=respondent,
            scores=[end],
            instrument=instrument,
            date=traject.started_on + datetime.timedelta(days=30),
        )


def test_student_sleep_data_gives_the_published_interval(one_item):
    desk = DeskFactory(name="Loket A")
    for index, (before, after) in enumerate(zip(SLEEP_1, SLEEP_2, strict=True)):
        traject = TrajectFactory(desk=desk, started_on=START)
        _record(traject, one_item, "partner_1", round(20 + 10 * before), round(20 + 10 * after))
        services.traject_goal_set(
            user=None, traject=traject, goal="strengthen" if index % 2 else "clarify"
        )
    # Outside the period and in another municipality: not counted.
    _record(
        TrajectFactory(desk=desk, started_on=datetime.date(2024, 12, 31)),
        one_item,
        "partner_1",
        0,
        100,
    )
    elsewhere = DeskFactory(municipality=MunicipalityFactory(name="Elders", cbs_code="GM9902"))
    _record(TrajectFactory(desk=elsewhere, started_on=START), one_item, "partner_1", 0, 100)

    figures = evaluation_figures(
        municipalities=[desk.municipality],
        start=START,
        end=datetime.date(2025, 12, 31),
        instrument=one_item,
    )
    assert figures["pairs"] == 10 and figures["trajects_started"] == 10
    assert figures["mean_change"] == pytest.approx(15.8)
    assert figures["ci95_low"] == pytest.approx(7.001142, abs=1e-5)
    assert figures["ci95_high"] == pytest.approx(24.598858, abs=1e-5)
    changes = [10 * (a - b) for a, b in zip(SLEEP_2, SLEEP_1, strict=True)]
    t_statistic = statistics.fmean(changes) / (statistics.stdev(changes) / math.sqrt(10))
    assert t_statistic == pytest.approx(4.0621, abs=1e-4)
    starts = [20 + 10 * b for b in SLEEP_1]
    assert figures["effect_size"] == pytest.approx(15.8 / statistics.stdev(starts))
    # Reliable change ≥ 10 points: the changes are 12, 24, 13, 13, 0, 10, 18, 8, 46, 14.
    assert (figures["reliably_improved"], figures["unchanged"]) == (8, 2)
    assert figures["reliably_deteriorated"] == 0
    # Recovered: start below 30 and end at 30 or more, reliably improved.
    recovered = sum(
        1
        for b, a in zip(SLEEP_1, SLEEP_2, strict=True)
        if 20 + 10 * b < 30 <= 20 + 10 * a and round(10 * (a - b)) >= 10
    )
    assert figures["recovered"] == recovered == 3  # 27→39, 18→31, 20→66
    assert figures["by_goal"]["strengthen"]["pairs"] == 5
    assert figures["by_goal"]["clarify"]["pairs"] == 5
    assert figures["by_goal"]["part_well"]["pairs"] == 0


def test_jacobson_truax_threshold_from_the_reliability(csi4):
    desk = DeskFactory(name="Loket B")
    data = [
        ([1, 1, 1, 1], [4, 4, 4, 4]),
        ([3, 3, 3, 3], [3, 3, 3, 4]),
        ([2, 2, 2, 2], [2, 2, 2, 2]),
    ]
    for before, after in data:
        traject = TrajectFactory(desk=desk, started_on=START)
        _record_csi(traject, before, after)
    figures = evaluation_figures(
        municipalities=[desk.municipality], start=START, end=START, instrument=csi4
    )
    starts = [4, 12, 8]
    expected = 1.96 * math.sqrt(2) * statistics.stdev(starts) * math.sqrt(1 - 0.94)
    assert figures["instrument"]["reliable_change_threshold"] == pytest.approx(expected)
    assert figures["instrument"]["scale_max"] == 21 and figures["instrument"]["cutoff"] == 13.5
    assert (figures["reliably_improved"], figures["unchanged"]) == (1, 2)  # +12 only
    assert figures["recovered"] == 1  # 4 → 16 crosses 13.5


def _record_csi(traject, before, after):
    for moment, scores, day in (("start", before, 0), ("end", after, 20)):
        services.measurement_record(
            user=None,
            traject=traject,
            moment=moment,
            respondent="partner_1",
            scores=scores,
            date=traject.started_on + datetime.timedelta(days=day),
        )


def test_the_command_prints_the_json_object(csi4):
    municipality = MunicipalityFactory(name="Testgemeente", cbs_code="GM9901")
    traject = TrajectFactory(desk=DeskFactory(municipality=municipality), started_on=START)
    _record_csi(traject, [1, 1, 1, 1], [3, 3, 3, 3])
    Traject.objects.filter(pk=traject.pk).update(
        status="afgesloten", closing_outcome="afgerond", closed_on=START
    )
    out = io.StringIO()
    call_command(
        "evaluation_figures",
        "--municipality",
        "testgemeente",
        "--start",
        "2025-01-01",
        "--end",
        "2025-01-31",
        stdout=out,
    )
    figures = json.loads(out.getvalue())
    assert set(figures) == {
        "instrument",
        "trajects_started",
        "trajects_closed",
        "pairs",
        "mean_change",
        "ci95_low",
        "ci95_high",
        "effect_size",
        "reliably_improved",
        "unchanged",
        "reliably_deteriorated",
        "recovered",
        "by_goal",
        "follow_up",
    }
    assert set(figures["instrument"]) == {
        "name",
        "items",
        "scale_min",
        "scale_max",
        "higher_is_better",
        "reliable_change_threshold",
        "cutoff",
    }
    assert figures["trajects_started"] == figures["trajects_closed"] == figures["pairs"] == 1
    assert figures["mean_change"] == 8 and figures["ci95_low"] is None
    assert figures["follow_up"]["follow_up_3m"] == {
        "invited": 2,
        "answered": 0,
        "response_rate": 0.0,
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pairs=st.lists(st.tuples(st.integers(0, 21), st.integers(0, 21)), min_size=2, max_size=30),
    threshold=st.floats(0.5, 10),
    higher_is_better=st.booleans(),
)
def test_properties_of_the_change_statistics(pairs, threshold, higher_is_better):
    result = change_statistics(
        pairs, higher_is_better=higher_is_better, threshold=threshold, cutoff=13.5
    )
    changes = [end - start for start, end in pairs]
    assert result["pairs"] == len(pairs)
    assert result["mean_change"] == pytest.approx(statistics.fmean(changes))
    assert result["ci95_low"] <= result["mean_change"] <= result["ci95_high"]
    assert result["reliably_improved"] + result["unchanged"] + result[
        "reliably_deteriorated"
    ] == len(pairs)
    assert 0 <= result["recovered"] <= result["reliably_improved"]
    # Swapping start and end turns improvement into deterioration, and the interval around.
    swapped = change_statistics(
        [(end, start) for start, end in pairs],
        higher_is_better=not higher_is_better,
        threshold=threshold,
        cutoff=13.5,
    )
    assert swapped["reliably_improved"] == result["reliably_improved"]
    assert swapped["ci95_low"] == pytest.approx(-result["ci95_high"])


def test_the_dashboard_shows_the_section_to_policy_staff(
    client, make_user, csi4, django_assert_max_num_queries
):
    from django.urls import reverse

    from relatieloket.roles import Role

    desk = DeskFactory(name="Loket D")
    for before, after in (([1, 1, 1, 1], [4, 4, 4, 4]), ([2, 2, 2, 2], [3, 3, 3, 3])):
        traject = TrajectFactory(desk=desk, started_on=START)
        _record_csi(traject, before, after)
        services.traject_goal_set(user=None, traject=traject, goal="part_well")
    client.force_login(make_user(Role.POLICY, municipalities=[desk.municipality]))
    period = {"start": "2025-01-01", "end": "2025-03-31"}
    response = client.get(reverse("reports:start"), period)
    html = response.content.decode()
    assert "Effect van de trajecten (evaluatie)" in html
    section = html[html.index('data-testid="evaluation-figures"') :]
    # (12 + 4) / 2 = 8.0 mean change, 2 partners, both for "separate well as parents".
    assert '<td class="text-end">2</td><td class="text-end">8,0 (' in section
    assert "Goed uit elkaar gaan als ouders" in section
    with django_assert_max_num_queries(60):
        client.get(reverse("reports:start"), period)
