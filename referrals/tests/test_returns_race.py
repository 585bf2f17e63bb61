"""Two partners saving overlapping returns at the same moment: the organisation row lock lets
only one through (PostgreSQL; SQLite has no row locks between connections)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from referrals import services
from referrals.models import Municipality, Organisation, PartnerReturn


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_overlapping_returns_only_one_is_saved_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks between connections; this race runs on PostgreSQL")
    dordrecht, _ = Municipality.objects.get_or_create(
        cbs_code="GM0505", defaults={"name": "Dordrecht"}
    )
    poh, _ = Organisation.objects.get_or_create(
        name="POH GGZ Jeugd Dordrecht", defaults={"kind": "poh_ggz_jeugd"}
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def save(start, end):
        from django.db import connections

        try:
            barrier.wait()
            services.partner_return_save(
                partner_return=PartnerReturn(
                    organisation=poh,
                    municipality=dordrecht,
                    period_start=start,
                    period_end=end,
                    persons=18,
                    helped=17,
                    referred_on=1,
                )
            )
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [
        threading.Thread(
            target=save, args=(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
        ),
        threading.Thread(target=save, args=(datetime.date(2023, 7, 1), datetime.date(2024, 6, 30))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[-1] == "saved" and outcomes.count("saved") == 1
    refused = next(o for o in outcomes if o != "saved")
    assert "overlap" in refused
    assert PartnerReturn.objects.filter(organisation=poh).count() == 1
