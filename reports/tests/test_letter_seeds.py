"""The seeds' own situations entered through the portal's services, then a letter with every
block published: Hendrik-Ido-Ambacht, October 2023 – April 2025 (memo 2024, article 2025), and
the Adviespunt SKO Dordrecht, 2023 (raadsinformatiebrief 2024). The letters must say what the
seeds say, with their figures, and never contradict themselves."""

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from intake import services as intake_services
from intake.constants import Channel, Outcome, TrajectStatus, Weekday, WhoCame
from intake.models import Desk
from referrals.constants import Question
from referrals.models import Municipality, Organisation, PartnerReturn
from referrals.services import partner_return_save
from reports import services
from reports.constants import BlockKind, QuestionGrouping
from reports.letter import printed
from reports.models import Indicator

pytestmark = pytest.mark.django_db

D = datetime.date


def _visit(
    desk,
    day,
    *,
    who=WhoCame.ONE_PARTNER,
    women=1,
    men=0,
    children=0,
    question,
    outcome=Outcome.HELPED,
):
    return intake_services.visit_create(
        created_by=None,
        desk=desk,
        date=day,
        channel=Channel.WALK_IN,
        who_came=who,
        women=women,
        men=men,
        children=children,
        question=question,
        outcome=outcome,
    )


def _blocks(*kinds, heading="information", **extra):
    return [{"heading": heading, "kind": kind, **extra.get(kind, {})} for kind in kinds]


def _text(report):
    """The published letter as one line of text, as a reader reads it."""
    html = re.sub(r"<[^>]+>", " ", report.html)
    return " ".join(html.replace("&nbsp;", " ").split())


