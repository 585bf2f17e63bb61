"""The effect block of a council letter and the "Evaluatie" template: the figures against an
independent computation from the raw scores, the protection, the snapshot and open data."""

import datetime
import json
import math
import statistics
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from scipy import stats

from evaluation import letter as evaluation_letter
from evaluation import services
from intake.constants import Outcome, TrajectStatus
from intake.tests.factories import DeskFactory, MunicipalityFactory, TrajectFactory
from relatieloket.roles import Role
from reports import services as report_services
from reports.demo import EVALUATION_LETTER_TITLE as LETTER_TITLE
from reports.letter import letter_snapshot, printed, series_audit
from reports.letter.snapshot import load, published_figures
from reports.models import CouncilReport
from reports.pdf import render_report_html

pytestmark = pytest.mark.django_db

PERIOD = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
EFFECT = [{"heading": "information", "kind": "effect"}]


@pytest.fixture
def place(csi4):
    municipality = MunicipalityFactory(name="Testdorp", cbs_code="GM9901")
    desk = DeskFactory(name="Relatieloket Testdorp", municipality=municipality)
    return municipality, desk


def _traject(desk, number, goal, scores):
    """A closed traject started in the period; `scores` {respondent: (start items, end items)}."""
    started = PERIOD[0] + datetime.timedelta(days=20 * number)
    traject = TrajectFactory(
        desk=desk,
        started_on=started,
        closed_on=started + datetime.timedelta(days=60),
        status=TrajectStatus.COMPLETED,
        closing_outcome=Outcome.HELPED,
    )
    services.traject_goal_set(user=None, traject=traject, goal=goal)
    for respondent, (before, after) in scores.items():
        for moment, items, day in (("start", before, 0), ("end", after, 50)):
            services.measurement_record(
                user=None,
                traject=traject,
                moment=moment,
                respondent=respondent,
                scores=items,
                date=started + datetime.timedelta(days=day),
            )
    return traject


# Five couples, ten partners, all wanting to strengthen the relationship: CSI-4 items (item 1
# 0–6, items 2–4 0–5). Every partner gains at least 4 points (reliable: the threshold is about
# 1.96 · √2 · SD · √0.06 ≈ 1.3 here); five move from below the cut-off 13.5 to above it.
RAW = [
    {"partner_1": ([2, 2, 2, 2], [4, 3, 4, 3]), "partner_2": ([3, 2, 3, 2], [4, 4, 3, 4])},
    {"partner_1": ([1, 1, 2, 1], [3, 3, 3, 2]), "partner_2": ([2, 3, 2, 2], [4, 4, 4, 4])},
    {"partner_1": ([3, 3, 3, 2], [5, 4, 4, 4]), "partner_2": ([1, 2, 1, 1], [2, 3, 3, 2])},
    {"partner_1": ([2, 1, 1, 1], [3, 2, 2, 3]), "partner_2": ([4, 3, 3, 3], [6, 5, 5, 4])},
    {"partner_1": ([0, 1, 1, 0], [2, 2, 2, 1]), "partner_2": ([2, 2, 2, 1], [4, 3, 3, 3])},
]


def _independent(raw):
    """The figures computed here from the raw item scores, apart from the selectors."""
    starts = [sum(before) for couple in raw for before, _after in couple.values()]
    ends = [sum(after) for couple in raw for _before, after in couple.values()]
    changes = [end - start for start, end in zip(starts, ends, strict=True)]
    n = len(changes)
    mean = sum(changes) / n
    sd = statistics.stdev(changes)
    half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    threshold = 1.96 * math.sqrt(2) * statistics.stdev(starts) * math.sqrt(1 - 0.94)
    improved = sum(c >= threshold for c in changes)
    recovered = sum(
        c >= threshold and s < 13.5 <= e for s, e, c in zip(starts, ends, changes, strict=True)
    )
    return {
        "pairs": n,
        "mean_change": mean,
        "ci95_low": mean - half,
        "ci95_high": mean + half,
        "effect_size": mean / statistics.stdev(starts),
        "reliably_improved": improved,
        "reliably_deteriorated": sum(-c >= threshold for c in changes),
        "recovered": recovered,
    }


def _round(value, places):
    """Half up, as the letter rounds (Python's round() rounds half to even)."""
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def _report(municipality, blocks=EFFECT, **fields):
    values = {
        "title": "Evaluatie Testdorp",
        "period_start": PERIOD[0],
        "period_end": PERIOD[1],
        "blocks": blocks,
        **fields,
    }
    return report_services.report_create(municipality=municipality, **values)


def _effect_block(snapshot):
    """The effect block with its figures (not the limitations of the template)."""
    (block,) = [
        b
        for s in printed.letter(snapshot)["sections"]
        for b in s["blocks"]
        if b["kind"] == "effect" and b["table"] is not None
    ]
    return block


def _values(block):
    table = block["table"]
    return {
        code: values[0] for code, values in zip(table["row_codes"], table["values"], strict=True)
    }


