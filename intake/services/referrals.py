"""Referrals made at a visit or in a traject: the inbound one kept in step with the visit's
"referred by", the outbound ones the counsellor adds."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import record, record_create
from referrals.services import referral_create

from .. import figures
from ..models import (
    Visit,
)
from ..selectors import inbound_referral


def sync_inbound_referral(visit, *, actor, is_new=False, warm=False, previous_desk=None):
    """Keep the one inbound referral of a visit in step with its 'referred by' field, its desk,
    its date, its question and whether the referrer handed the resident over in person (warm).
    `previous_desk`: where the visit was before a move (its inbound referral went there)."""
    desk = visit.desk
    inbound = None if is_new else inbound_referral(visit, desk=previous_desk)
    if inbound is not None:
        stored = (inbound.from_organisation_id, inbound.to_organisation_id, inbound.date)
        wanted = (visit.referred_by_id, desk.organisation_id, visit.date)
        if stored == wanted and inbound.question == visit.question:
            if inbound.warm_handover != warm:
                inbound.warm_handover = warm
                inbound.save(update_fields=["warm_handover"])
                record(actor=actor, action=Action.UPDATE, obj=inbound, fields=["warm_handover"])
            return
        visit.referrals.remove(inbound)
        record(actor=actor, action=Action.DELETE, obj=inbound)
        inbound.delete()
    if (
        visit.referred_by_id
        and desk.organisation_id
        and visit.referred_by_id != desk.organisation_id
    ):
        referral = referral_create(
            from_organisation=visit.referred_by,
            to_organisation=desk.organisation,
            municipality=desk.municipality,
            date=visit.date,
            question=visit.question,
            warm_handover=warm,
        )
        visit.referrals.add(referral)
        record_create(actor=actor, obj=referral)


def move_outbound_referrals(visit, previous_desk, *, actor):
    """A visit moved to another desk (a correction): the referrals it made start from the new
    desk's organisation, in its municipality, as if entered there."""
    desk = visit.desk
    if not previous_desk.organisation_id or not desk.organisation_id:
        return
    for referral in visit.referrals.filter(from_organisation=previous_desk.organisation_id):
        if referral.to_organisation_id == desk.organisation_id:
            continue  # it would refer the desk to itself: left as it was
        referral.from_organisation_id = desk.organisation_id
        referral.municipality_id = desk.municipality_id
        referral.save(update_fields=["from_organisation", "municipality"])
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=referral,
            fields=["from_organisation", "municipality"],
        )


def delete_with_own_referrals(owner, *, actor) -> set:
    """Delete a visit or traject; referrals that belonged only to it go too. Returns the
    desk-months of its referrals, whose figures the caller refreshes."""
    referrals = list(owner.referrals.all())
    months = figures.referral_months(referrals=referrals)
    record(actor=actor, action=Action.DELETE, obj=owner)
    owner.delete()
    for referral in referrals:
        if not referral.visits.exists() and not referral.trajects.exists():
            record(actor=actor, action=Action.DELETE, obj=referral)
            referral.delete()
    return months


def referral_add(*, owner, to_organisation, warm_handover, date=None, session=None):
    """Record an outbound referral ('doorverwezen naar') from a visit or traject.

    The referral carries the date it happened, not the day it was typed in: a visit's date,
    or for a traject the date of the given session, else of its latest session, else the day
    it started. A letter for 2023 then counts the referrals of 2023 entered later.
    """
    desk = owner.desk
    if not desk.organisation_id:
        raise ValidationError(
            _("This desk has no organisation in the network; ask the functional admin to set it.")
        )
    if date is None:
        date = _referral_date(owner, session)
    with transaction.atomic():
        referral = referral_create(
            from_organisation=desk.organisation,
            to_organisation=to_organisation,
            municipality=desk.municipality,
            date=date,
            warm_handover=warm_handover,
            # A traject has no question of its own: it is the question of its visit.
            question=getattr(owner, "question", None)
            or getattr(getattr(owner, "visit", None), "question", "")
            or "",
        )
        owner.referrals.add(referral)
        figures.refresh(referrals=[(desk.pk, date.replace(day=1))])
    return referral


@transaction.atomic
def outbound_referral_create(
    *, actor=None, owner, to_organisation, warm_handover, date=None, session=None
):
    """`referral_add`, recorded in the audit trail as `actor`'s."""
    referral = referral_add(
        owner=owner,
        to_organisation=to_organisation,
        warm_handover=warm_handover,
        date=date,
        session=session,
    )
    record_create(actor=actor, obj=referral)
    return referral


def _referral_date(owner, session=None):
    if isinstance(owner, Visit):
        return owner.date
    if session is not None:
        if session.traject_id != owner.pk:
            raise ValidationError(_("This session belongs to another traject."))
        return session.date
    latest = owner.sessions.order_by("-date").values_list("date", flat=True).first()
    return latest or owner.started_on
