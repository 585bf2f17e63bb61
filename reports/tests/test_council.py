import datetime
import io
import logging

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from intake import services as intake_services
from intake.constants import WhoCame
from intake.models import Visit
from intake.tests.factories import DeskFactory, OrganisationFactory, VisitFactory
from referrals.constants import Question
from referrals.models import Municipality
from relatieloket.roles import Role
from reports import services
from reports.letter import letter_snapshot, printed
from reports.models import CouncilReport, Indicator
from reports.sentences import format_date
from reports.tests.test_letter_document import _page_texts_and_fill

from .access_kwargs import make_council_report

pytestmark = pytest.mark.django_db

START = datetime.date(2024, 1, 1)
END = datetime.date(2024, 6, 30)
HEADINGS = [heading for _key, heading in CouncilReport.HEADINGS]
VISITS_SENTENCE = (
    "In de periode van 1 januari 2024 tot en met 30 juni 2024 hebben 35 inwoners het "
    "Relatieloket Hendrik-Ido-Ambacht bezocht; het aantal betrokken kinderen schatten wij op 20."
)
SPLIT_SENTENCE = "Circa 75% kwam voor relatieversterking of -herstel en 25% voor echtscheiding."


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
def visits(desk):
    """20 visits: 15 couples for the relationship (10 with 2 children), 5 alone for separation.

    Persons 15 x 2 + 5 = 35, children 10 x 2 = 20, split 15/20 = 75% and 5/20 = 25%.
    """
    for i in range(15):
        VisitFactory(
            desk=desk,
            date=START + datetime.timedelta(days=i),
            who_came=WhoCame.BOTH_PARTNERS,
            women=1,
            men=1,
            children=2 if i < 10 else None,
            question=Question.STRENGTHEN if i % 2 else Question.RESTORE,
        )
    for _ in range(5):
        VisitFactory(desk=desk, date=END, women=1, question=Question.SEPARATING)
    # Outside the period: not counted.
    VisitFactory(desk=desk, date=END + datetime.timedelta(days=1), women=1)


@pytest.fixture
def policy(role_client, hia):
    return role_client(Role.POLICY, municipalities=[hia])


def _form_data(hia, **extra):
    return {
        "municipality": hia.pk,
        "title": "Aanvullende informatie n.a.v. motie Versterken relaties met Relatieloket",
        "period_start": "2024-01-01",
        "period_end": "2024-06-30",
        "answer_kind": "motie",
        "answer_title": "Versterken relaties met Relatieloket",
        "answer_number": "",
        "answer_date": "2024-07-02",
        "reason": "Met deze raadsinformatiebrief beantwoorden wij de motie.",
        "information": "Het Relatieloket is in oktober 2023 gestart.",
        "next_steps": "Wij informeren u over een jaar opnieuw.",
        "costs": "Circa € 10.000 per jaar.",
        "decisions": "Motie 'Versterken relaties met Relatieloket', 2 juli 2024.",
        **extra,
    }


def _compose(client, hia):
    response = client.post(reverse("reports:council_create"), _form_data(hia))
    assert response.status_code == 302
    report = CouncilReport.objects.get()
    for kind in ("visits_summary", "question_split"):
        response = client.post(
            reverse("reports:council_block_add", args=[report.pk]),
            {"heading": "information", "kind": kind},
        )
        assert response.status_code == 302
    return report


def _pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_compose_preview_publish(policy, hia, visits):
    report = _compose(policy, hia)
    report.refresh_from_db()
    assert [b["kind"] for b in report.blocks] == ["visits_summary", "question_split"]
    assert report.status == "draft"

    preview = policy.get(reverse("reports:council_preview", args=[report.pk]))
    html = preview.content.decode()
    assert "Concept – niet gepubliceerd" in html
    assert VISITS_SENTENCE in html
    assert SPLIT_SENTENCE in html
    assert [html.index(h) for h in HEADINGS] == sorted(html.index(h) for h in HEADINGS)

    confirm = policy.get(reverse("reports:council_publish", args=[report.pk]))
    assert confirm.status_code == 200
    response = policy.post(reverse("reports:council_publish", args=[report.pk]), follow=True)
    assert "De raadsinformatiebrief is gepubliceerd." in response.content.decode()
    report.refresh_from_db()
    assert report.status == "published"
    assert report.version == 1
    assert bytes(report.pdf)[:4] == b"%PDF"
    assert len(report.sha256) == 64
    assert report.sha256 in response.content.decode()
    assert VISITS_SENTENCE in report.html
    assert printed.letter(report.snapshot)["figures"] == {
        "visits": "20",
        "persons": "35",
        "children": "20",
    }


