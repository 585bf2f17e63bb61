"""Writes of council reports: compose a draft, publish a frozen version, correct it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from referrals.constants import Question

from . import sentences
from .formatting import format_percent
from .models import Budget, CouncilReport, Indicator
from .pdf import render_pdf, render_report_html, sha256_hex

EDITABLE_FIELDS = (
    "municipality",
    "title",
    "period_start",
    "period_end",
    "answer_kind",
    "answer_title",
    "answer_number",
    "answer_date",
    "reason",
    "information",
    "next_steps",
    "costs",
    "decisions",
)

# Question groups as the seeds report them: "75% voor relatieversterking/herstel en 25% voor
# echtscheiding" (HIA memo, 2024).
QUESTION_GROUPS = (
    ("relationship", "relatieversterking of -herstel", (Question.STRENGTHEN, Question.RESTORE)),
    ("doubts", "twijfels over de relatie", (Question.DOUBTS,)),
    (
        "separation",
        "echtscheiding",
        (
            Question.CONSIDERING_SEPARATION,
            Question.SEPARATING,
            Question.AFTER_SEPARATION,
            Question.CONTACT_ARRANGEMENT,
        ),
    ),
    ("other", "een andere vraag", (Question.OTHER,)),
)

BLOCK_KINDS = ("visits_summary", "question_split", "indicator", "budget", "monthly", "referred_by")
DASHBOARD_KINDS = ("monthly", "referred_by")
HEADING_KEYS = tuple(key for key, _label in CouncilReport.HEADINGS)


# --- figures -----------------------------------------------------------------------------


def _visit_figures(*, municipality, start, end) -> dict:
    """All visit figures of a report in one aggregate query."""
    from intake.models import Visit

    from .selectors import visit_totals

    row = visit_totals(
        Visit.objects.filter(desk__municipality=municipality, date__gte=start, date__lte=end),
        QUESTION_GROUPS,
    )
    return {
        "visits": row["count"],
        "persons": row["women"] + row["men"] + row["other"],
        "children": row["children"],
        "questions": [
            {"key": key, "label": label, "count": row[f"q_{key}"]}
            for key, label, _q in QUESTION_GROUPS
        ],
    }


def _render_block(block, *, figures, indicators, budget, report, threshold, dashboard):
    kind = block["kind"]
    rendered = {"heading": block["heading"], "kind": kind, "paragraph": "", "table": None}
    if kind == "visits_summary":
        rendered["paragraph"] = sentences.visits_sentence(
            figures,
            opening=sentences.period_phrase(report.period_start, report.period_end),
            threshold=threshold,
        )
    elif kind == "question_split":
        rows = figures["questions"]
        rendered["paragraph"] = sentences.question_sentence(rows, threshold=threshold)
        total = sum(row["count"] for row in rows)
        if total and not any(sentences.is_protected(row["count"], threshold) for row in rows):
            # A bar chart in the page and the PDF; the table above carries the same figures.
            rendered["bars"] = [
                {
                    "label": row["label"],
                    "percent": round(100 * row["count"] / total),
                    "text": format_percent(row["count"], total),
                }
                for row in rows
            ]
            rendered["chart_height"] = 26 * len(rows) + 8
            rendered["chart_title"] = "Bezoeken naar hulpvraag (percentage): " + "; ".join(
                f"{bar['label']} {bar['text']}" for bar in rendered["bars"]
            )
        rendered["table"] = {
            "caption": "Bezoeken naar hulpvraag",
            "columns": ["Hulpvraag", "Aantal bezoeken"],
            "rows": [[row["label"], sentences.count_text(row["count"], threshold)] for row in rows],
        }
    elif kind == "indicator":
        indicator = indicators.get(str(block.get("indicator")))
        rendered["paragraph"] = (
            sentences.indicator_sentence(indicator) if indicator else "Indicator niet gevonden."
        )
    elif kind == "budget":
        rendered["paragraph"] = sentences.budget_sentence(budget)
    elif kind == "monthly":
        rendered.update(_monthly_block(dashboard["monthly"], threshold=threshold))
    elif kind == "referred_by":
        rendered.update(_referred_by_block(dashboard["referred_by"], threshold=threshold))
    return rendered


def _monthly_block(monthly, *, threshold):
    """Visits per month; the chart only when no month holds a protected count."""
    from .charts import monthly_chart_svg

    rows = [
        [sentences.format_month(m["month"]), sentences.count_text(m["count"], threshold)]
        for m in monthly
    ]
    block = {
        "table": {"caption": "Bezoeken per maand", "columns": ["Maand", "Aantal"], "rows": rows},
        "paragraph": "Het aantal bezoeken per maand staat in de tabel hieronder.",
    }
    small = any(
        sentences.is_protected(m["count"], threshold)
        or sentences.is_protected(m["previous"], threshold)
        for m in monthly
    )
    if monthly and not small:
        block["svg"] = monthly_chart_svg(monthly, title="Bezoeken per maand")
        block["paragraph"] = (
            "De grafiek toont het aantal bezoeken per maand, met dezelfde maanden een jaar eerder."
        )
    return block


def _referred_by_block(referred_by, *, threshold):
    """Who sent visitors to the desk, with primary and secondary suppression of small counts."""
    from .disclosure import protect_rows

    rows, total = protect_rows([dict(row) for row in referred_by], threshold)
    return {
        "paragraph": "Inwoners kwamen via de volgende verwijzers bij het loket.",
        "table": {
            "caption": "Verwezen door",
            "columns": ["Verwijzer", "Aantal bezoeken"],
            "rows": [[row["label"], str(row["published"])] for row in rows]
            + [["Totaal", str(total)]],
        },
    }


def report_figures(*, report, threshold=None) -> dict:
    """Compute the figures of a report now, with disclosure applied: the snapshot content.

    The small-count threshold is the recipient municipality's (default 5).
    """
    if threshold is None:
        threshold = report.municipality.small_count_threshold or sentences.DEFAULT_THRESHOLD
    figures = _visit_figures(
        municipality=report.municipality, start=report.period_start, end=report.period_end
    )
    indicator_ids = [b.get("indicator") for b in report.blocks if b["kind"] == "indicator"]
    indicators = {
        str(row["pk"]): {**row, "value": str(row["value"])}
        for row in Indicator.objects.filter(
            pk__in=[i for i in indicator_ids if i], municipality=report.municipality
        ).values("pk", "name", "value", "unit", "source", "year")
    }
    budget = (
        Budget.objects.filter(municipality=report.municipality, year=report.period_end.year)
        .values("year", "amount", "planned_trajects")
        .first()
    )
    if budget:
        budget["amount"] = str(budget["amount"])
    dashboard = None
    if any(b["kind"] in DASHBOARD_KINDS for b in report.blocks):
        from .selectors import dashboard_figures

        dashboard = dashboard_figures(
            municipalities=[report.municipality], start=report.period_start, end=report.period_end
        )
    blocks = [
        _render_block(
            block,
            figures=figures,
            indicators=indicators,
            budget=budget,
            report=report,
            threshold=threshold,
            dashboard=dashboard,
        )
        for block in report.blocks
    ]
    published_figures = {
        "visits": sentences.count_text(figures["visits"], threshold),
        "persons": sentences.count_text(figures["persons"], threshold),
        "children": sentences.count_text(figures["children"], threshold),
    }
    return {
        "threshold": threshold,
        "figures": published_figures,
        "sections": [
            {
                "key": key,
                "heading": heading,
                "text": getattr(report, key),
                "blocks": [b for b in blocks if b["heading"] == key],
            }
            for key, heading in CouncilReport.HEADINGS
        ],
    }


# --- writes ------------------------------------------------------------------------------


@transaction.atomic
def report_create(*, municipality, title, period_start, period_end, **fields) -> CouncilReport:
    report = CouncilReport(
        municipality=municipality,
        title=title,
        period_start=period_start,
        period_end=period_end,
        **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS or k == "blocks"},
    )
    report.full_clean()
    report.save()
    return report


def _draft_locked(report) -> CouncilReport:
    locked = CouncilReport.objects.select_for_update().get(pk=report.pk)
    if locked.is_published:
        raise ValidationError(_("A published council report cannot be changed."))
    return locked


@transaction.atomic
def report_update(*, report, **fields) -> CouncilReport:
    locked = _draft_locked(report)
    for key, value in fields.items():
        if key in EDITABLE_FIELDS:
            setattr(locked, key, value)
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def report_block_add(*, report, heading, kind, indicator=None) -> CouncilReport:
    locked = _draft_locked(report)
    if heading not in HEADING_KEYS or kind not in BLOCK_KINDS:
        raise ValidationError(_("Unknown heading or figure."))
    if kind == "indicator" and (
        indicator is None or indicator.municipality_id != locked.municipality_id
    ):
        raise ValidationError(_("Choose an indicator of this municipality."))
    block = {"heading": heading, "kind": kind}
    if kind == "indicator":
        block["indicator"] = indicator.pk
    locked.blocks = [*locked.blocks, block]
    locked.save(update_fields=["blocks", "updated_at"])
    return locked


@transaction.atomic
def report_block_remove(*, report, index) -> CouncilReport:
    locked = _draft_locked(report)
    if not 0 <= index < len(locked.blocks):
        raise ValidationError(_("This figure block does not exist."))
    locked.blocks = [b for i, b in enumerate(locked.blocks) if i != index]
    locked.save(update_fields=["blocks", "updated_at"])
    return locked


@transaction.atomic
def report_block_move(*, report, index, offset) -> CouncilReport:
    locked = _draft_locked(report)
    target = index + offset
    blocks = list(locked.blocks)
    if not (0 <= index < len(blocks) and 0 <= target < len(blocks)):
        raise ValidationError(_("This figure block cannot move further."))
    blocks[index], blocks[target] = blocks[target], blocks[index]
    locked.blocks = blocks
    locked.save(update_fields=["blocks", "updated_at"])
    return locked


@transaction.atomic
def report_publish(*, report, user) -> CouncilReport:
    """Freeze a draft: figures snapshot, HTML, PDF and its SHA-256. Publishing twice is a no-op."""
    locked = CouncilReport.objects.select_for_update().get(pk=report.pk)
    if locked.is_published:
        return locked
    locked.published_at = timezone.now()
    snapshot = report_figures(report=locked)
    locked.snapshot = snapshot
    locked.html = render_report_html(report=locked, snapshot=snapshot)
    pdf = render_pdf(report=locked, snapshot=snapshot)
    locked.pdf = pdf
    locked.sha256 = sha256_hex(pdf)
    locked.status = CouncilReport.Status.PUBLISHED
    locked.published_by = user
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def report_correct(*, report) -> CouncilReport:
    """A new draft version that copies the published text and names the version it replaces."""
    locked = CouncilReport.objects.select_for_update().get(pk=report.pk)
    if not locked.is_published:
        raise ValidationError(_("Only a published council report can be corrected."))
    if CouncilReport.objects.filter(replaces=locked).exists():
        raise ValidationError(_("A correction of this version already exists."))
    correction = CouncilReport(
        series=locked.series,
        version=locked.version + 1,
        replaces=locked,
        blocks=list(locked.blocks),
        **{key: getattr(locked, key) for key in EDITABLE_FIELDS},
    )
    correction.full_clean()
    correction.save()
    return correction


@transaction.atomic
def report_delete(*, report) -> None:
    locked = _draft_locked(report)
    locked.delete()
