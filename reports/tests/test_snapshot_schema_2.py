"""Letters frozen under schema 2 (fixtures/letter_schema_2.json, published by the code of that
time: every block kind, the effect block and an indicator) still render and read byte for
byte; the same letter published now keeps numbers only (schema 3) and reads the same."""

import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse

from evaluation.tests.conftest import csi4  # noqa: F401 (the shipped instrument)
from evaluation.tests.test_letter import RAW, _traject
from intake.constants import FoundVia
from intake.tests.factories import DeskFactory, VisitFactory
from referrals.constants import Question
from referrals.models import Municipality
from reports import services
from reports.constants import BlockKind
from reports.formatting import format_cell
from reports.letter import printed, snapshot
from reports.models import CouncilReport, Indicator
from reports.pdf import render_report_html

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).parent / "fixtures" / "letter_schema_2.json"


@pytest.fixture
def frozen():
    return json.loads(FIXTURE.read_text())


def _report(fields, **extra):
    return CouncilReport(
        municipality=Municipality.objects.get(cbs_code=fields["municipality"]),
        title=fields["title"],
        period_start=datetime.date.fromisoformat(fields["period_start"]),
        period_end=datetime.date.fromisoformat(fields["period_end"]),
        reason=fields["reason"],
        information=fields["information"],
        blocks=fields["blocks"],
        published_at=datetime.datetime.fromisoformat(fields["published_at"]),
        **extra,
    )


@pytest.fixture
def old_letter(frozen):
    report = _report(
        frozen["report"],
        status=CouncilReport.Status.PUBLISHED,
        snapshot=frozen["snapshot"],
        html=frozen["html"],
        pdf=b"%PDF-1.7 frozen",
        sha256=frozen["sha256"],
    )
    report.save()
    return report


def test_the_fixture_is_schema_2(frozen):
    old = frozen["snapshot"]
    assert old["schema"] == 2 and "figures" in old
    kinds = {b["kind"] for s in old["sections"] for b in s["blocks"]}
    assert {"effect", "indicator", "question_split", "costs", "monthly"} <= kinds


def test_a_schema_2_letter_renders_byte_for_byte(old_letter, frozen):
    stored = CouncilReport.objects.get(pk=old_letter.pk)
    for data in (stored.snapshot, snapshot.load(stored.snapshot)):
        assert render_report_html(report=stored, snapshot=data) == frozen["html"]
    assert CouncilReport.objects.get(pk=old_letter.pk).snapshot == frozen["snapshot"]


def test_load_reads_a_schema_2_snapshot_as_numbers(frozen):
    loaded = snapshot.load(frozen["snapshot"])
    assert loaded["schema"] == snapshot.SCHEMA_VERSION
    assert loaded["figure_values"] == frozen["snapshot"]["figure_values"]
    assert snapshot.printed_figures(loaded) == frozen["snapshot"]["figures"]
    effect = next(
        b["table"] for s in loaded["sections"] for b in s["blocks"] if b["kind"] == "effect"
    )
    assert any(isinstance(v, float) for row in effect["values"] for v in row)
    for table in (b["table"] for s in loaded["sections"] for b in s["blocks"] if b["table"]):
        assert printed.printed_rows(table) == table["rows"]
        if table["code"] != "effect":
            assert [[format_cell(v) for v in row] for row in table["values"]] == [
                row[1:] for row in table["rows"]
            ]


def test_open_data_of_a_schema_2_letter_gives_numbers(client, old_letter):
    data = json.loads(client.get(reverse("open_data:letter_json", args=[old_letter.pk])).content)
    values = {(r["tabel_code"], r["rij_code"]): r["waarde"] for r in data["figures"]}
    assert values[("kerncijfers", "bezoeken")] == 44
    assert values[("question_split", "totaal")] == 44
    assert values[("effect", "mean_change")] == 5.8
    assert all(v is None or type(v) in (int, float) for v in values.values())


def test_the_same_letter_published_now_keeps_numbers_and_reads_the_same(csi4, frozen):  # noqa: F811
    """The data the fixture was published from, published again: schema 3 keeps no text made
    from a number, and its letter prints exactly as the schema-2 letter did."""
    fields = frozen["report"]
    municipality = Municipality.objects.get(cbs_code=fields["municipality"])
    desk = DeskFactory(
        name="Adviespunt SKO Dordrecht", municipality=municipality, tariff_per_traject=1000
    )
    questions = list(Question.values)
    for i in range(44):
        VisitFactory(
            desk=desk,
            date=datetime.date(2024, 1 + i % 12, 1 + i % 27),
            women=1,
            men=i % 2,
            children=i % 3,
            question=questions[i % 3] if i % 7 else questions[5],
            found_via=FoundVia.values[i % 2] if i % 4 == 0 else "",
        )
    for number, scores in enumerate(RAW):
        _traject(desk, number, "strengthen", scores)
    indicator = Indicator.objects.filter(municipality=municipality).first()
    blocks = [
        {**spec, "indicator": indicator.pk} if spec["kind"] == BlockKind.INDICATOR else spec
        for spec in fields["blocks"]
    ]
    report = services.report_create(
        municipality=municipality,
        title=fields["title"],
        period_start=datetime.date.fromisoformat(fields["period_start"]),
        period_end=datetime.date.fromisoformat(fields["period_end"]),
        reason=fields["reason"],
        information=fields["information"],
        blocks=blocks,
    )
    report = services.report_publish(report=report, user=None)
    new = report.snapshot
    assert new["schema"] == 3
    text = json.dumps(new["sections"], ensure_ascii=False)
    for printed_number in ("€", "procent", "5,8", "1.000", "Totaal"):
        assert printed_number not in text
    report.published_at = datetime.datetime.fromisoformat(fields["published_at"])
    # Word for word the same, but for the sentence added since the fixture was frozen: a letter
    # that states residents says that they are not visits.
    residents = (
        " Wij tellen hier inwoners, geen bezoeken: komt een stel samen, dan zijn dat twee inwoners"
        " in één bezoek."
    )
    expected = frozen["html"].replace("wij op 43.</p>", f"wij op 43.{residents}</p>", 1)
    assert expected != frozen["html"]
    assert render_report_html(report=report, snapshot=new) == expected
    assert snapshot.printed_figures(new) == frozen["snapshot"]["figures"]

    # The same open data (the fixture's key figures were stored in another order).
    def records(data):
        return sorted(snapshot.published_figures(data), key=lambda r: json.dumps(r, sort_keys=True))

    assert records(new) == records(frozen["snapshot"])
