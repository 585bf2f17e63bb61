"""Writes of the evaluation app: a traject's goal, the partners' scores, the follow-up by code,
and cutting the link to the traject after the follow-up period.

As in intake: validate, save inside one transaction, record in the audit trail (names of
fields, never values). A counsellor or coordinator works only on the trajects of their own
desks; the functional admin corrects; `user=None` is the system (demo data, a command).
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import audited, record, record_create
from intake.models import Traject
from relatieloket.months import add_months
from relatieloket.roles import DESK_ROLES, Role, user_roles

from .constants import FOLLOW_UP_WAVES, Goal, Moment, Respondent
from .models import (
    FollowUpAnswer,
    FollowUpAttempt,
    Instrument,
    Measurement,
    Score,
    TrajectEvaluation,
)


class FollowUpRefused(Exception):
    """A follow-up that cannot be taken: wrong code, used, or no wave open. The page shows one
    neutral message for all of them, so it never tells that a code exists."""


class FollowUpBusy(Exception):
    """Too many follow-up submissions on the whole site just now (rate limit or lockout)."""


def _may_work_on(user, traject) -> bool:
    if user is None:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles = user_roles(user)
    if user.is_superuser or Role.ADMIN in roles:
        return True
    return bool(roles & set(DESK_ROLES)) and traject.desk.staff.filter(pk=user.pk).exists()


def _check_access(user, traject):
    if not _may_work_on(user, traject):
        raise PermissionDenied


def default_instrument():
    """The instrument for new scores and the follow-up page, or None if none is set up."""
    return Instrument.objects.filter(is_default=True, is_active=True).first()


def _evaluation_locked(traject) -> TrajectEvaluation:
    """The traject's evaluation, created on first use, locked until the end of the transaction."""
    evaluation = TrajectEvaluation.objects.select_for_update().filter(traject_id=traject.pk).first()
    if evaluation is None:
        try:
            with transaction.atomic():
                evaluation = TrajectEvaluation.objects.create(
                    traject=traject,
                    desk_id=traject.desk_id,
                    started_on=traject.started_on,
                    closed_on=traject.closed_on,
                )
        except IntegrityError:  # created at the same moment by another request
            evaluation = TrajectEvaluation.objects.select_for_update().get(traject_id=traject.pk)
        else:
            record_create(actor=None, obj=evaluation)
    return evaluation


@transaction.atomic
def traject_goal_set(*, user, traject, goal) -> TrajectEvaluation:
    """Record the goal the couple states at the start: strengthen, clarify or part well."""
    _check_access(user, traject)
    if goal not in Goal.values:
        raise ValidationError(
            {
                "goal": _("Choose one of the goals: %(goals)s.")
                % {"goals": ", ".join(str(label) for label in Goal.labels)}
            },
            code="invalid_goal",
        )
    evaluation = _evaluation_locked(traject)
    with audited(evaluation, actor=user, before=evaluation):
        evaluation.goal = goal
        evaluation.save(update_fields=["goal"])
    return evaluation


def _validate_scores(instrument, items, scores):
    if not items:
        raise ValidationError(
            _("The instrument %(name)s has no items here; choose another instrument.")
            % {"name": instrument.name},
            code="no_items",
        )
    if isinstance(scores, (str, bytes)) or not hasattr(scores, "__len__"):
        raise ValidationError(_("Give the scores as a list."), code="invalid_scores")
    if len(scores) != len(items):
        raise ValidationError(
            _("%(name)s has %(count)s questions: give a score for each, in order.")
            % {"name": instrument.name, "count": len(items)},
            code="wrong_count",
        )
    values = []
    for item, value in zip(items, scores, strict=True):
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                as_int = int(value)
            except (TypeError, ValueError):
                as_int = None
            if as_int is None or str(as_int) != str(value).strip():
                raise ValidationError(
                    _("Question %(position)s: give a whole number.") % {"position": item.position},
                    code="not_a_number",
                )
            value = as_int
        if not item.scale_min <= value <= item.scale_max:
            raise ValidationError(
                _("Question %(position)s: a score from %(min)s to %(max)s, not %(value)s.")
                % {
                    "position": item.position,
                    "min": item.scale_min,
                    "max": item.scale_max,
                    "value": value,
                },
                code="out_of_scale",
            )
        values.append(value)
    return values


def _today():
    return timezone.localdate()


