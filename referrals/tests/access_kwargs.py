"""Sample URL parameters for the access matrix (relatieloket/tests/test_access.py)."""

import datetime

from referrals.models import PartnerReturn


def _return(world):
    # One return serves every URL that needs one: the database refuses a second return of
    # the same organisation for an overlapping period.
    partner_return, _ = PartnerReturn.objects.get_or_create(
        organisation=world["organisation"],
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        defaults={
            "municipality": world["municipality"],
            "persons": 18,
            "helped": 17,
            "referred_on": 1,
        },
    )
    return {"pk": partner_return.pk}


URL_KWARGS = {
    "referrals:organisation_detail": lambda world: {"pk": world["organisation"].pk},
    "referrals:return_edit": _return,
    "referrals:return_delete": _return,
}
