"""Writes of council reports: compose a draft, publish a frozen version, correct it.

What a letter says is composed and protected in `reports.letter`; these functions only
validate and store.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import Action, audited, record, record_create
from intake.identity import validate_anonymous_text
from referrals.selectors import public_contact_details
from relatieloket.caching import data_changed as public_data_changed

from .constants import MAX_BLOCKS, BlockKind, QuestionGrouping
from .letter import HEADING_KEYS, block_problems, letter_snapshot
from .models import CouncilReport, PublicationPlan
from .pdf import render_pdf, render_report_html, sha256_hex
from .periods import period_errors

EDITABLE_FIELDS = (
    "municipality",
    "title",
    "period_start",
    "period_end",
    "answer_kind",
    "answer_title",
    "answer_number",
    "answer_date",
    "reference",
    "contact_person",
    "contact_team",
    "signed_secretary",
    "signed_mayor",
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


# Free text of the letter that is published: checked like every free text, except for the
# public contact details of the organisations in the sociale kaart (seed 003 quotes the
# Adviespunt's e-mail address). The kenmerk is left out: it is the municipality's own case
# number ("Z-2024-1057"), whose digits pass the BSN's elfproef as often as any number does.
CHECKED_TEXT_FIELDS = (
    "title",
    "answer_title",
    "answer_number",
    "contact_person",
    "contact_team",
    "signed_secretary",
    "signed_mayor",
    "reason",
    "information",
    "next_steps",
    "costs",
    "decisions",
)


def _check_text(report) -> None:
    """Refuse text that identifies a resident, per field, naming what kind was found."""
    allowed = public_contact_details(municipality=report.municipality)
    errors = {}
    for name in CHECKED_TEXT_FIELDS:
        try:
            validate_anonymous_text(getattr(report, name), allowed=allowed)
        except ValidationError as error:
            errors[name] = error.error_list
    if errors:
        raise ValidationError(errors)


def _check_period(report) -> None:
    """The letter's period within the data's range: the rule the dashboard uses too."""
    errors = period_errors(
        report.period_start,
        report.period_end,
        start_field="period_start",
        end_field="period_end",
    )
    if errors:
        raise ValidationError(errors)


# --- writes ------------------------------------------------------------------------------


@transaction.atomic
def report_create(
    *, actor=None, municipality, title, period_start, period_end, **fields
) -> CouncilReport:
    report = CouncilReport(
        municipality=municipality,
        title=title,
        period_start=period_start,
        period_end=period_end,
        **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS or k == "blocks"},
    )
    report.full_clean()
    _check_period(report)
    _check_text(report)
    if problems := block_problems(report=report):
        raise ValidationError(problems)
    report.save()
    record_create(actor=actor, obj=report)
    return report


def _draft_locked(report) -> CouncilReport:
    locked = CouncilReport.objects.select_for_update().get(pk=report.pk)
    if locked.is_published:
        raise ValidationError(_("A published council report cannot be changed."))
    return locked


@transaction.atomic
def report_update(*, actor=None, report, **fields) -> CouncilReport:
    locked = _draft_locked(report)
    with audited(locked, actor=actor, before=locked):
        for key, value in fields.items():
            if key in EDITABLE_FIELDS:
                setattr(locked, key, value)
        locked.full_clean()
        _check_period(locked)
        _check_text(locked)
        if problems := block_problems(report=locked):
            raise ValidationError(problems)
        locked.save()
    return locked


def _blocks_saved(locked, blocks, *, actor) -> CouncilReport:
    locked.blocks = blocks
    locked.save(update_fields=["blocks", "updated_at"])
    record(actor=actor, action=Action.UPDATE, obj=locked, fields=["blocks"])
    return locked


@transaction.atomic
def report_block_add(
    *, actor=None, report, heading, kind, indicator=None, grouping=""
) -> CouncilReport:
    locked = _draft_locked(report)
    if heading not in HEADING_KEYS or kind not in BlockKind.values:
        raise ValidationError(_("Unknown heading or figure."))
    if len(locked.blocks) >= MAX_BLOCKS:
        raise ValidationError(
            _("A letter has at most %(max)s figure blocks.") % {"max": MAX_BLOCKS}
        )
    if kind == BlockKind.INDICATOR and (
        indicator is None or indicator.municipality_id != locked.municipality_id
    ):
        raise ValidationError(_("Choose an indicator of this municipality."))
    block = {"heading": heading, "kind": kind}
    if kind == BlockKind.INDICATOR:
        block["indicator"] = indicator.pk
    if kind == BlockKind.QUESTION_SPLIT:
        if grouping and grouping not in QuestionGrouping.values:
            raise ValidationError(_("Unknown grouping of the questions."))
        block["grouping"] = grouping or QuestionGrouping.DASHBOARD
    return _blocks_saved(locked, [*locked.blocks, block], actor=actor)


@transaction.atomic
def report_block_remove(*, actor=None, report, index) -> CouncilReport:
    locked = _draft_locked(report)
    if not 0 <= index < len(locked.blocks):
        raise ValidationError(_("This figure block does not exist."))
    return _blocks_saved(
        locked, [b for i, b in enumerate(locked.blocks) if i != index], actor=actor
    )


@transaction.atomic
def report_block_move(*, actor=None, report, index, offset) -> CouncilReport:
    locked = _draft_locked(report)
    target = index + offset
    blocks = list(locked.blocks)
    if not (0 <= index < len(blocks) and 0 <= target < len(blocks)):
        raise ValidationError(_("This figure block cannot move further."))
    blocks[index], blocks[target] = blocks[target], blocks[index]
    return _blocks_saved(locked, blocks, actor=actor)


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
    # Drafts saved before the text was checked are checked again: what is published counts.
    _check_text(locked)
    if problems := block_problems(report=locked):
        raise ValidationError(problems)
    locked.published_at = timezone.now()
    composition = letter_snapshot(report=locked)
    if composition.problems:
        raise ValidationError(composition.problems)
    snapshot = composition.snapshot
    locked.snapshot = snapshot
    locked.html = render_report_html(report=locked, snapshot=snapshot)
    pdf = render_pdf(report=locked, snapshot=snapshot)
    locked.pdf = pdf
    locked.sha256 = sha256_hex(pdf)
    locked.status = CouncilReport.Status.PUBLISHED
    locked.published_by = user
    # The text was validated when it was saved and the database checks every constraint of a
    # published row (frozen, bounded text); full_clean would ask it once per constraint.
    locked.full_clean(validate_constraints=False)
    written = CouncilReport.objects.filter(pk=locked.pk, status=CouncilReport.Status.DRAFT).update(
        **{field: getattr(locked, field) for field in PUBLISHED_FIELDS},
        updated_at=locked.published_at,
    )
    if not written:
        return CouncilReport.objects.get(pk=locked.pk)
    public_data_changed()  # a bulk update sends no signal; the open data shows the letter now
    locked.updated_at = locked.published_at
    record(actor=user, action=Action.PUBLISH, obj=locked, fields=["status"])
    return locked


@transaction.atomic
def report_correct(*, actor=None, report) -> CouncilReport:
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
    record(actor=actor, action=Action.CORRECT, obj=correction, fields=["replaces"])
    return correction


@transaction.atomic
def report_delete(*, actor=None, report) -> None:
    locked = _draft_locked(report)
    record(actor=actor, action=Action.DELETE, obj=locked)
    locked.delete()


@transaction.atomic
def plan_save(
    *, actor=None, municipality, grain, months=None, first_period_start=None
) -> PublicationPlan:
    """Set how a municipality publishes its letters (its publicatieplan); one per municipality.
    Published letters keep what they say: the plan guides the letters composed from now."""
    plan = PublicationPlan.objects.select_for_update().filter(municipality=municipality).first()
    created = plan is None
    if created:
        plan = PublicationPlan(municipality=municipality)
    with audited(plan, actor=actor, before=None if created else plan):
        plan.grain, plan.months, plan.first_period_start = grain, months, first_period_start
        plan.full_clean()
        plan.save()
    return plan