@transaction.atomic
def measurement_record(
    *, user, traject, moment, respondent, scores, instrument=None, date=None
) -> Measurement:
    """Record one partner's item scores at one moment of the traject.

    `moment`: start, end, follow_up_3m or follow_up_6m; `respondent`: partner_1 or partner_2;
    `scores`: the item scores in the instrument's order. An end needs the start of the same
    partner first (same instrument, not earlier); a moment is recorded once per partner.
    """
    _check_access(user, traject)
    if moment not in Moment.values:
        raise ValidationError({"moment": _("Choose a moment: start, end or a follow-up.")})
    if respondent not in Respondent.values:
        raise ValidationError({"respondent": _("Choose partner 1 or partner 2.")})
    date = date or _today()
    if date > _today():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    if date < traject.started_on:
        raise ValidationError({"date": _("The date cannot be before the traject started.")})
    evaluation = _evaluation_locked(traject)
    recorded = {
        m.moment: m
        for m in Measurement.objects.filter(evaluation=evaluation, respondent=respondent)
    }
    label = Respondent(respondent).label
    if moment in recorded:
        raise ValidationError(
            _("The scores of %(respondent)s at %(moment)s were already recorded.")
            % {"respondent": label, "moment": Moment(moment).label},
            code="duplicate",
        )
    start = recorded.get(Moment.START)
    if moment != Moment.START:
        if start is None:
            raise ValidationError(
                _("Record the scores of %(respondent)s at the first session first.")
                % {"respondent": label},
                code="end_before_start",
            )
        if date < start.date:
            raise ValidationError(
                {
                    "date": _("This cannot be before the first session's scores (%(date)s).")
                    % {"date": start.date.strftime("%d-%m-%Y")}
                },
                code="end_before_start",
            )
        if instrument is not None and instrument.pk != start.instrument_id:
            raise ValidationError(
                _("Use the same instrument as at the first session (%(name)s).")
                % {"name": start.instrument.name},
                code="other_instrument",
            )
        instrument = start.instrument
    instrument = instrument or default_instrument()
    if instrument is None or not instrument.is_active:
        raise ValidationError(
            _("No instrument is set up; ask the functional admin."), code="no_instrument"
        )
    items = list(instrument.items.order_by("position"))
    values = _validate_scores(instrument, items, scores)
    measurement = Measurement(
        evaluation=evaluation,
        instrument=instrument,
        moment=moment,
        respondent=respondent,
        date=date,
        total=sum(values),
    )
    # The rules above cover the unique moment and the checks; the database keeps them too.
    measurement.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            measurement.save()
    except IntegrityError:
        raise ValidationError(
            _("The scores of %(respondent)s at %(moment)s were already recorded.")
            % {"respondent": label, "moment": Moment(moment).label},
            code="duplicate",
        ) from None
    Score.objects.bulk_create(
        Score(measurement=measurement, item=item, value=value)
        for item, value in zip(items, values, strict=True)
    )
    record_create(actor=user, obj=measurement)
    return measurement


@transaction.atomic
def measurement_delete(*, user, measurement) -> None:
    """Remove scores entered by mistake (and a later moment that depends on them)."""
    evaluation = measurement.evaluation
    if evaluation.traject_id is None:
        raise PermissionDenied
    _check_access(user, evaluation.traject)
    record(actor=user, action=Action.DELETE, obj=measurement)
    measurement.delete()


# --- follow-up by code ----------------------------------------------------------------------


def follow_up_link_months() -> int:
    return settings.EVALUATION_FOLLOW_UP_MONTHS


def follow_up_wave(traject, *, today) -> str | None:
    """The follow-up wave open for a closed traject today, if any."""
    if traject.closed_on is None:
        return None
    open_wave = None
    for moment, months in FOLLOW_UP_WAVES.items():
        if today >= add_months(traject.closed_on, months):
            open_wave = moment
    if today >= add_months(traject.closed_on, follow_up_link_months()):
        return None  # the link is cut: nothing can be tied to the traject any more
    return open_wave


def normalise_code(code) -> str:
    """What a resident types, as the card prints it: capitals, a dash after four."""
    raw = "".join(ch for ch in str(code or "").upper() if ch.isalnum())[:8]
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


