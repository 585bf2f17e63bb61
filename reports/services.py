"""Writes of council reports: compose a draft, publish a frozen version, correct it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from intake.constants import Outcome

from . import disclosure, selectors, sentences
from .formatting import format_number, format_percent
from .models import CouncilReport, Indicator
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
# What a publish writes: the text as it was rendered and everything frozen with it.
PUBLISHED_FIELDS = (
    *EDITABLE_FIELDS,
    "blocks",
    "status",
    "snapshot",
    "html",
    "pdf",
    "sha256",
    "published_at",
    "published_by",
)

# The letter uses the dashboard's question groups (reports.selectors), so letter and dashboard
# agree; these are the words for each group inside a sentence, as in "Circa 75% kwam voor
# relatieversterking of -herstel en 25% voor echtscheiding" (HIA memo, 2024).
QUESTION_PHRASES = {
    "strengthen_restore": "relatieversterking of -herstel",
    "doubts": "twijfels over de relatie",
    "separation": "echtscheiding",
    "after_separation": "vragen na de scheiding of over de omgang",
    "other": "een andere vraag",
}

# Blocks that read the dashboard's figures; the letter's own blocks come first.
DASHBOARD_KINDS = (
    "monthly",
    "referred_by",
    "tracks",
    "trajects",
    "costs",
    "outcomes",
    "referred_to",
)
BLOCK_KINDS = ("visits_summary", "question_split", "indicator", "budget", *DASHBOARD_KINDS)
HEADING_KEYS = tuple(key for key, _label in CouncilReport.HEADINGS)


# --- figures -----------------------------------------------------------------------------


def _shown(published) -> bool:
    return isinstance(published, int) and not isinstance(published, bool)


def count_table(rows, *, threshold, caption, columns, known_total=None, rest_label=""):
    """A table of counts and its total, protected by `disclosure.protect_rows`.

    Every count table of a letter goes through here. The total counts as known (other blocks
    state the number of visits), so it is never hidden; a row marked `known` (its count stands
    elsewhere in the letter too) is not hidden as a secondary cell either. With `known_total`,
    a row for the rest is added so the rows add up to that total: otherwise the rest would be
    published implicitly. Cells read as disclosure publishes them, with a legend.

    Limit: the difference of two figures a letter states (visits minus trajects started, i.e.
    track A) is as public as they are; when it is 1–4 the letter implies it whatever the table
    shows. Closing that needs a letter's figures protected jointly, not table by table.
    """
    rows = [
        {"label": row["label"], "count": row["count"] or 0, "known": row.get("known", False)}
        for row in rows
    ]
    if known_total is not None:
        rest = known_total - sum(row["count"] for row in rows)
        if rest > 0:
            rows.append({"label": rest_label, "count": rest, "known": False})
    fixed = [i for i, row in enumerate(rows) if row["known"]]
    protected, published_total = disclosure.protect_rows(rows, threshold, fixed_rows=fixed)

    def cell(value):
        return format_number(value) if _shown(value) else value

    cells = [cell(row["published"]) for row in protected]
    total_cell = cell(published_total)
    return {
        "caption": caption,
        "columns": columns,
        "rows": [[row["label"], c] for row, c in zip(protected, cells, strict=True)]
        + [["Totaal", total_cell]],
        "legend": sentences.table_legend([*cells, total_cell], threshold=threshold),
        "hidden": [not _shown(row["published"]) for row in protected],
        "total_hidden": not _shown(published_total),
    }


def _shares(rows, table, *, total):
    """Percentages of the parts of a total, or None as soon as a cell of their table is hidden."""
    if not total or any(table["hidden"]) or table["total_hidden"]:
        return None
    return [format_percent(row["count"], total) for row in rows]


def _question_block(figures, *, threshold):
    rows = figures["questions"]
    table = count_table(
        rows,
        threshold=threshold,
        caption="Bezoeken naar hulpvraag",
        columns=["Hulpvraag", "Aantal bezoeken"],
        known_total=figures["visits"],
        rest_label="Hulpvraag niet vastgelegd",
    )
    # Shares of a known total give hidden counts away: none as soon as any cell is hidden.
    hidden = any(table["hidden"]) or table["total_hidden"]
    block = {
        "table": table,
        "paragraph": sentences.question_sentence(
            [{"label": row["phrase"], "count": row["count"], "hidden": hidden} for row in rows],
            threshold=threshold,
        ),
    }
    total = sum(row["count"] for row in rows)
    if total and not hidden:
        # A bar chart in the page and the PDF; the table beside it carries the same figures.
        block["bars"] = [
            {
                "label": row["label"],
                "percent": round(100 * row["count"] / total),
                "text": format_percent(row["count"], total),
            }
            for row in rows
        ]
        block["chart_height"] = 26 * len(rows) + 8
        block["chart_title"] = "Bezoeken naar hulpvraag (percentage): " + "; ".join(
            f"{bar['label']} {bar['text']}" for bar in block["bars"]
        )
    return block


def _monthly_block(monthly, *, threshold, visits):
    """Visits per month; the chart only when no month is hidden and no month a year earlier
    holds a small count."""
    from .charts import monthly_chart_svg

    table = count_table(
        [{"label": sentences.format_month(m["month"]), "count": m["count"]} for m in monthly],
        threshold=threshold,
        caption="Bezoeken per maand",
        columns=["Maand", "Aantal bezoeken"],
        known_total=visits,
        rest_label="Overige dagen van de periode",
    )
    block = {
        "table": table,
        "paragraph": "Het aantal bezoeken per maand staat in de tabel hieronder.",
    }
    small_before = any(sentences.is_protected(m["previous"], threshold) for m in monthly)
    if monthly and not any(table["hidden"]) and not table["total_hidden"] and not small_before:
        block["svg"] = monthly_chart_svg(monthly, title="Bezoeken per maand")
        block["paragraph"] = (
            "De grafiek toont het aantal bezoeken per maand, met dezelfde maanden een jaar eerder."
        )
    return block


def _referred_by_block(referred_by, *, threshold, visits):
    """Who sent visitors to the desk."""
    return {
        "paragraph": "Inwoners kwamen via de volgende verwijzers bij het loket.",
        "table": count_table(
            referred_by,
            threshold=threshold,
            caption="Verwezen door",
            columns=["Verwijzer", "Aantal bezoeken"],
            known_total=visits,
            rest_label="Geen verwijzer vastgelegd",
        ),
    }


def _tracks_block(tracks, *, threshold, visits):
    """Track A (one advice conversation) and track B (short traject) of the visits."""
    rows = [
        {"label": "Eén adviesgesprek (spoor A)", "count": tracks["A"]},
        # Track B is the number of trajects started, which the letter states as well.
        {"label": "Kortdurend traject (spoor B)", "count": tracks["B"], "known": True},
    ]
    table = count_table(
        rows,
        threshold=threshold,
        caption="Bezoeken naar spoor",
        columns=["Spoor", "Aantal bezoeken"],
        known_total=visits,
        rest_label="Spoor niet vastgelegd",
    )
    shares = _shares(rows, table, total=visits)
    if shares:
        share_a, share_b = shares
        paragraph = (
            f"Bij {share_a} van de bezoeken volstond één adviesgesprek (spoor A); "
            f"bij {share_b} volgde een kortdurend traject (spoor B)."
        )
    elif visits:
        paragraph = "Het aantal bezoeken per spoor staat in de tabel hieronder."
    else:
        paragraph = "Er zijn in deze periode geen bezoeken geregistreerd."
    return {"paragraph": paragraph, "table": table}


def _trajects_block(trajects, *, threshold):
    """Short trajects (track B) started in the period, by how they stand now."""
    started = trajects["started"]
    block = {
        "paragraph": sentences.trajects_sentence(
            started,
            trajects["avg_sessions"],
            sessions=trajects["sessions"],
            threshold=threshold,
        )
    }
    if started:
        block["table"] = count_table(
            [
                {"label": "Afgerond", "count": trajects["completed"]},
                {"label": "Voortijdig gestopt", "count": trajects["stopped"]},
                {"label": "Doorverwezen", "count": trajects["referred"]},
            ],
            threshold=threshold,
            caption="Kortdurende trajecten naar stand van zaken",
            columns=["Stand van zaken", "Aantal trajecten"],
            known_total=started,
            rest_label="Loopt nog",
        )
    return block


def _outcomes_block(outcomes, *, threshold, visits):
    return {
        "paragraph": "Zo liepen de bezoeken af.",
        "table": count_table(
            [
                {
                    "label": row["label"][:1].upper() + row["label"][1:],
                    "count": row["count"],
                    # Starting a traject sets this outcome: the letter states that number.
                    "known": row["key"] == Outcome.TRAJECT_STARTED,
                }
                for row in outcomes
                if row["key"]
            ],
            threshold=threshold,
            caption="Bezoeken naar uitkomst",
            columns=["Uitkomst", "Aantal bezoeken"],
            known_total=visits,
            rest_label="Uitkomst niet vastgelegd",
        ),
    }


def _referred_to_block(referred_to, *, threshold):
    if not sum(row["count"] for row in referred_to):
        return {"paragraph": "In deze periode zijn geen doorverwijzingen vastgelegd."}
    return {
        "paragraph": "Het loket verwees inwoners door naar de volgende organisaties.",
        "table": count_table(
            referred_to,
            threshold=threshold,
            caption="Doorverwezen naar",
            columns=["Organisatie", "Aantal verwijzingen"],
        ),
    }


def _render_block(block, *, figures, indicators, budget, report, threshold, dashboard, desk):
    kind = block["kind"]
    rendered = {"heading": block["heading"], "kind": kind, "paragraph": "", "table": None}
    visits = figures["visits"]
    if kind == "visits_summary":
        rendered["paragraph"] = sentences.visits_sentence(
            figures,
            opening=sentences.period_phrase(report.period_start, report.period_end),
            threshold=threshold,
            desk=desk,
        )
    elif kind == "question_split":
        rendered.update(_question_block(figures, threshold=threshold))
    elif kind == "indicator":
        indicator = indicators.get(str(block.get("indicator")))
        rendered["paragraph"] = (
            sentences.indicator_sentence(indicator) if indicator else "Indicator niet gevonden."
        )
    elif kind == "budget":
        rendered["paragraph"] = sentences.budget_sentence(budget)
    elif kind == "monthly":
        rendered.update(_monthly_block(dashboard["monthly"], threshold=threshold, visits=visits))
    elif kind == "referred_by":
        rendered.update(
            _referred_by_block(dashboard["referred_by"], threshold=threshold, visits=visits)
        )
    elif kind == "tracks":
        rendered.update(_tracks_block(dashboard["tracks"], threshold=threshold, visits=visits))
    elif kind == "trajects":
        rendered.update(_trajects_block(dashboard["trajects"], threshold=threshold))
    elif kind == "costs":
        rendered["paragraph"] = sentences.costs_sentence(
            dashboard["costs"], started=dashboard["trajects"]["started"], threshold=threshold
        )
    elif kind == "outcomes":
        rendered.update(_outcomes_block(dashboard["outcomes"], threshold=threshold, visits=visits))
    elif kind == "referred_to":
        rendered.update(_referred_to_block(dashboard["referred_to"], threshold=threshold))
    return rendered


def report_figures(*, report, threshold=None) -> dict:
    """Compute the figures of a report now, with disclosure applied: the snapshot content.

    The small-count threshold is the recipient municipality's (default 5). The letter is a
    Dutch document whatever the language of the request or command that renders it.
    """
    if threshold is None:
        threshold = report.municipality.small_count_threshold or sentences.DEFAULT_THRESHOLD
    with translation.override("nl"):
        return _report_figures(report=report, threshold=threshold)


def _report_figures(*, report, threshold):
    sources = selectors.report_sources(
        report=report, with_dashboard=any(b["kind"] in DASHBOARD_KINDS for b in report.blocks)
    )
    figures = sources["visits"]
    for question in figures["questions"]:
        question["phrase"] = QUESTION_PHRASES.get(question["key"], question["label"].lower())
    indicators, budget, dashboard = (
        sources["indicators"],
        sources["budget"],
        sources["dashboard"],
    )
    desk = sentences.desk_phrase(sources["desk_names"])
    blocks = [
        _render_block(
            block,
            figures=figures,
            indicators=indicators,
            budget=budget,
            report=report,
            threshold=threshold,
            dashboard=dashboard,
            desk=desk,
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


def unresolved_blocks(*, report) -> list[str]:
    """Messages for the figure blocks of a report that no longer resolve: an unknown kind or
    heading, or an indicator of another municipality (after the recipient changed)."""
    ids = {}
    for block in report.blocks:
        if block.get("kind") == "indicator":
            try:
                ids[id(block)] = int(block.get("indicator"))
            except (TypeError, ValueError):
                ids[id(block)] = None
    valid = set(
        Indicator.objects.filter(
            pk__in=[pk for pk in ids.values() if pk], municipality=report.municipality
        ).values_list("pk", flat=True)
    )
    problems = []
    for number, block in enumerate(report.blocks, start=1):
        if block.get("kind") not in BLOCK_KINDS or block.get("heading") not in HEADING_KEYS:
            problems.append(
                _("Figure block %(number)s is of an unknown kind; remove it.") % {"number": number}
            )
        elif block["kind"] == "indicator" and ids[id(block)] not in valid:
            problems.append(
                _(
                    "Figure block %(number)s shows an indicator that is not one of "
                    "%(municipality)s; remove it and choose an indicator of %(municipality)s."
                )
                % {"number": number, "municipality": report.municipality}
            )
    return problems


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
    if problems := unresolved_blocks(report=locked):
        raise ValidationError(problems)
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
    """Freeze a draft: figures snapshot, HTML, PDF and its SHA-256. Publishing twice is a no-op.

    `select_for_update` does nothing on SQLite, so the write is a conditional UPDATE of a row
    that is still a draft: of two publishes of the same draft, the one that writes first wins
    and the other returns the version it wrote.
    """
    locked = CouncilReport.objects.select_for_update().get(pk=report.pk)
    if locked.is_published:
        return locked
    if problems := unresolved_blocks(report=locked):
        raise ValidationError(problems)
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
    written = CouncilReport.objects.filter(pk=locked.pk, status=CouncilReport.Status.DRAFT).update(
        **{field: getattr(locked, field) for field in PUBLISHED_FIELDS},
        updated_at=locked.published_at,
    )
    if not written:
        return CouncilReport.objects.get(pk=locked.pk)
    locked.updated_at = locked.published_at
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
