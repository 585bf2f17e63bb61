"""Writes of the network: referrals (and, beside them, partner returns)."""

from django.db import transaction

from .models import Referral


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