def _pdf_text(report):
    reader = PdfReader(io.BytesIO(bytes(report.pdf)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _table(report, caption):
    for section in printed.letter(report.snapshot)["sections"]:
        for block in section["blocks"]:
            if block["table"] and block["table"]["caption"] == caption:
                return block["table"]["rows"]
    raise AssertionError(f"no table {caption!r}")


# --- Hendrik-Ido-Ambacht --------------------------------------------------------------------


def test_the_shipped_hia_budget_is_that_of_seed_000():
    """ "Hendrik-Ido-Ambacht bekostigt circa 10 trajecten … Dit kost circa € 10.000": a year's
    budget, not the period's; the letter takes each year pro rata."""
    hia = Municipality.objects.get(cbs_code="GM0531")
    budgets = hia.budgets.order_by("year").values_list("year", "amount", "planned_trajects")
    assert [(year, int(amount), planned) for year, amount, planned in budgets][:2] == [
        (2024, 10000, 10),
        (2025, 10000, 10),
    ]
    assert all((int(amount), planned) == (10000, 10) for _year, amount, planned in budgets)


@pytest.fixture
def hia_desk():
    hia = Municipality.objects.get(cbs_code="GM0531")
    desk = Desk.objects.create(
        name="Relatieloket Hendrik-Ido-Ambacht",
        municipality=hia,
        organisation=Organisation.objects.get(name="Relatieloket Hendrik-Ido-Ambacht"),
        # "circa 10 trajecten … Dit kost circa € 10.000" (memo, 2024): € 1.000 per traject.
        tariff_per_traject=1000,
    )
    intake_services.location_create(desk=desk, name="Hendrik-Ido-Ambacht")
    return desk


def _hia_situation(desk):
    """40 visits from October 2023 to April 2025: 13 couples and 27 alone are 53 residents
    ("Sinds de opening zijn dat er 53"), with 74 children; 30 came for the relationship and 10
    for divorce (75% / 25%); 12 short trajects of 5 sessions of 90 minutes."""
    days = [D(2023, 10, 2) + datetime.timedelta(days=14 * i) for i in range(40)]
    assert days[-1] <= D(2025, 4, 30)
    children = [2] * 34 + [1] * 6  # 74
    visits = []
    for i, day in enumerate(days):
        couple = i < 13
        visits.append(
            _visit(
                desk,
                day,
                who=WhoCame.BOTH_PARTNERS if couple else WhoCame.ONE_PARTNER,
                women=1,
                men=1 if couple else 0,
                children=children[i],
                question=(
                    Question.STRENGTHEN,
                    Question.RESTORE,
                    Question.STRENGTHEN,
                    Question.SEPARATING,
                )[i % 4],
            )
        )
    for visit in visits[:24:2]:  # 12 trajects, all for the relationship
        traject = intake_services.traject_start(visit=visit)
        for n in range(5):
            intake_services.session_create(
                traject=traject, date=visit.date + datetime.timedelta(days=7 * (n + 1))
            )
        intake_services.traject_close(
            traject=traject,
            status=TrajectStatus.COMPLETED,
            closing_outcome=Outcome.HELPED,
            closed_on=visit.date + datetime.timedelta(days=42),
        )
    return visits


HIA_KINDS = (
    BlockKind.VISITS_SUMMARY,
    BlockKind.QUESTION_SPLIT,
    BlockKind.WHO_CAME,
    BlockKind.MONTHLY,
    BlockKind.TRACKS,
    BlockKind.TRAJECTS,
    BlockKind.SESSION_LENGTH,
    BlockKind.OUTCOMES,
)


def test_the_hia_letter_says_what_the_seeds_say(hia_desk):
    _hia_situation(hia_desk)
    report = services.report_create(
        municipality=hia_desk.municipality,
        title="Aanvullende informatie n.a.v. motie Versterken relaties met Relatieloket",
        period_start=D(2023, 10, 1),
        period_end=D(2025, 4, 30),
        reference="2024-0042",
        contact_person="M. Meeuwsen",
        costs="Het Relatieloket wordt bekostigd uit de bestaande begroting.",
        signed_secretary="de heer J. de Vries",
        signed_mayor="mevrouw A. Jansen",
        blocks=[
            *_blocks(
                *HIA_KINDS,
                question_split={"grouping": QuestionGrouping.RELATIONSHIP_OR_DIVORCE},
            ),
            *_blocks(BlockKind.BUDGET, BlockKind.COSTS, heading="costs"),
        ],
    )
    report = services.report_publish(report=report, user=None)
    text = _text(report)
    assert (
        "In de periode van 1 oktober 2023 tot en met 30 april 2025 hebben 53 inwoners het "
        "Relatieloket Hendrik-Ido-Ambacht bezocht; het aantal betrokken kinderen schatten wij "
        "op 74. Wij tellen hier inwoners, geen bezoeken: komt een stel samen, dan zijn dat twee "
        "inwoners in één bezoek." in text
    )
    assert "Circa 75% kwam voor relatieversterking of -herstel en 25% voor echtscheiding." in text
    assert (
        "De 12 kortdurende trajecten van deze periode kosten € 12.000, gemiddeld € 1.000 per "
        "traject." in text
    )
    assert "een gesprek duurde in deze periode gemiddeld 1,5 uur" in text
    assert "met gemiddeld 5,0 gesprekken per traject" in text
    # One budget, stated once, by one definition: 2024 whole and 120/365 of 2025 (no 2023).
    assert text.count("€ 13.288") == 1
    assert (
        "Voor deze periode is naar rato een budget van € 13.288 beschikbaar, voor circa 13 "
        "trajecten" in text
    )
    assert "Daarmee is 90% van het budget van deze periode besteed." in text
    assert text.count("geen budget vastgelegd") == 1  # only for 2023
    assert "Voor 2023 is geen budget vastgelegd." in text
    # Track B in the seeds' voice; the outcome "traject gestart" is the same 12.
    assert "bij 30% volgde een kortdurend traject (spoor B)" in text
    assert ["Traject gestart", "12"] in _table(report, "Bezoeken naar uitkomst")
    # Letterhead and signature as in the seeds.
    for words in (
        "Kenmerk 2024-0042",
        "Behandeld door M. Meeuwsen",
        "Hoogachtend,",
        "Burgemeester en wethouders van Hendrik-Ido-Ambacht,",
        "de secretaris, de heer J. de Vries",
        "de burgemeester, mevrouw A. Jansen",
    ):
        assert words in text, words
    pdf = _pdf_text(report)
    assert "hebben 53 inwoners" in pdf and "€ 1.000 per traject" in pdf


def test_the_costs_of_trajects_at_a_desk_without_a_tariff_are_unknown_never_zero(hia_desk):
    """12 trajects at a desk whose tariff is not set: the letter says their costs are unknown
    and does not state a share of the budget, instead of "kosten € 0"."""
    Desk.objects.filter(pk=hia_desk.pk).update(tariff_per_traject=None)
    _hia_situation(hia_desk)
    report = services.report_create(
        municipality=hia_desk.municipality,
        title="Kosten",
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
        blocks=_blocks(BlockKind.TRAJECTS, BlockKind.BUDGET, BlockKind.COSTS, heading="costs"),
    )
    text = _text(services.report_publish(report=report, user=None))
    assert (
        "De kosten van de trajecten zijn niet bekend: voor een loket waar trajecten liepen is "
        "geen tarief vastgelegd." in text
    )
    assert "€ 0" not in text and "van het budget van deze periode besteed" not in text
    assert "Voor 2024 is een budget van" in text


def test_the_visits_over_time_table_is_coarsened_rather_than_hidden_whole(hia_desk):
    """53 visitors in 19 months: per month nearly every cell is small; per quarter or half-year
    the table says something."""
    _hia_situation(hia_desk)
    report = services.report_create(
        municipality=hia_desk.municipality,
        title="Bezoeken in de tijd",
        period_start=D(2023, 10, 1),
        period_end=D(2025, 4, 30),
        blocks=_blocks(BlockKind.MONTHLY),
    )
    report = services.report_publish(report=report, user=None)
    caption = next(
        block["table"]["caption"]
        for section in report.snapshot["sections"]
        for block in section["blocks"]
    )
    assert caption in ("Bezoeken per kwartaal", "Bezoeken per halfjaar")
    rows = _table(report, caption)
    shown = [cell for _label, cell in rows[:-1] if cell.isdigit()]
    assert len(shown) >= len(rows[:-1]) - 1, rows
    assert rows[-1] == ["Totaal", "40"]
    notes = [note for block in report.snapshot["protection"] for note in block["notes"]]
    assert any("in plaats van per maand" in note for note in notes), notes


# --- Dordrecht ------------------------------------------------------------------------------


@pytest.fixture
def sko_desk():
    dordrecht = Municipality.objects.get(cbs_code="GM0505")
    desk = Desk.objects.create(
        name="Adviespunt SKO Dordrecht",
        municipality=dordrecht,
        organisation=Organisation.objects.get(name="Adviespunt Scheiden, Kind en Ouderschap"),
    )
    location = intake_services.location_create(
        desk=desk, name="Brouwersdijk", address="Brouwersdijk, Dordrecht"
    )
    # "In Dordrecht is dit op vrijdag van 10.00 uur tot 12.00 uur aan de Brouwersdijk."
    intake_services.weekly_hour_create(
        location=location, weekday=Weekday.FRIDAY, start=datetime.time(10), end=datetime.time(12)
    )
    return desk


def _sko_situation(desk):
    """2023: 40 visits, 30 alone (25 women, 5 men) and 10 couples: 35 of 50 visitors are women
    (70%); 30 visits for separation (75%: separating, considering it, after it), 10 with doubts
    (25%). The POH GGZ Jeugd's three returns (15/12/3, 18/17/1, 4/4/0)."""
    questions = (
        [Question.SEPARATING] * 12
        + [Question.CONSIDERING_SEPARATION] * 10
        + [Question.AFTER_SEPARATION] * 8
        + [Question.DOUBTS] * 10
    )
    for i, question in enumerate(questions):
        day = D(2023, 1, 6) + datetime.timedelta(days=7 * (i % 52) + i // 52)
        couple = i % 4 == 3
        _visit(
            desk,
            day,
            who=WhoCame.BOTH_PARTNERS if couple else WhoCame.ONE_PARTNER,
            women=1 if couple or i % 8 else 0,
            men=1 if couple or not i % 8 else 0,
            children=1,
            question=question,
        )
    poh = Organisation.objects.get(name="POH GGZ Jeugd Dordrecht")
    for start, end, persons, helped, referred in (
        (D(2021, 10, 1), D(2022, 9, 30), 15, 12, 3),
        (D(2023, 1, 1), D(2023, 12, 31), 18, 17, 1),
        (D(2024, 1, 1), D(2024, 6, 30), 4, 4, 0),
    ):
        partner_return_save(
            partner_return=PartnerReturn(
                organisation=poh,
                municipality=desk.municipality,
                period_start=start,
                period_end=end,
                persons=persons,
                helped=helped,
                referred_on=referred,
            )
        )


def test_the_dordrecht_letter_says_what_the_seeds_say(sko_desk):
    _sko_situation(sko_desk)
    women = sum(v.women for v in sko_desk.visits.all())
    persons = sum(v.persons for v in sko_desk.visits.all())
    assert (women, persons) == (35, 50)
    indicators = Indicator.objects.filter(
        municipality=sko_desk.municipality, source="Monitor Sociaal Dordrecht", year=2023
    ).order_by("-value")
    report = services.report_create(
        municipality=sko_desk.municipality,
        title="Beantwoording motie Meer preventie bij relatieproblemen",
        period_start=D(2023, 1, 1),
        period_end=D(2023, 12, 31),
        costs="Niet van toepassing.",
        blocks=[
            *_blocks(
                BlockKind.WALK_IN,
                BlockKind.WHO_CAME,
                BlockKind.WOMEN_SHARE,
                BlockKind.QUESTION_SPLIT,
                BlockKind.TRACKS,
                BlockKind.TRAJECTS,
                BlockKind.SESSION_LENGTH,
                BlockKind.PARTNER_RETURNS,
                question_split={"grouping": QuestionGrouping.SEPARATED_OR_DOUBTS},
            ),
            *(
                {"heading": "information", "kind": "indicator", "indicator": i.pk}
                for i in indicators
            ),
            *_blocks(BlockKind.BUDGET, heading="costs"),
        ],
    )
    report = services.report_publish(report=report, user=None)
    text = _text(report)
    assert (
        "Het Adviespunt SKO Dordrecht houdt wekelijks inloopspreekuur: op vrijdag van 10.00 uur "
        "tot 12.00 uur aan de Brouwersdijk." in text
    )
    assert "De meeste bezoekers komen alleen: bij 75% van de bezoeken kwam één persoon" in text
    assert "Circa 70 procent van de bezoekers is vrouw." in text
    assert (
        "Van de groep die komt is 75 procent gescheiden of van plan te gaan scheiden en heeft "
        "25 procent twijfels over de relatie." in text
    )
    assert (
        "14 procent van de inwoners kent het Adviespunt SKO, zo blijkt uit de Monitor "
        "Sociaal Dordrecht 2023." in text
    )
    assert "46 procent van de inwoners weet waar zij professionele hulp kunnen vinden" in text
    # The desk offers no trajects: the blocks about them say nothing, not "bij 0%".
    assert (
        "spoor B" not in text
        and "0%" not in text
        and "traject" not in text.split("Welke kosten")[0].replace("kortdurend traject bestaat", "")
    )
    # "Niet van toepassing." and no budget: nothing added, certainly not twice.
    assert "Niet van toepassing." in text
    assert "geen budget vastgelegd" not in text
    # The POH returns, protected like any count table: 18 and 17 together give the 1 away.
    rows = {row[0]: row[1:] for row in _table(report, "Periodieke opgaven van partners")}
    assert set(rows) == {
        "POH GGZ Jeugd Dordrecht, oktober 2021 – september 2022",
        "POH GGZ Jeugd Dordrecht, 2023",
        "POH GGZ Jeugd Dordrecht, januari – juni 2024",
    }
    first, year, half = rows.values()
    assert first[2] == year[2] == "< 5"
    assert not (first[0] == "15" and first[1] == "12")
    assert not (year[0] == "18" and year[1] == "17")
    assert half == ["< 5", "< 5", "0"]
    assert "18" in year or "17" in year  # one of them can be said
    assert "Periodieke opgaven van partners" in _pdf_text(report)