def test_published_version_is_frozen_when_data_changes(policy, hia, desk, visits):
    report = _compose(policy, hia)
    policy.post(reverse("reports:council_publish", args=[report.pk]))
    report.refresh_from_db()
    before = (report.snapshot, report.html, bytes(report.pdf), report.sha256, report.published_at)

    for _ in range(7):
        VisitFactory(desk=desk, date=START, women=1, question=Question.SEPARATING)
    # A second click on publish changes nothing.
    policy.post(reverse("reports:council_publish", args=[report.pk]))
    report.refresh_from_db()
    after = (report.snapshot, report.html, bytes(report.pdf), report.sha256, report.published_at)
    assert after == before

    page = policy.get(reverse("reports:published_detail", args=[report.pk])).content.decode()
    assert VISITS_SENTENCE in page
    download = policy.get(reverse("reports:published_pdf", args=[report.pk]))
    assert download.content == before[2]
    # The live figures did change: a new draft shows them.
    fresh = printed.letter(letter_snapshot(report=report).snapshot)
    assert fresh["figures"]["persons"] == "42"


def test_pdf_has_headings_in_order_and_the_snapshot_figures(policy, hia, visits):
    report = _compose(policy, hia)
    report = services.report_publish(report=report, user=policy.user)
    text = " ".join(_pdf_text(bytes(report.pdf)).split())
    assert "Raadsinformatiebrief" in text
    assert "Gemeente Hendrik-Ido-Ambacht" in text
    assert "Betreft" in text
    assert "Aan de gemeenteraad van Hendrik-Ido-Ambacht" in text
    positions = [text.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    assert VISITS_SENTENCE in text
    assert SPLIT_SENTENCE in text
    assert "pagina 1 van" in text
    # The figures sit under "Wat is de te delen informatie?", before "Hoe verder …?".
    assert positions[1] < text.index(VISITS_SENTENCE) < positions[2]
    assert f"Datum {format_date(timezone.localdate(report.published_at))}" in text
    assert "Periode 1 januari 2024 tot en met 30 juni 2024" in text
    # Cells of the question table: a group, its count, and the total.
    assert "Relatieversterking of -herstel 15" in text
    assert "Totaal 20" in text
    # The page numbers are set in the body's font: no serif fallback anywhere in the PDF.
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(bytes(report.pdf))).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVu-Sans" in font for font in fonts), fonts