def test_block_figures_equal_an_independent_computation(place):
    municipality, desk = place
    for number, couple in enumerate(RAW):
        _traject(desk, number, "strengthen", couple)
    expected = _independent(RAW)
    assert expected["reliably_improved"] == 10 and expected["recovered"] >= 5

    block = _effect_block(letter_snapshot(report=_report(municipality)).snapshot)
    values = _values(block)
    assert values["pairs"] == expected["pairs"] == 10
    assert values["reliably_improved"] == expected["reliably_improved"]
    assert values["unchanged"] == 0 and values["reliably_deteriorated"] == 0
    assert values["recovered"] == expected["recovered"]
    assert values["mean_change"] == _round(expected["mean_change"], 1)
    assert values["ci95_low"] == _round(expected["ci95_low"], 1)
    assert values["ci95_high"] == _round(expected["ci95_high"], 1)
    assert values["effect_size"] == _round(expected["effect_size"], 2)
    assert values["goal:strengthen:pairs"] == 10
    assert values["goal:strengthen:mean_change"] == _round(expected["mean_change"], 1)
    assert values["goal:clarify:pairs"] == 0 and values["goal:clarify:mean_change"] == "–"
    text = " ".join(block["paragraphs"])
    mean = f"{_round(expected['mean_change'], 1):.1f}".replace(".", ",")
    assert "Van 10 partners zijn een begin- en een eindmeting bekend" in text
    assert f"gemiddeld met +{mean} punten" in text
    assert "Bij 100% is de vooruitgang groter dan meetfout kan verklaren" in text
    # Without a limitations block of its own, the block ends with the standard paragraph.
    assert block["paragraphs"][-1] == evaluation_letter.LIMITATIONS


def test_below_the_threshold_too_few_trajects_and_no_mean(place):
    municipality, desk = place
    for number, couple in enumerate(RAW[:2]):  # four partners: fewer than 5
        _traject(desk, number, "strengthen", couple)
    block = _effect_block(letter_snapshot(report=_report(municipality)).snapshot)
    text = " ".join(block["paragraphs"])
    assert "te weinig trajecten om iets over het effect te zeggen" in text
    assert "gemiddeld met" not in text and "effectgrootte is" not in text
    values = _values(block)
    assert values["pairs"] == "< 5"
    for code in ("mean_change", "ci95_low", "ci95_high", "effect_size"):
        assert values[code] == "–"
    assert not any(isinstance(v, float) for v in values.values())


def test_counts_are_protected_and_linked_with_the_letter(place):
    municipality, desk = place
    for number, couple in enumerate(RAW):
        _traject(desk, number, "strengthen", couple)
    # A sixth couple: one partner goes clearly down, the other stays where it was.
    _traject(
        desk,
        5,
        "clarify",
        {"partner_1": ([4, 4, 4, 4], [1, 1, 1, 1]), "partner_2": ([3, 3, 3, 3], [3, 3, 3, 3])},
    )
    composition = letter_snapshot(report=_report(municipality))
    assert not composition.problems
    values = _values(_effect_block(composition.snapshot))
    assert values["pairs"] == 12  # the number a mean is over is stated
    parts = [values[c] for c in ("reliably_improved", "unchanged", "reliably_deteriorated")]
    assert values["reliably_deteriorated"] == "< 5" and values["unchanged"] == "< 5"
    # No count of 1..4 stands as a number, and the table cannot be worked back: with 12
    # stated, the improved (10) is hidden too.
    assert not any(isinstance(v, int) and 0 < v < 5 for v in values.values())
    assert sum(isinstance(v, int) for v in parts) <= 1
    assert values["goal:clarify:pairs"] == "< 5" and values["goal:clarify:mean_change"] == "–"
    # The block's counts are cells of the letter's linked publication, with their relations.
    cells = {
        tuple(k) if isinstance(k, list) else k: label
        for k, label, _t in composition.snapshot["cells"]
    }
    span = (PERIOD[0].isoformat(), PERIOD[1].isoformat())
    assert cells[("effect", *span, "pairs")] == 12
    assert ("effect", *span, "reliably_deteriorated") in cells
    relations = [{tuple(k): c for k, c in r} for r in composition.snapshot["relations"]]
    assert {
        ("effect", *span, "reliably_improved"): 1,
        ("effect", *span, "unchanged"): 1,
        ("effect", *span, "reliably_deteriorated"): 1,
        ("effect", *span, "pairs"): -1,
    } in relations


