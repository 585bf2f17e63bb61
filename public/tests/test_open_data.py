"""Open data: a published letter's frozen figures as CSV and JSON, and a DCAT-AP catalogue."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from pyld import jsonld

from intake.constants import WhoCame
from intake.tests.factories import DeskFactory, OrganisationFactory, VisitFactory
from public.opendata import as_json
from referrals.constants import Question
from referrals.models import Municipality
from reports import services
from reports.constants import BlockKind
from reports.letter import printed
from reports.tests import test_letter_seeds as seeds
from reports.tests.access_kwargs import make_council_report

pytestmark = pytest.mark.django_db

sko_desk = seeds.sko_desk  # the seeds' Dordrecht desk, as a fixture

START = datetime.date(2024, 1, 1)
END = datetime.date(2024, 6, 30)
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"


@pytest.fixture
def hia():
    return Municipality.objects.get(cbs_code="GM0531")


@pytest.fixture
def desk(hia):
    return DeskFactory(
        name="Relatieloket Hendrik-Ido-Ambacht",
        municipality=hia,
        organisation=OrganisationFactory(name="Relatieloket HIA test"),
    )


@pytest.fixture
def published(hia, desk):
    for i in range(15):
        VisitFactory(
            desk=desk,
            date=START + datetime.timedelta(days=i),
            who_came=WhoCame.BOTH_PARTNERS,
            women=1,
            men=1,
            question=Question.RESTORE,
        )
    for _ in range(3):  # a small count: the letter hides it
        VisitFactory(desk=desk, date=END, women=1, question=Question.SEPARATING)
    report = make_council_report(
        hia,
        period_start=START,
        period_end=END,
        blocks=[
            {"heading": "information", "kind": "visits_summary"},
            {"heading": "information", "kind": "monthly"},
            {"heading": "information", "kind": "who_came"},
        ],
    )
    return services.report_publish(report=report, user=None)


def _letter_cells(snapshot):
    """Every figure the letter prints: its key figures and each table cell, as printed."""
    snapshot = printed.letter(snapshot)
    cells = sorted(snapshot["figures"].values())
    for section in snapshot["sections"]:
        for block in section["blocks"]:
            if block["table"]:
                cells += [cell for row in block["table"]["rows"] for cell in row[1:]]
    return sorted(cells)


def test_json_and_csv_equal_the_letters_figures_and_metadata(client, published, hia):
    response = client.get(reverse("open_data:letter_json", args=[published.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["municipality"] == "Hendrik-Ido-Ambacht"
    assert data["cbs_code"] == "GM0531"
    assert (data["period_start"], data["period_end"]) == ("2024-01-01", "2024-06-30")
    assert data["letter_sha256"] == published.sha256 and len(published.sha256) == 64
    assert data["licence"] == "http://creativecommons.org/publicdomain/zero/1.0/"
    assert data["published_on"] == published.published_at.date().isoformat()
    values = sorted(row["zoals_gedrukt"] for row in data["figures"])
    assert values == _letter_cells(published.snapshot)
    # 15 couples and 3 alone: 33 persons, the 3 hidden by the small-count rule.
    assert {
        "onderdeel": "Kerncijfers",
        "onderdeel_code": "kerncijfers",
        "tabel": "Kerncijfers",
        "tabel_code": "kerncijfers",
        "rij": "Inwoners",
        "rij_code": "inwoners",
        "kolom": "Aantal",
        "kolom_code": "aantal",
        "waarde": 33,
        "status": "A",
        "band": None,
        "zoals_gedrukt": "33",
    } in data["figures"]
    assert "3" not in values and 3 not in [row["waarde"] for row in data["figures"]]

    response = client.get(reverse("open_data:letter_csv", args=[published.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(row["zoals_gedrukt"] for row in rows) == values
    assert [row["waarde"] for row in rows] == [
        "" if row["waarde"] is None else str(row["waarde"]) for row in data["figures"]
    ]
    assert {row["sha256_brief"] for row in rows} == {published.sha256}
    assert {row["cbs_code"] for row in rows} == {"GM0531"}


def test_files_stay_byte_identical_after_new_visits(client, published, desk):
    urls = [
        reverse("open_data:letter_json", args=[published.pk]),
        reverse("open_data:letter_csv", args=[published.pk]),
        reverse("open_data:catalogue"),
    ]
    before = [client.get(url).content for url in urls]
    for _ in range(9):
        VisitFactory(desk=desk, date=START, women=1, question=Question.SEPARATING)
    assert [client.get(url).content for url in urls] == before


def test_drafts_have_no_open_data(client, hia):
    draft = make_council_report(hia, period_start=START, period_end=END, blocks=[])
    for name in ("open_data:letter_json", "open_data:letter_csv"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
        assert client.get(reverse(name, args=[draft.pk + 999])).status_code == 404
    catalogue = json.loads(client.get(reverse("open_data:catalogue")).content)
    assert catalogue["dcat:dataset"] == []


def test_catalogue_is_dcat_ap_json_ld(client, published):
    response = client.get(reverse("open_data:catalogue"))
    assert response["Content-Type"].startswith("application/ld+json")
    assert not response.cookies
    expanded = jsonld.expand(json.loads(response.content))
    (catalog,) = [node for node in expanded if f"{DCAT}Catalog" in node.get("@type", [])]
    (dataset,) = catalog[f"{DCAT}dataset"]
    assert dataset["@type"] == [f"{DCAT}Dataset"]
    assert dataset[f"{DCT}spatial"][0]["@value"] == "GM0531"
    assert dataset[f"{DCT}license"][0]["@id"].endswith("/publicdomain/zero/1.0/")
    assert dataset[f"{DCT}issued"][0]["@type"] == "http://www.w3.org/2001/XMLSchema#date"
    period = dataset[f"{DCT}temporal"][0]
    assert period[f"{DCAT}startDate"][0]["@value"] == "2024-01-01"
    assert period[f"{DCAT}endDate"][0]["@value"] == "2024-06-30"
    assert published.sha256 in dataset[f"{DCT}description"][0]["@value"]
    formats = {}
    for distribution in dataset[f"{DCAT}distribution"]:
        assert distribution["@type"] == [f"{DCAT}Distribution"]
        url = distribution[f"{DCAT}downloadURL"][0]["@id"]
        formats[distribution[f"{DCAT}mediaType"][0]["@value"]] = url
    assert set(formats) == {"text/csv", "application/json"}
    # The distributions point at the files themselves.
    json_url = formats["application/json"].removeprefix("http://testserver")
    assert json.loads(client.get(json_url).content)["letter_sha256"] == published.sha256

    # Every term used is one of the vocabularies in the context: no unexpanded key is left.
    def keys(node):
        if isinstance(node, dict):
            for key, value in node.items():
                yield key
                yield from keys(value)
        elif isinstance(node, list):
            for item in node:
                yield from keys(item)

    assert all(key.startswith(("@", "http://")) for key in keys(expanded))


def test_values_are_numbers_or_null_with_a_status_and_stable_codes(client, published):
    data = json.loads(client.get(reverse("open_data:letter_json", args=[published.pk])).content)
    figures = data["figures"]
    assert figures and set(data["statuses"]) == {"A", "I", "C", "N", "M"}
    for row in figures:
        assert row["waarde"] is None or type(row["waarde"]) is int, row
        assert (row["status"] == "A") == (row["waarde"] is not None), row
        if row["status"] == "I":  # "< 5": only the band is published
            assert row["band"] == {"low": 1, "high": 4} and row["zoals_gedrukt"] == "< 5"
        for field in ("onderdeel_code", "tabel_code", "rij_code", "kolom_code"):
            assert row[field] and row[field].isascii() and " " not in row[field], row
    # A hidden month: the monthly table hides the 3 (June) and one more with it.
    monthly = [row for row in figures if row["tabel_code"] == "monthly"]
    assert {row["status"] for row in monthly} >= {"A"}
    assert any(row["status"] in ("I", "C") for row in figures)
    codes = [(r["tabel_code"], r["rij_code"], r["kolom_code"]) for r in figures]
    assert len(codes) == len(set(codes))  # one figure per (table, row, column)
    assert {row["onderdeel_code"] for row in figures} == {"kerncijfers", "informatie"}
    assert "information" not in json.dumps(data)
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(reverse("open_data:letter_csv", args=[published.pk])).content.decode()
            )
        )
    )
    small = [row for row in rows if row["status"] == "I"]
    assert all((r["waarde"], r["ondergrens"], r["bovengrens"]) == ("", "1", "4") for r in small)


def test_catalogue_describes_the_columns(client, published):
    catalogue = json.loads(client.get(reverse("open_data:catalogue")).content)
    (dataset,) = catalogue["dcat:dataset"]
    (csv_distribution,) = [d for d in dataset["dcat:distribution"] if d["dct:format"] == "CSV"]
    columns = csv_distribution["csvw:tableSchema"]["csvw:column"]
    body = client.get(reverse("open_data:letter_csv", args=[published.pk])).content.decode()
    assert [c["csvw:name"] for c in columns] == body.splitlines()[0].split(",")
    assert all(c["dct:description"] for c in columns)
    waarde = next(c for c in columns if c["csvw:name"] == "waarde")
    # Counts, and the means and effect sizes of the effect block: decimals.
    assert waarde["csvw:datatype"] == {"@id": "xsd:decimal"}


def test_a_published_letter_shows_on_the_open_data_page_at_once(client, hia, desk):
    figures = reverse("open_data:figures")
    before = client.get(figures)
    letter = _published_now(hia, desk)
    after = client.get(figures, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert reverse("open_data:letter_csv", args=[letter.pk]) in after.content.decode()
    assert after["Cache-Control"].startswith("public")


def _published_now(hia, desk):
    VisitFactory(desk=desk, date=START, women=1, question=Question.SEPARATING)
    report = make_council_report(
        hia,
        period_start=START,
        period_end=END,
        blocks=[{"heading": "information", "kind": "visits_summary"}],
    )
    return services.report_publish(report=report, user=None)


def test_the_open_data_of_a_series_passes_the_series_check(sko_desk):
    """Dordrecht's Jan–Nov letter, then the annual letter with its visits as a band: each
    file says what its letter prints (the band as low and high, status I), every count is a
    cell the series audit reads, and that audit finds nothing in the series."""
    from public.opendata import open_data_problems, series_open_data_problems
    from reports.letter import series_audit
    from reports.tests.test_letter_seeds import _sko_situation, _visit
    from reports.tests.test_letter_series import SKO_KINDS, _blocks, _publish

    _sko_situation(sko_desk)
    for day in (1, 8, 15):
        _visit(sko_desk, datetime.date(2023, 12, day), question=Question.SEPARATING)
    blocks = _blocks(*SKO_KINDS, BlockKind.MONTHLY)
    dordrecht = sko_desk.municipality
    interim = _publish(
        dordrecht, "Tussenstand", datetime.date(2023, 1, 1), datetime.date(2023, 11, 30), blocks
    )
    annual = _publish(
        dordrecht, "Jaarbrief", datetime.date(2023, 1, 1), datetime.date(2023, 12, 31), blocks
    )
    figures = json.loads(as_json(annual))["figures"]
    assert {"low": 40, "high": 45} in [f["band"] for f in figures]
    assert series_open_data_problems(dordrecht) == []
    assert series_audit(report=interim) == [] and series_audit(report=annual) == []
    # The check reads what the files say: one that gave a hidden cell's count fails.
    hidden = next(
        (block["table"], i, j)
        for section in annual.snapshot["sections"]
        for block in section["blocks"]
        if block.get("table")
        for i, values in enumerate(block["table"]["values"])
        for j, value in enumerate(values)
        if isinstance(value, str)
    )
    table, i, j = hidden
    table["values"][i][j] = 2
    problems = open_data_problems(annual)
    # The letter prints its stored numbers (schema 3), so the files agree with the letter; the
    # count 2 is no cell the series audit read when the letter was published.
    assert len(problems) == 1 and "is no published cell of the letter" in problems[0]