def test_council_member_reads_published_reports_of_own_municipality_only(
    role_client, make_user, client, hia, dordrecht
):
    published = make_council_report(hia, published=True, title="Gepubliceerde brief")
    draft = make_council_report(hia, title="Conceptbrief")
    other = make_council_report(dordrecht, published=True, title="Brief Dordrecht")

    council = role_client(Role.COUNCIL, municipalities=[hia])
    listing = council.get(reverse("reports:published_list")).content.decode()
    assert "Gepubliceerde brief" in listing
    assert "Conceptbrief" not in listing
    assert "Brief Dordrecht" not in listing
    assert council.get(reverse("reports:published_detail", args=[published.pk])).status_code == 200
    response = council.get(reverse("reports:published_pdf", args=[published.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="raadsinformatiebrief-Hendrik-Ido-Ambacht-'
    )
    for report in (draft, other):
        assert council.get(reverse("reports:published_detail", args=[report.pk])).status_code == 404
        assert council.get(reverse("reports:published_pdf", args=[report.pk])).status_code == 404
    # Composing is for policy staff only.
    assert council.get(reverse("reports:council_list")).status_code == 403
    assert council.get(reverse("reports:council_preview", args=[draft.pk])).status_code == 403


def test_policy_staff_of_another_municipality_get_404(role_client, hia, dordrecht):
    draft = make_council_report(hia)
    client = role_client(Role.POLICY, municipalities=[dordrecht])
    for name in ("council_edit", "council_preview", "council_publish", "council_delete"):
        assert client.get(reverse(f"reports:{name}", args=[draft.pk])).status_code == 404, name


def test_correction_is_version_2_naming_version_1(policy, hia, visits):
    report = _compose(policy, hia)
    policy.post(reverse("reports:council_publish", args=[report.pk]))
    response = policy.post(reverse("reports:council_correct", args=[report.pk]))
    correction = CouncilReport.objects.get(replaces=report)
    report.refresh_from_db()
    assert response["Location"] == reverse("reports:council_edit", args=[correction.pk])
    assert correction.version == 2
    assert correction.series == report.series
    assert correction.status == "draft"
    assert correction.reason == report.reason
    assert correction.blocks == report.blocks
    policy.post(reverse("reports:council_publish", args=[correction.pk]))
    correction.refresh_from_db()
    assert "(vervangt versie 1)" in correction.html
    old_page = policy.get(reverse("reports:published_detail", args=[report.pk])).content.decode()
    assert "vervangen door versie 2" in old_page
    # Only one correction per version.
    again = policy.post(reverse("reports:council_correct", args=[report.pk]))
    assert again.status_code == 302
    assert CouncilReport.objects.filter(replaces=report).count() == 1


def test_edit_reorder_remove_and_delete_draft(policy, hia):
    indicator = Indicator.objects.filter(municipality__cbs_code="GM0505").first()
    report = make_council_report(hia)
    edit = reverse("reports:council_edit", args=[report.pk])
    response = policy.post(edit, _form_data(hia, title="Nieuwe titel"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "Nieuwe titel"
    add = reverse("reports:council_block_add", args=[report.pk])
    policy.post(add, {"heading": "costs", "kind": "budget"})
    # An indicator of another municipality is refused.
    policy.post(add, {"heading": "information", "kind": "indicator", "indicator": indicator.pk})
    report.refresh_from_db()
    assert [b["kind"] for b in report.blocks] == ["visits_summary", "budget"]
    policy.post(reverse("reports:council_block_change", args=[report.pk, 1]), {"action": "up"})
    report.refresh_from_db()
    assert [b["kind"] for b in report.blocks] == ["budget", "visits_summary"]
    policy.post(reverse("reports:council_block_change", args=[report.pk, 0]), {"action": "remove"})
    report.refresh_from_db()
    assert [b["kind"] for b in report.blocks] == ["visits_summary"]
    response = policy.post(reverse("reports:council_delete", args=[report.pk]))
    assert response.status_code == 302
    assert not CouncilReport.objects.filter(pk=report.pk).exists()


def test_indicator_and_budget_blocks(make_user, dordrecht, hia):
    user = make_user(Role.POLICY, municipalities=[dordrecht, hia])
    indicator = Indicator.objects.get(
        municipality=dordrecht, name__contains="bij echtscheiding", year=2023
    )
    report = make_council_report(dordrecht, blocks=[])
    report = services.report_block_add(
        report=report, heading="information", kind="indicator", indicator=indicator
    )
    snapshot = printed.letter(letter_snapshot(report=report).snapshot)
    assert snapshot["sections"][1]["blocks"][0]["paragraphs"] == [
        "46 procent van de inwoners weet waar zij professionele hulp kunnen vinden in geval van "
        "een echtscheiding, zo blijkt uit de Monitor Sociaal Dordrecht 2023."
    ]
    hia_year = make_council_report(
        hia,
        blocks=[{"heading": "costs", "kind": "budget"}],
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )
    published = services.report_publish(report=hia_year, user=user)
    assert "Voor 2024 is een budget van € 10.000 beschikbaar voor circa 10 trajecten." in (
        " ".join(_pdf_text(bytes(published.pdf)).split())
    )
    # Half a year: half the budget (182 of 366 days), by the one definition of the period.
    half = make_council_report(hia, blocks=[{"heading": "costs", "kind": "budget"}])
    text = printed.letter(letter_snapshot(report=half).snapshot)["sections"][3]["blocks"][0][
        "paragraphs"
    ][0]
    assert text.startswith(
        "Voor deze periode is naar rato een budget van € 4.973 beschikbaar, voor circa 5 "
        "trajecten (per jaar: € 10.000 in 2024 voor circa 10 trajecten)."
    )


def test_a_published_report_cannot_be_edited_and_needs_its_snapshot(hia):
    report = make_council_report(hia, published=True)
    with pytest.raises(Exception, match="gepubliceerde|published"):
        services.report_update(report=report, title="Anders")
    with transaction.atomic(), pytest.raises(IntegrityError):
        CouncilReport.objects.filter(pk=report.pk).update(sha256="")
    with transaction.atomic(), pytest.raises(IntegrityError):
        make_council_report(hia, series=report.series, version=1)


def test_query_count_of_the_published_list(role_client, hia, django_assert_max_num_queries):
    for i in range(5):
        make_council_report(hia, published=True, title=f"Brief {i}")
    council = role_client(Role.COUNCIL, municipalities=[hia])
    with django_assert_max_num_queries(8):
        response = council.get(reverse("reports:published_list"))
    assert response.content.decode().count("Brief ") >= 5


@override_settings(DEBUG=True)
def test_demo_is_idempotent(capsys):
    call_command("seed_demo", "--password", "demo-pass-123")
    call_command("seed_demo", "--password", "demo-pass-123")
    hia_reports = CouncilReport.objects.filter(municipality__cbs_code="GM0531")
    # The motion's letter, and the evaluation letter of the evaluation's demo: once each.
    assert hia_reports.count() == 2
    published = hia_reports.exclude(title="Evaluatie proefperiode Relatieloket").get()
    assert published.status == "published"
    assert published.answer_title == "Versterken relaties met Relatieloket"
    # Intake's demo gives HIA 53 visitors and 74 children since the opening (HIA memo).
    assert "hebben 53 inwoners het Relatieloket Hendrik-Ido-Ambacht bezocht" in published.html
    assert "kinderen schatten wij op 74" in published.html
    # Persons and visits are told apart by the generated sentence itself, once.
    assert published.html.count("twee inwoners in één bezoek") == 1
    assert "Wij tellen hier inwoners, geen bezoeken" in published.html
    # Page 1 of each demo letter's PDF is filled (it was half empty when a table and its chart
    # had to move to page 2 together).
    for report in CouncilReport.objects.all():
        (_text, fill), *_rest = _page_texts_and_fill(bytes(report.pdf))
        assert fill > 0.8, (report.title, fill)
    # Dordrecht's letter is published too, so the demo's council member reads one.
    dordrecht = CouncilReport.objects.get(municipality__cbs_code="GM0505")
    assert dordrecht.status == "published"
    assert dordrecht.answer_date == datetime.date(2024, 7, 9)
    assert [b["kind"] for b in dordrecht.blocks].count("indicator") == 3


def test_question_split_has_a_chart_unless_counts_are_protected(hia, desk, visits):
    report = make_council_report(hia, blocks=[{"heading": "information", "kind": "question_split"}])
    block = printed.letter(letter_snapshot(report=report).snapshot)["sections"][1]["blocks"][0]
    # The dashboard's five question groups (reports.selectors), in the letter too.
    assert [(bar["label"], bar["text"]) for bar in block["chart"]["bars"]] == [
        ("Relatieversterking of -herstel", "15"),
        ("Twijfels over de relatie", "0"),
        ("(Overweegt) scheiding", "5"),
        ("Na de scheiding, omgang", "0"),
        ("Overig", "0"),
    ]
    assert block["paragraphs"] == [SPLIT_SENTENCE]
    assert block["table"]["rows"][0] == ["Relatieversterking of -herstel", "15"]
    assert block["table"]["rows"][-1] == ["Totaal", "20"]
    assert block["table"]["legend"] == ""
    # One visit with doubts: a small group, merged into "Overig" (with the smallest other
    # group, until the rest is not small) rather than hidden.
    VisitFactory(desk=desk, date=START, women=1, question=Question.DOUBTS)
    snapshot = printed.letter(letter_snapshot(report=report).snapshot)
    block = snapshot["sections"][1]["blocks"][0]
    rows = dict(block["table"]["rows"])
    assert rows == {
        "Relatieversterking of -herstel": "15",
        "Na de scheiding, omgang": "0",
        "Overig": "6",
        "Totaal": "21",
    }
    assert block["paragraphs"] == [
        "Circa 71% kwam voor relatieversterking of -herstel en 29% voor een andere vraag."
    ]
    notes = snapshot["protection"][0]["notes"]
    assert any("Twijfels over de relatie" in note for note in notes), notes
    # With a threshold of 10 every group but the empty ones merges: no percentages of that.
    hia.small_count_threshold = 10
    hia.save()
    block = printed.letter(letter_snapshot(report=report).snapshot)["sections"][1]["blocks"][0]
    assert dict(block["table"]["rows"])["Overig"] == "21"
    assert block["chart"] is None
    assert "%" not in " ".join(block["paragraphs"])


def test_the_threshold_of_the_municipality_applies(hia, visits):
    hia.small_count_threshold = 25
    hia.save()
    report = make_council_report(hia, blocks=[{"heading": "information", "kind": "visits_summary"}])
    snapshot = printed.letter(letter_snapshot(report=report).snapshot)
    assert snapshot["threshold"] == 25
    assert snapshot["figures"] == {"persons": "35", "children": "< 25"}
    assert "schatten wij op minder dan 25" in snapshot["sections"][1]["blocks"][0]["paragraphs"][0]


def test_monthly_and_referred_by_blocks_from_the_dashboard(hia, desk, visits):
    report = make_council_report(
        hia,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 1, 31),
        blocks=[
            {"heading": "information", "kind": "monthly"},
            {"heading": "information", "kind": "referred_by"},
        ],
    )
    monthly, referred = printed.letter(letter_snapshot(report=report).snapshot)["sections"][1][
        "blocks"
    ]
    # January 2024 holds the 15 relationship visits.
    assert monthly["table"]["rows"] == [["jan. 2024", "15"], ["Totaal", "15"]]
    assert monthly["chart"]["bars"][0]["text"] == "15"
    assert referred["paragraphs"] == [
        "In deze periode is bij geen bezoek een verwijzer vastgelegd."
    ]
    published = services.report_publish(report=report, user=None)
    assert "jan. 2024" in _pdf_text(bytes(published.pdf))


def _hidden_cells_leak(table, true_counts, known_total):
    """The hidden cells whose true count equals the known total minus the shown cells."""
    body = table["rows"][:-1]
    shown = sum(int(cell.replace(".", "")) for _label, cell in body if cell[0].isdigit())
    hidden = [label for label, cell in body if not cell[0].isdigit()]
    return [label for label in hidden if true_counts[label] == known_total - shown]


def test_small_counts_do_not_leak_across_the_blocks_of_a_letter(hia, desk):
    """Questions 7 / 3 / 10 and months 10 / 10: the months state the 20 visits, so hiding only
    the 3 would let a reader compute it as 20 - 7 - 10."""
    questions = [Question.STRENGTHEN] * 7 + [Question.DOUBTS] * 3 + [Question.SEPARATING] * 10
    for i, question in enumerate(questions):
        day = datetime.date(2024, 1 if i % 2 else 2, 1 + i)
        VisitFactory(desk=desk, date=day, women=1, question=question)
    report = make_council_report(
        hia,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 2, 29),
        blocks=[
            {
                "heading": "information",
                "kind": "question_split",
                "grouping": "relationship_or_divorce",
            },
            {"heading": "information", "kind": "monthly"},
        ],
    )
    shown = printed.letter(letter_snapshot(report=report).snapshot)
    split, monthly = shown["sections"][1]["blocks"]
    assert monthly["table"]["rows"] == [["jan. 2024", "10"], ["feb. 2024", "10"], ["Totaal", "20"]]
    rows = dict(split["table"]["rows"])
    assert rows["Andere hulpvraag"] == "< 5"
    # Secondary suppression hid one more group, written "x" and explained.
    assert list(rows.values()).count("x") == 1
    assert rows["Totaal"] == "20"
    assert (
        "x: verborgen zodat de kleine aantallen niet zijn terug te rekenen"
        in (split["table"]["legend"])
    )
    # And no percentage of a group gives a hidden count away.
    assert "%" not in " ".join(split["paragraphs"])
    assert split["chart"] is None


def test_tables_add_up_to_the_known_number_of_visits(hia, desk, visits):
    """A table of part of the visits gets a row for the rest: otherwise the rest, perhaps 1
    to 4 visits, would follow from the number of visits stated elsewhere."""
    referrer = OrganisationFactory(name="Huisarts test")
    for _ in range(6):
        VisitFactory(desk=desk, date=START, women=1, referred_by=referrer)
    report = make_council_report(
        hia, blocks=[{"heading": "information", "kind": "referred_by"}], period_end=END
    )
    block = printed.letter(letter_snapshot(report=report).snapshot)["sections"][1]["blocks"][0]
    rows = dict(block["table"]["rows"])
    assert rows == {"Huisarts test": "6", "Geen verwijzer vastgelegd": "20", "Totaal": "26"}


@pytest.mark.parametrize("operation", ["update title", "back to draft", "delete"])
def test_the_database_refuses_to_change_a_published_version(hia, operation):
    report = make_council_report(hia, published=True)
    rows = CouncilReport.objects.filter(pk=report.pk)
    before = rows.values("title", "status", "sha256", "html").get()
    with transaction.atomic(), pytest.raises(DatabaseError):
        if operation == "update title":
            rows.update(title="Anders")
        elif operation == "back to draft":
            rows.update(status="draft")
        else:
            rows.delete()
    assert rows.values("title", "status", "sha256", "html").get() == before
    with transaction.atomic(), pytest.raises(DatabaseError):
        report.delete()
    assert rows.exists()


def test_the_guard_lets_drafts_change_publish_and_be_corrected(hia):
    report = make_council_report(hia, blocks=[])
    CouncilReport.objects.filter(pk=report.pk).update(title="Nieuwe titel")
    report = services.report_publish(report=report, user=None)
    assert report.status == "published"
    correction = services.report_correct(report=report)
    assert CouncilReport.objects.get(pk=report.pk).sha256 == report.sha256
    services.report_delete(report=correction)
    assert not CouncilReport.objects.filter(pk=correction.pk).exists()


def test_blocks_that_no_longer_resolve_are_refused(policy, hia, dordrecht):
    """An indicator block of Dordrecht in a letter to Hendrik-Ido-Ambacht (after the recipient
    changed) would publish "Indicator niet gevonden."."""
    indicator = Indicator.objects.filter(municipality=dordrecht).first()
    report = make_council_report(
        dordrecht,
        blocks=[
            {"heading": "information", "kind": "visits_summary"},
            {"heading": "information", "kind": "indicator", "indicator": indicator.pk},
        ],
    )
    policy.user.municipalities.add(dordrecht)
    response = policy.post(reverse("reports:council_edit", args=[report.pk]), _form_data(hia))
    assert response.status_code == 200
    message = (
        "Cijferblok 2 toont een indicator die niet van Hendrik-Ido-Ambacht is; verwijder het "
        "en kies een indicator van Hendrik-Ido-Ambacht."
    )
    assert message in response.content.decode()
    report.refresh_from_db()
    assert report.municipality == dordrecht

    # Changed behind the form's back: publishing refuses it too, with the same message.
    CouncilReport.objects.filter(pk=report.pk).update(municipality=hia)
    response = policy.post(reverse("reports:council_publish", args=[report.pk]), follow=True)
    assert message in response.content.decode()
    report.refresh_from_db()
    assert report.status == "draft"
    with pytest.raises(ValidationError, match="Cijferblok 2|Figure block 2"):
        services.report_publish(report=report, user=None)


def test_two_publishes_of_one_draft_cannot_both_write(hia, monkeypatch):
    """On SQLite select_for_update locks nothing: a second publish can read the draft before
    the first one writes. Simulated by publishing from inside the first publish."""
    report = make_council_report(hia, blocks=[])
    render = services.render_pdf
    results = []

    def render_and_race(**kwargs):
        if not results:
            results.append(None)
            results.append(services.report_publish(report=report, user=None))
        return render(**kwargs)

    monkeypatch.setattr(services, "render_pdf", render_and_race)
    loser = services.report_publish(report=report, user=None)
    winner = results[1]
    stored = CouncilReport.objects.get(pk=report.pk)
    assert stored.status == "published"
    assert stored.sha256 == winner.sha256 == loser.sha256
    assert stored.published_at == winner.published_at == loser.published_at


def test_publishing_does_not_flood_the_log_with_weasyprint_warnings(hia, visits, caplog):
    report = make_council_report(
        hia,
        blocks=[
            {"heading": "information", "kind": "question_split"},
            {"heading": "information", "kind": "monthly"},
        ],
    )
    with caplog.at_level(logging.WARNING):
        services.report_publish(report=report, user=None)
    assert [r for r in caplog.records if r.name.split(".")[0] in ("weasyprint", "fontTools")] == []


def test_publish_page_shows_a_busy_state_and_works_without_script(policy, hia):
    report = make_council_report(hia, blocks=[])
    html = policy.get(reverse("reports:council_publish", args=[report.pk])).content.decode()
    assert "data-busy-form" in html
    assert 'data-busy-label="Bezig met publiceren…"' in html
    # No script from elsewhere: the form posts as a plain form.
    assert "cdn" not in html.lower()


def test_more_dashboard_figures_as_blocks(hia, desk, visits):
    """Tracks, trajects, costs against the budget, outcomes and referrals, each table protected
    with the others."""
    desk.tariff_per_traject = 1000
    desk.save()
    started = list(Visit.objects.filter(desk=desk, date__lte=END).order_by("date")[:6])
    for visit in started:
        intake_services.traject_start(visit=visit)
    intake_services.referral_add(
        owner=started[0],
        to_organisation=OrganisationFactory(name="Villa Pinedo"),
        warm_handover=True,
    )
    report = make_council_report(
        hia,
        period_end=END,
        blocks=[
            {"heading": "information", "kind": kind}
            for kind in ("tracks", "trajects", "costs", "outcomes", "referred_to")
        ],
    )
    shown = printed.letter(letter_snapshot(report=report).snapshot)
    tracks, trajects, costs, outcomes, referred_to = shown["sections"][1]["blocks"]
    assert tracks["table"]["caption"] == "Bezoeken naar spoor"
    assert tracks["table"]["rows"] == [
        ["Eén adviesgesprek (spoor A)", "14"],
        ["Kortdurend traject (spoor B)", "6"],
        ["Totaal", "20"],
    ]
    assert trajects["paragraphs"] == ["In deze periode zijn 6 kortdurende trajecten gestart."]
    assert trajects["table"]["rows"] == [
        ["Afgerond", "0"],
        ["Voortijdig gestopt", "0"],
        ["Doorverwezen", "0"],
        ["Loopt nog", "6"],
        ["Totaal", "6"],
    ]
    assert costs["paragraphs"] == [
        "De 6 kortdurende trajecten van deze periode kosten € 6.000, gemiddeld € 1.000 per "
        "traject. Voor deze periode is naar rato een budget van € 4.973 beschikbaar, voor circa "
        "5 trajecten (per jaar: € 10.000 in 2024 voor circa 10 trajecten). Daarvan is 121% besteed."
    ]
    assert outcomes["table"]["rows"][-1] == ["Totaal", "20"]
    assert ["Traject gestart", "6"] in outcomes["table"]["rows"]
    # One referral: small, and so is the total that would give it away.
    assert referred_to["table"]["rows"] == [["Villa Pinedo", "< 5"], ["Totaal", "< 5"]]
    assert referred_to["table"]["legend"].startswith("< 5: minder dan 5")
    published = services.report_publish(report=report, user=None)
    text = " ".join(_pdf_text(bytes(published.pdf)).split())
    assert "Bezoeken naar spoor" in text
    assert "Villa Pinedo < 5" in text
