"""Demo council reports, both published so each council member of the demo reads one: the
Hendrik-Ido-Ambacht letter and the Dordrecht answer to the motion; then the evaluation letter
of Hendrik-Ido-Ambacht over the pilot."""

from datetime import date

from django.contrib.auth import get_user_model

from evaluation import letter as evaluation_letter
from referrals.models import Municipality

from . import services
from .constants import BlockKind, QuestionGrouping
from .models import CouncilReport, Indicator

HIA_TEXT = {
    "reason": (
        "Tijdens de behandeling van de Voorjaarsnota 2025 heeft de fractie ChristenUnie-SGP de "
        "motie 'Versterken relaties met Relatieloket' ingediend. Tijdens de bespreking van de "
        "motie in uw commissie op 2 juli 2024 is toegezegd om aanvullende informatie met u te "
        "delen. Met deze raadsinformatiebrief doen wij dat."
    ),
    "information": (
        "Het Relatieloket heeft de insteek om te adviseren over het oplossen van (beginnende) "
        "relatieproblemen, nog voordat een echtscheiding aan de orde is. Hendrik-Ido-Ambacht is "
        "in oktober 2023 gestart met dit loket, een samenwerking tussen Stichting De "
        "Vluchtheuvel en het Adviespunt Scheiden, Kind en Ouderschap. Het loket staat open voor "
        "alle inwoners. Hieronder delen wij de cijfers tot nu toe."
    ),
    "next_steps": (
        "Omdat het Relatieloket recent is gestart, is het nog te vroeg om conclusies te trekken "
        "over de effectiviteit. Wij informeren u over een jaar opnieuw."
    ),
    "costs": (
        "Het Relatieloket wordt bekostigd uit de bestaande begroting. Per jaar is ruimte voor "
        "circa 10 trajecten van maximaal 5 gesprekken."
    ),
    "decisions": "Motie 'Versterken relaties met Relatieloket' (Voorjaarsnota 2025).",
}

DORDRECHT_TEXT = {
    "reason": (
        "Met deze raadsinformatiebrief beantwoorden wij de motie 'Meer preventie bij "
        "relatieproblemen' die uw raad op 9 juli 2024 heeft aangenomen."
    ),
    "information": (
        "Het Adviespunt SKO kenmerkt zich door een anonieme, integrale en preventieve "
        "werkwijze. Ouders kunnen vrijwillig en anoniem aankloppen voor advies; er wordt geen "
        "dossier opgebouwd. Uit de Monitor Sociaal Dordrecht blijkt hoe vindbaar de hulp is."
    ),
    "next_steps": "We gaan met het Adviespunt SKO in gesprek over de genoemde punten.",
    "costs": "Niet van toepassing.",
    "decisions": (
        "Voortgang adviespunt scheiden, kind en ouderschap - raadsinformatiebrief 28-03-2021."
    ),
}


