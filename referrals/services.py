"""Writes of the network: referrals (and, beside them, partner returns).

Partner returns record themselves in the audit trail (`actor`: who entered them). A referral is
recorded by the intake service that creates it for a visit or traject, which knows who did it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.constants import Action
from audit.services import audited, record

from .models import Organisation, PartnerReturn, Referral


def referral_create(
    *,
    from_organisation,
    to_organisation,
    municipality,
    date,
    warm_handover=False,
    question="",
) -> Referral:
    """Record one flow from an organisation to another; validates before saving."""
    referral = Referral(
        from_organisation=from_organisation,
        to_organisation=to_organisation,
        municipality=municipality,
        date=date,
        warm_handover=warm_handover,
        question=question,
    )
    referral.full_clean()
    with transaction.atomic():
        referral.save()
    return referral


def check_no_overlap(partner_return):
    """No two returns of one organisation overlap; checked under a lock on the organisation.

    The database refuses an overlap too (migration 0005); this check comes first so the
    person entering the figures gets a message naming the period in the way.
    """
    Organisation.objects.select_for_update().filter(pk=partner_return.organisation_id).first()
    overlapping = (
        PartnerReturn.objects.filter(
            organisation_id=partner_return.organisation_id,
            period_start__lte=partner_return.period_end,
            period_end__gte=partner_return.period_start,
        )
        .exclude(pk=partner_return.pk)
        .first()
    )
    if overlapping:
        raise ValidationError(
            _(
                "This organisation already has a return for %(start)s – %(end)s, which overlaps "
                "this period."
            )
            % {
                "start": overlapping.period_start.strftime("%d-%m-%Y"),
                "end": overlapping.period_end.strftime("%d-%m-%Y"),
            },
            code="overlap",
        )


def partner_return_save(*, actor=None, partner_return) -> PartnerReturn:
    """Create or change a partner return (periodieke opgave) after validating it."""
    partner_return.full_clean()
    with transaction.atomic():
        check_no_overlap(partner_return)
        stored = PartnerReturn.objects.filter(pk=partner_return.pk).first()
        with audited(partner_return, actor=actor, before=stored if partner_return.pk else None):
            partner_return.save()
    return partner_return


@transaction.atomic
def partner_return_delete(*, actor=None, partner_return) -> None:
    record(actor=actor, action=Action.DELETE, obj=partner_return)
    partner_return.delete()
