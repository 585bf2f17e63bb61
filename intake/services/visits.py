"""Writes of visits: create, correct and delete, with their referrals and figures."""

from django.db import transaction

from audit.services import audited, record_create

from .. import figures
from ..constants import Outcome, Track
from ..models import (
    Traject,
    Visit,
)
from .common import validated_save
from .referrals import delete_with_own_referrals, move_outbound_referrals, sync_inbound_referral
from .trajects import traject_start


def visit_create(*, created_by, life_events=(), referred_by_warm=False, **fields) -> Visit:
    """Log an anonymous visit; a 'referred by' organisation becomes an inbound referral.

    `created_by` is the actor of the audit entry too.
    """
    visit = validated_save(Visit(created_by=created_by, **fields))
    if life_events:
        visit.life_events.add(*life_events)  # a new visit has none yet: no need to set()
    record_create(actor=created_by, obj=visit, many_to_many=["life_events"])
    sync_inbound_referral(visit, actor=created_by, is_new=True, warm=referred_by_warm)
    figures.refresh([figures.month_of(visit)])
    _start_traject_if_chosen(visit, actor=created_by)
    return visit


def _start_traject_if_chosen(visit, *, actor):
    """Track B with the outcome "traject started": the traject starts with the visit, in one
    step, as the counsellor said."""
    wants_traject = visit.track == Track.SHORT_TRAJECT and visit.outcome == Outcome.TRAJECT_STARTED
    if wants_traject and not Traject.objects.filter(visit=visit).exists():
        traject_start(actor=actor, visit=visit)


@transaction.atomic
def visit_update(*, actor=None, visit, life_events=None, referred_by_warm=False, **fields) -> Visit:
    stored = Visit.objects.get(pk=visit.pk)
    # The desk-months of its referrals before and after: they move with the visit to another
    # desk, and the inbound one may be replaced (it counts as outbound when it comes from the
    # desk's own organisation, e.g. after a move).
    referral_months = figures.referral_months(visits=[visit.pk])
    with audited(visit, actor=actor, before=stored, many_to_many=["life_events"]):
        for name, value in fields.items():
            setattr(visit, name, value)
        validated_save(visit)
        if life_events is not None:
            visit.life_events.set(life_events)
    if stored.desk_id != visit.desk_id:
        move_outbound_referrals(visit, stored.desk, actor=actor)
    sync_inbound_referral(visit, actor=actor, warm=referred_by_warm, previous_desk=stored.desk)
    referral_months |= {(visit.desk_id, month) for _desk, month in referral_months}
    referral_months |= figures.referral_months(visits=[visit.pk])
    figures.refresh([figures.month_of(stored), figures.month_of(visit)], referrals=referral_months)
    _start_traject_if_chosen(visit, actor=actor)
    return visit


def visit_delete(*, actor=None, visit) -> None:
    month = figures.month_of(visit)
    referral_months = delete_with_own_referrals(visit, actor=actor)
    figures.refresh([month], referrals=referral_months)
