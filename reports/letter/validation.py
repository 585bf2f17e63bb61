"""Whether the figure blocks of a report resolve: kind, heading, grouping, indicator."""

from django.utils.translation import gettext as _

from ..constants import BlockKind, QuestionGrouping
from ..models import CouncilReport, Indicator

HEADING_KEYS = tuple(key for key, _label in CouncilReport.HEADINGS)


def block_problems(*, report) -> list[str]:
    """Messages for the figure blocks of a report that do not resolve: an unknown kind, heading
    or grouping, or an indicator of another municipality (after the recipient changed)."""

    ids = {}
    for number, block in enumerate(report.blocks, start=1):
        if block.get("kind") == BlockKind.INDICATOR:
            try:
                ids[number] = int(block.get("indicator"))
            except (TypeError, ValueError):
                ids[number] = None
    valid = (
        set(
            Indicator.objects.filter(
                pk__in=[pk for pk in ids.values() if pk], municipality=report.municipality
            ).values_list("pk", flat=True)
        )
        if ids
        else set()
    )
    problems = []
    for number, block in enumerate(report.blocks, start=1):
        if (
            not isinstance(block, dict)
            or block.get("kind") not in BlockKind.values
            or block.get("heading") not in HEADING_KEYS
            or block.get("grouping", QuestionGrouping.DASHBOARD) not in QuestionGrouping.values
        ):
            problems.append(
                _("Figure block %(number)s is of an unknown kind; remove it.") % {"number": number}
            )
        elif block["kind"] == BlockKind.INDICATOR and ids[number] not in valid:
            problems.append(
                _(
                    "Figure block %(number)s shows an indicator that is not one of "
                    "%(municipality)s; remove it and choose an indicator of %(municipality)s."
                )
                % {"number": number, "municipality": report.municipality}
            )
    return problems