def test_published_letter_round_trips_and_open_data_carries_the_block(place, make_user, client):
    municipality, desk = place
    for number, couple in enumerate(RAW):
        _traject(desk, number, "strengthen", couple)
    policy = make_user(Role.POLICY, municipalities=[municipality])
    report = report_services.report_publish(report=_report(municipality), user=policy)
    stored = CouncilReport.objects.get(pk=report.pk)
    # Numbers, not display strings, frozen: the snapshot reads back as written.
    assert load(stored.snapshot) == stored.snapshot
    values = _values(_effect_block(stored.snapshot))
    assert isinstance(values["mean_change"], float) and values["pairs"] == 10
    # The published letter re-renders byte for byte from its frozen snapshot.
    assert render_report_html(report=stored, snapshot=stored.snapshot) == stored.html
    assert "gemiddeld met +" in stored.html and "Effectgrootte" in stored.html

    data = json.loads(client.get(reverse("open_data:letter_json", args=[stored.pk])).content)
    effect = {r["rij_code"]: r for r in data["figures"] if r["tabel_code"] == "effect"}
    assert effect["pairs"]["waarde"] == 10 and effect["pairs"]["status"] == "A"
    assert effect["mean_change"]["waarde"] == values["mean_change"]
    assert effect["mean_change"]["status"] == "A"
    assert effect["goal:clarify:mean_change"]["waarde"] is None
    assert effect["goal:clarify:mean_change"]["status"] == "N"
    assert effect["pairs"]["kolom_code"] == "waarde"
    assert published_figures(stored.snapshot) == data["figures"]


EVALUATION_ORDER = [
    "visits_summary",
    "who_came",
    "found_via",
    "referred_by",
    "tracks",
    "trajects",
    "session_length",
    "referred_to",
    "feedback",
    "effect",
    "budget",
    "costs",
    "effect",
]


def test_evaluation_template_orders_the_blocks_as_a_motion_asks(place, make_user, client):
    municipality, _desk = place
    policy = make_user(Role.POLICY, municipalities=[municipality])
    client.force_login(policy)
    form = client.get(reverse("reports:council_create"))
    assert b'name="template"' in form.content
    response = client.post(
        reverse("reports:council_create"),
        {
            "municipality": municipality.pk,
            "title": "Evaluatie proefperiode",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "template": "evaluation",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = CouncilReport.objects.get(title="Evaluatie proefperiode")
    assert [b["kind"] for b in report.blocks] == EVALUATION_ORDER
    assert report.blocks[-1] == {"heading": "information", "kind": "effect", "part": "limitations"}
    assert report.information.startswith("Wij beantwoorden de vragen in deze volgorde")
    shown = printed.letter(letter_snapshot(report=report).snapshot)
    blocks = [b for s in shown["sections"] for b in s["blocks"]]
    # The limitations close the letter's figures; the effect block leaves them to it.
    assert blocks[-1]["paragraphs"] == [evaluation_letter.LIMITATIONS]
    effect = [b for b in blocks if b["kind"] == "effect"][0]
    assert evaluation_letter.LIMITATIONS not in effect["paragraphs"]
    # Without a template: no blocks.
    client.post(
        reverse("reports:council_create"),
        {
            "municipality": municipality.pk,
            "title": "Zonder sjabloon",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "template": "",
        },
    )
    assert CouncilReport.objects.get(title="Zonder sjabloon").blocks == []


@override_settings(DEBUG=True)
def test_demo_publishes_the_evaluation_letter(client, make_user):
    call_command("seed_demo", "--password", "demo-pass-123")
    call_command("seed_demo", "--password", "demo-pass-123")  # once
    report = CouncilReport.objects.get(title=LETTER_TITLE)
    assert report.status == CouncilReport.Status.PUBLISHED
    assert (report.period_start, report.period_end) == (
        datetime.date(2023, 10, 1),
        datetime.date(2025, 4, 30),
    )
    text = " ".join(_effect_block(report.snapshot)["paragraphs"])
    assert "partners zijn een begin- en een eindmeting bekend" in text
    assert "gemiddeld met +" in text
    council = make_user(Role.COUNCIL, municipalities=[report.municipality])
    client.force_login(council)
    page = client.get(reverse("reports:published_detail", args=[report.pk]))
    assert page.status_code == 200
    assert "Effect van de kortdurende trajecten" in page.content.decode()


def test_an_earlier_letter_over_another_period_is_linked(place, make_user):
    """Jan–Dec says 10 partners; Jan–Feb saying 6 would give away the 4 of Mar–Dec: the later
    letter adapts so that it does not."""
    municipality, desk = place
    for number, couple in enumerate(RAW):  # started 1 Jan, 21 Jan, 10 Feb, 1 Mar, 21 Mar
        _traject(desk, number, "strengthen", couple)
    policy = make_user(Role.POLICY, municipalities=[municipality])
    report_services.report_publish(report=_report(municipality), user=policy)
    later = _report(municipality, period_end=datetime.date(2024, 2, 29))
    published = report_services.report_publish(report=later, user=policy)
    # It publishes adapted (letters in a series): the exact audit of the whole series finds no
    # small count, such as the 4 partners of Mar–Dec, that a reader can pin down.
    assert published.is_published
    assert series_audit(report=published) == []
    # Over the same period as the earlier letter it agrees, and publishes.
    again = _report(municipality, title="Evaluatie Testdorp (2)")
    assert report_services.report_publish(report=again, user=policy).is_published