def seed(*, password=None, stdout=None):
    hia = Municipality.objects.filter(cbs_code="GM0531").first()
    dordrecht = Municipality.objects.filter(cbs_code="GM0505").first()
    user = get_user_model().objects.filter(username="beleid").first()
    if (
        hia
        and not CouncilReport.objects.filter(
            municipality=hia, answer_title="Versterken relaties met Relatieloket"
        ).exists()
    ):
        report = services.report_create(
            municipality=hia,
            title="Aanvullende informatie n.a.v. motie Versterken relaties met Relatieloket",
            period_start=date(2023, 10, 1),
            period_end=date(2025, 4, 30),
            answer_kind=CouncilReport.AnswerKind.MOTION,
            answer_title="Versterken relaties met Relatieloket",
            answer_date=date(2024, 7, 2),
            reference="RIB-2025-014",
            contact_person="Beleidsadviseur Sociaal Domein",
            blocks=[
                {"heading": "information", "kind": BlockKind.VISITS_SUMMARY},
                {
                    "heading": "information",
                    "kind": BlockKind.QUESTION_SPLIT,
                    "grouping": QuestionGrouping.RELATIONSHIP_OR_DIVORCE,
                },
                {"heading": "information", "kind": BlockKind.WHO_CAME},
                {"heading": "information", "kind": BlockKind.MONTHLY},
                {"heading": "information", "kind": BlockKind.TRACKS},
                {"heading": "information", "kind": BlockKind.TRAJECTS},
                {"heading": "information", "kind": BlockKind.SESSION_LENGTH},
                {"heading": "costs", "kind": BlockKind.BUDGET},
                {"heading": "costs", "kind": BlockKind.COSTS},
            ],
            **HIA_TEXT,
        )
        services.report_publish(report=report, user=user)
        if stdout:
            stdout.write("  published council report for Hendrik-Ido-Ambacht")
    if (
        dordrecht
        and not CouncilReport.objects.filter(
            municipality=dordrecht, answer_title="Meer preventie bij relatieproblemen"
        ).exists()
    ):
        indicators = Indicator.objects.filter(
            municipality=dordrecht, source="Monitor Sociaal Dordrecht", year=2023
        ).order_by("-value")
        report = services.report_create(
            municipality=dordrecht,
            title="Beantwoording motie Meer preventie bij relatieproblemen",
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
            answer_kind=CouncilReport.AnswerKind.MOTION,
            answer_title="Meer preventie bij relatieproblemen",
            answer_date=date(2024, 7, 9),
            blocks=[
                {"heading": "information", "kind": BlockKind.WALK_IN},
                {"heading": "information", "kind": BlockKind.WHO_CAME},
                {"heading": "information", "kind": BlockKind.WOMEN_SHARE},
                {
                    "heading": "information",
                    "kind": BlockKind.QUESTION_SPLIT,
                    "grouping": QuestionGrouping.SEPARATED_OR_DOUBTS,
                },
                *(
                    {"heading": "information", "kind": BlockKind.INDICATOR, "indicator": i.pk}
                    for i in indicators
                ),
                {"heading": "information", "kind": BlockKind.PARTNER_RETURNS},
            ],
            **DORDRECHT_TEXT,
        )
        services.report_publish(report=report, user=user)
        if stdout:
            stdout.write("  published council report for Dordrecht")
    _publish_evaluation_letter(stdout=stdout)


# The pilot period of the demo data, the period of the municipality's published letter: the
# same cells as that letter, so that the two are protected together and agree.
PILOT_START, PILOT_END = date(2023, 10, 1), date(2025, 4, 30)
EVALUATION_LETTER_TITLE = "Evaluatie proefperiode Relatieloket"


def _publish_evaluation_letter(*, stdout=None):
    """Publish an evaluation letter for Hendrik-Ido-Ambacht over the pilot period (once), on
    the scores of evaluation/demo.py (seeded before this app's demo)."""
    hia = Municipality.objects.filter(cbs_code="GM0531").first()
    user = get_user_model().objects.filter(username="beleid").first()
    if (
        hia is None
        or CouncilReport.objects.filter(municipality=hia, title=EVALUATION_LETTER_TITLE).exists()
    ):
        return
    fields = evaluation_letter.template_fields(
        evaluation_letter.EVALUATION_TEMPLATE,
        {
            "next_steps": (
                "Wij bespreken de uitkomsten met het Relatieloket en besluiten na de zomer of "
                "het loket na de proefperiode doorgaat."
            ),
            "costs": "Het Relatieloket wordt bekostigd uit de bestaande begroting.",
            "decisions": "Motie 'Versterken relaties met Relatieloket' (Voorjaarsnota 2025).",
        },
    )
    report = services.report_create(
        municipality=hia,
        title=EVALUATION_LETTER_TITLE,
        period_start=PILOT_START,
        period_end=PILOT_END,
        answer_kind=CouncilReport.AnswerKind.MOTION,
        answer_title="Versterken relaties met Relatieloket",
        answer_date=date(2024, 7, 2),
        reference="RIB-2025-031",
        contact_person="Beleidsadviseur Sociaal Domein",
        **fields,
    )
    services.report_publish(report=report, user=user)
    if stdout is not None:
        stdout.write("  published evaluation letter for Hendrik-Ido-Ambacht")
