"""The frozen snapshot: one module writes and reads it, with a schema version. A letter frozen
before schema 2 (fixtures/letter_schema_1.json, published by the code of that time) still
renders byte for byte, links with later letters and gives its open data as numbers."""

import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse

from intake.tests.factories import DeskFactory, VisitFactory
from referrals.constants import Question
from referrals.models import Municipality, Organisation
from reports import services
from reports.constants import BlockKind
from reports.formatting import format_cell
from reports.letter import printed, snapshot
from reports.models import CouncilReport
from reports.pdf import render_report_html

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).parent / "fixtures" / "letter_schema_1.json"


@pytest.fixture
def frozen():
    return json.loads(FIXTURE.read_text())


@pytest.fixture
def old_letter(frozen):
    fields = frozen["report"]
    return CouncilReport.objects.create(
        municipality=Municipality.objects.get(cbs_code=fields["municipality"]),
        title=fields["title"],
        period_start=datetime.date.fromisoformat(fields["period_start"]),
        period_end=datetime.date.fromisoformat(fields["period_end"]),
        reason=fields["reason"],
        information=fields["information"],
        blocks=fields["blocks"],
        status=CouncilReport.Status.PUBLISHED,
        published_at=datetime.datetime.fromisoformat(fields["published_at"]),
        snapshot=frozen["snapshot"],
        html=frozen["html"],
        pdf=b"%PDF-1.7 frozen",
        sha256=frozen["sha256"],
    )


def test_the_fixture_is_schema_1(frozen):
    assert "schema" not in frozen["snapshot"] and "figure_values" not in frozen["snapshot"]


def test_an_old_letter_renders_byte_for_byte(old_letter, frozen):
    stored = CouncilReport.objects.get(pk=old_letter.pk)
    for data in (stored.snapshot, snapshot.load(stored.snapshot)):
        assert render_report_html(report=stored, snapshot=data) == frozen["html"]
    page = CouncilReport.objects.get(pk=old_letter.pk)
    assert page.snapshot == frozen["snapshot"]  # loading never rewrites the frozen one


def test_load_gives_the_current_shape_of_an_old_snapshot(frozen):
    old = frozen["snapshot"]
    loaded = snapshot.load(old)
    assert loaded["schema"] == snapshot.SCHEMA_VERSION
    assert {k: v for k, v in loaded.items() if k not in ("schema", "figure_values")}.keys() == (
        old.keys()
    )
    assert loaded["figure_values"] == {"children": 30, "persons": 48, "visits": 33}
    tables = [b["table"] for s in loaded["sections"] for b in s["blocks"] if b["table"]]
    assert tables
    for table in tables:
        # The numbers print as the letter printed them.
        assert [[format_cell(v) for v in row] for row in table["values"]] == [
            row[1:] for row in table["rows"]
        ]
        assert len(table["row_codes"]) == len(set(table["row_codes"])) == len(table["rows"])
    assert json.loads(FIXTURE.read_text())["snapshot"] == old  # the input is not changed


def test_marks_of_an_old_table_read_back_as_marks(frozen):
    old = frozen["snapshot"]
    block = next(b for s in old["sections"] for b in s["blocks"] if b["table"])
    block["table"]["rows"] = [["a", "1.234"], ["b", "< 5"], ["c", "x"], ["d", "–"], ["e", "n.v.t."]]
    table = next(b for s in snapshot.load(old)["sections"] for b in s["blocks"] if b["table"])[
        "table"
    ]
    assert table["values"] == [[1234], ["< 5"], ["x"], ["–"], [None]]
    statuses = [snapshot.value_status(v[0], 5) for v in table["values"]]
    assert statuses == [
        (1234, "A", None),
        (None, "I", {"low": 1, "high": 4}),
        (None, "C", None),
        (None, "N", None),
        (None, "M", None),
    ]


def test_a_newer_schema_is_refused():
    with pytest.raises(ValueError, match="newer"):
        snapshot.load({"schema": snapshot.SCHEMA_VERSION + 1})


def test_a_new_letter_is_schema_3_and_links_with_the_old_one(old_letter):
    # The visits the old letter was published from, and more in the second half-year.
    desk = DeskFactory(
        name="Relatieloket Hendrik-Ido-Ambacht",
        municipality=old_letter.municipality,
        organisation=Organisation.objects.get(name="Relatieloket Hendrik-Ido-Ambacht"),
        tariff_per_traject=1000,
    )
    for i in range(30):
        VisitFactory(
            desk=desk,
            date=datetime.date(2024, 1 + i % 6, 1 + i),
            women=1,
            men=i % 2,
            children=1,
            question=Question.STRENGTHEN if i % 3 else Question.SEPARATING,
        )
    for _ in range(3):
        VisitFactory(
            desk=desk, date=datetime.date(2024, 6, 28), women=1, question=Question.AFTER_SEPARATION
        )
    for i in range(20):
        VisitFactory(desk=desk, date=datetime.date(2024, 7 + i % 6, 2), women=1)
    kinds = [kind for kind in BlockKind.values if kind != BlockKind.INDICATOR]
    report = services.report_create(
        municipality=old_letter.municipality,
        title="Jaarcijfers 2024",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        blocks=[{"heading": "information", "kind": kind} for kind in kinds],
    )
    report = services.report_publish(report=report, user=None)
    frozen = report.snapshot
    assert frozen["schema"] == 3
    # The old letter's cells are read: the new one is protected together with it.
    assert [row["title"] for row in frozen["linked_letters"]] == [old_letter.title]
    assert snapshot.load(frozen) == frozen  # the current schema loads as it is
    # Numbers only: no printed figures, rows or legends, and paragraphs as facts.
    assert "figures" not in frozen
    blocks = [b for s in frozen["sections"] for b in s["blocks"]]
    assert all(isinstance(p, dict) and "say" in p for b in blocks for p in b["paragraphs"])
    shown = printed.letter(frozen)
    printed_blocks = [b for s in shown["sections"] for b in s["blocks"]]
    for block, printed_block in zip(blocks, printed_blocks, strict=True):
        table = block["table"]
        if not table:
            continue
        assert "rows" not in table and "legend" not in table
        assert table["code"] == block["kind"]
        assert len(table["values"]) == len(table["row_codes"])
        assert len(set(table["row_codes"])) == len(table["row_codes"])
        assert [[format_cell(v) for v in row] for row in table["values"]] == [
            row[1:] for row in printed_block["table"]["rows"]
        ]
    monthly = next(
        b["table"] for s in frozen["sections"] for b in s["blocks"] if b["kind"] == "monthly"
    )
    assert monthly["row_codes"][0].startswith("2024-01-01/")


def test_a_table_over_time_of_one_row_is_coded_by_its_period():
    key = ("p", "visits", "2024-01-01", "2024-06-30")
    assert snapshot.table_codes([("1e halfjaar 2024", [key])], key, over_time=True) == (
        ["2024-01-01/2024-06-30", "totaal"],
        ["aantal"],
    )
    one = ("p", "question:scheiden", "2024-01-01", "2024-06-30")
    assert snapshot.table_codes([("Scheiden", [one])], None) == (["question:scheiden"], ["aantal"])


def test_open_data_of_an_old_letter_gives_numbers(client, old_letter):
    data = json.loads(client.get(reverse("open_data:letter_json", args=[old_letter.pk])).content)
    values = {(r["tabel_code"], r["rij_code"]): r["waarde"] for r in data["figures"]}
    assert values[("kerncijfers", "bezoeken")] == 33
    assert values[("monthly", "totaal")] == 33
    assert all(v is None or type(v) is int for v in values.values())
