"""Demo partner returns from the seed documents (periodieke opgaven POH GGZ Jeugd Dordrecht)."""

import datetime

from .models import Municipality, Organisation, PartnerReturn

POH_GGZ_JEUGD = "POH GGZ Jeugd Dordrecht"

# period start, period end (inclusive), persons, helped by the POH, referred on
RETURNS = [
    (datetime.date(2021, 10, 1), datetime.date(2022, 9, 30), 15, 12, 3),
    (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31), 18, 17, 1),
    (datetime.date(2024, 1, 1), datetime.date(2024, 6, 30), 4, 4, 0),
]


def _scope_demo_users():
    """The municipalities whose figures each demo user sees (relatieloket/demo.py names them)."""
    from django.contrib.auth import get_user_model

    from relatieloket.demo import DEMO_USERS

    users = get_user_model().objects.in_bulk(
        [user[0] for user in DEMO_USERS], field_name="username"
    )
    for username, _role, _first, _last, codes in DEMO_USERS:
        if username in users:
            users[username].municipalities.set(Municipality.objects.filter(cbs_code__in=codes))


def seed(*, password=None, stdout=None):
    """Idempotent: a period already present is updated, never added twice."""
    from .services import partner_return_save

    _scope_demo_users()
    poh = Organisation.objects.get(name=POH_GGZ_JEUGD)
    dordrecht = Municipality.objects.get(cbs_code="GM0505")
    for start, end, persons, helped, referred_on in RETURNS:
        partner_return = PartnerReturn.objects.filter(
            organisation=poh, period_start=start, period_end=end
        ).first() or PartnerReturn(organisation=poh, period_start=start, period_end=end)
        partner_return.municipality = dordrecht
        partner_return.persons = persons
        partner_return.helped = helped
        partner_return.referred_on = referred_on
        partner_return_save(partner_return=partner_return)
    if stdout is not None:
        stdout.write(f"  {len(RETURNS)} partner returns of {POH_GGZ_JEUGD}")
