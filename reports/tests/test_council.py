import datetime
import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from intake.constants import WhoCame
from intake.tests.factories import DeskFactory, OrganisationFactory, VisitFactory
from referrals.constants import Question
from referrals.models import Municipality
from relatieloket.roles import Role
from reports import services
from reports.models import CouncilReport, Indicator

from .access_kwargs import make_council_report

pytestmark = pytest.mark.django_db

START = datetime.date(2024, 1, 1)
END = datetime.date(2024, 6, 30)
HEADINGS = [heading for _key, heading in CouncilReport.HEADINGS]
VISITS_SENTENCE = (
    "In de periode van 1 januari 2024 tot en met 30 juni 2024 hebben 35 inwoners het "
    "relatieloket bezocht; het aantal betrokken kinderen schatten wij op 20."
)
SPLIT_SENTENCE = "Circa 75% kwam voor relatieversterking of -herstel en 25% voor echtscheiding."


@pytest.fixture
def hia():
    return Municipality.objects.get(cbs_code="GM0531")


@pytest.fixture
def desk(hia):
    return DeskFactory(
        municipality=hia, organisation=OrganisationFactory(name="Relatieloket HIA test")
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
    assert report.snapshot["figures"] == {"visits": "20", "persons": "35", "children": "20"}


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
    fresh = services.report_figures(report=report)
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
    snapshot = services.report_figures(report=report)
    assert snapshot["sections"][1]["blocks"][0]["paragraph"] == (
        "Weet waar professionele hulp te vinden bij echtscheiding: 46% "
        "(bron: Monitor Sociaal Dordrecht 2023)."
    )
    hia_report = make_council_report(
        hia, blocks=[{"heading": "costs", "kind": "budget"}], period_end=END
    )
    published = services.report_publish(report=hia_report, user=user)
    assert "Voor 2024 is een budget van € 10.000 beschikbaar voor circa 10 trajecten." in (
        " ".join(_pdf_text(bytes(published.pdf)).split())
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
    assert hia_reports.count() == 1
    published = hia_reports.get()
    assert published.status == "published"
    assert published.answer_title == "Versterken relaties met Relatieloket"
    # Intake's demo gives HIA 53 visitors and 74 children since the opening (HIA memo).
    assert "hebben 53 inwoners het relatieloket bezocht" in published.html
    assert "kinderen schatten wij op 74" in published.html
    draft = CouncilReport.objects.get(municipality__cbs_code="GM0505")
    assert draft.status == "draft"
    assert draft.answer_date == datetime.date(2024, 7, 9)
    assert [b["kind"] for b in draft.blocks].count("indicator") == 3


def test_question_split_has_a_chart_unless_counts_are_protected(hia, desk, visits):
    report = make_council_report(hia, blocks=[{"heading": "information", "kind": "question_split"}])
    block = services.report_figures(report=report)["sections"][1]["blocks"][0]
    assert [(bar["label"], bar["text"]) for bar in block["bars"]] == [
        ("relatieversterking of -herstel", "75%"),
        ("twijfels over de relatie", "0%"),
        ("echtscheiding", "25%"),
        ("een andere vraag", "0%"),
    ]
    assert block["table"]["rows"][0] == ["relatieversterking of -herstel", "15"]
    VisitFactory(desk=desk, date=START, women=1, question=Question.DOUBTS)
    block = services.report_figures(report=report)["sections"][1]["blocks"][0]
    assert "bars" not in block
    assert block["table"]["rows"][1] == ["twijfels over de relatie", "minder dan 5"]
    assert "%" not in block["paragraph"]


def test_the_threshold_of_the_municipality_applies(hia, visits):
    hia.small_count_threshold = 25
    hia.save()
    report = make_council_report(hia, blocks=[{"heading": "information", "kind": "visits_summary"}])
    snapshot = services.report_figures(report=report)
    assert snapshot["threshold"] == 25
    assert snapshot["figures"] == {
        "visits": "minder dan 25",
        "persons": "35",
        "children": "minder dan 25",
    }


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
    monthly, referred = services.report_figures(report=report)["sections"][1]["blocks"]
    # January 2024 holds the 15 relationship visits; a year earlier none.
    assert monthly["table"]["rows"] == [["januari 2024", "15"]]
    assert "<svg" in monthly["svg"]
    assert referred["table"]["caption"] == "Verwezen door"
    published = services.report_publish(report=report, user=None)
    assert "januari 2024" in _pdf_text(bytes(published.pdf))