def _attempts_guard(now):
    """Refuse when the whole site got too many submissions just now (rate limit) or too many
    wrong codes lately (lockout). Counts only times: no address is stored."""
    minute_ago = now - datetime.timedelta(minutes=1)
    if FollowUpAttempt.objects.filter(at__gte=minute_ago).count() >= (
        settings.EVALUATION_FOLLOW_UP_RATE_PER_MINUTE
    ):
        raise FollowUpBusy
    window = now - datetime.timedelta(minutes=settings.EVALUATION_FOLLOW_UP_LOCKOUT_MINUTES)
    if FollowUpAttempt.objects.filter(at__gte=window, failed=True).count() >= (
        settings.EVALUATION_FOLLOW_UP_LOCKOUT_FAILURES
    ):
        raise FollowUpBusy


def _attempt(now, *, failed):
    # Kept one day at most: a count of recent submissions needs no more.
    FollowUpAttempt.objects.filter(at__lt=now - datetime.timedelta(days=1)).delete()
    FollowUpAttempt.objects.create(at=now, failed=failed)


def follow_up_submit(
    *, code, scores, still_together, separated_as_wished, would_recommend, now=None
) -> Measurement:
    """A resident's follow-up answers by the code on the card; no login, nothing about them.

    The first answer of a wave is partner 1's, the second partner 2's; a third is refused.
    Raises FollowUpRefused for a wrong or used code or a traject without an open wave, and
    FollowUpBusy when the site takes no more attempts just now.
    """
    now = now or timezone.now()
    _attempts_guard(now)
    try:
        with transaction.atomic():
            measurement = _follow_up_save(
                code=normalise_code(code),
                scores=scores,
                still_together=still_together,
                separated_as_wished=separated_as_wished,
                would_recommend=would_recommend,
                today=timezone.localdate(now),
            )
    except FollowUpRefused:
        _attempt(now, failed=True)
        raise
    _attempt(now, failed=False)
    return measurement


def _follow_up_save(*, code, scores, still_together, separated_as_wished, would_recommend, today):
    traject = Traject.objects.filter(code=code).select_related("desk").first()
    wave = follow_up_wave(traject, today=today) if traject else None
    if wave is None:
        raise FollowUpRefused
    evaluation = _evaluation_locked(traject)
    taken = set(
        Measurement.objects.filter(evaluation=evaluation, moment=wave).values_list(
            "respondent", flat=True
        )
    )
    free = [r for r in Respondent.values if r not in taken]
    if not free:
        raise FollowUpRefused
    start = Measurement.objects.filter(
        evaluation=evaluation, moment=Moment.START, respondent=free[0]
    ).first()
    instrument = start.instrument if start else default_instrument()
    if instrument is None:
        raise FollowUpRefused
    items = list(instrument.items.order_by("position"))
    values = _validate_scores(instrument, items, scores)
    measurement = Measurement.objects.create(
        evaluation=evaluation,
        instrument=instrument,
        moment=wave,
        respondent=free[0],
        date=today,
        total=sum(values),
    )
    Score.objects.bulk_create(
        Score(measurement=measurement, item=item, value=value)
        for item, value in zip(items, values, strict=True)
    )
    answer = FollowUpAnswer(
        measurement=measurement,
        still_together=still_together,
        separated_as_wished=separated_as_wished,
        would_recommend=would_recommend,
    )
    answer.full_clean()
    answer.save()
    record_create(actor=None, obj=measurement)
    return measurement


# --- retention ------------------------------------------------------------------------------


@transaction.atomic
def retention_due(*, today=None):
    """The evaluations whose link to the traject is due to be cut (see `retention_apply`)."""
    today = today or _today()
    last_closing = add_months(today, -follow_up_link_months())
    return TrajectEvaluation.objects.filter(
        traject__isnull=False,
        traject__closed_on__isnull=False,
        traject__closed_on__lte=last_closing,
    )


def retention_apply(*, today=None) -> int:
    """Cut the link from scores and follow-up answers to the traject once the follow-up period
    after closing has passed (EVALUATION_FOLLOW_UP_MONTHS). The evaluation keeps the desk, the
    dates and the goal (the figures), not the traject or its code. Returns how many were cut."""
    due = retention_due(today=today).select_for_update()
    now = timezone.now()
    count = 0
    for evaluation in due.select_related("traject"):
        traject = evaluation.traject
        evaluation.desk_id = traject.desk_id
        evaluation.started_on = traject.started_on
        evaluation.closed_on = traject.closed_on
        evaluation.traject = None
        evaluation.unlinked_at = now
        evaluation.save(update_fields=["desk", "started_on", "closed_on", "traject", "unlinked_at"])
        record(
            actor=None,
            action=Action.UPDATE,
            obj=evaluation,
            fields=["traject", "desk", "started_on", "closed_on", "unlinked_at"],
        )
        count += 1
    return count
