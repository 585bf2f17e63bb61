"""The intake demo data: the figures of the seed documents, the same on every run."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, Q, Sum
from django.test import override_settings

from intake.constants import TrajectStatus
from intake.models import Traject, Visit
from referrals.models import Referral

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def _seed():
    call_command("seed_demo", "--password", "demo-pass-123")


def _figures(desk_name):
    visits = Visit.objects.filter(desk__name=desk_name)
    return visits.aggregate(
        visits=Count("id"),
        people=Sum("women") + Sum("men") + Sum("other_gender"),
        women=Sum("women"),
        children=Sum("children"),
        alone=Count("id", filter=Q(who_came="een_partner")),
        separation=Count(
            "id", filter=Q(question__in=["scheiden", "overweegt_scheiding", "na_scheiding"])
        ),
    )


def test_demo_matches_the_seed_figures_and_is_idempotent():
    _seed()
    hia = _figures("Relatieloket Hendrik-Ido-Ambacht")
    # "Sinds de opening zijn dat er 53. Het aantal betrokken kinderen schat de gemeente op 74."
    assert (hia["people"], hia["children"]) == (53, 74)
    # About 75% came to strengthen or restore the relationship, 25% for separation.
    assert 0.7 <= 1 - hia["separation"] / hia["visits"] <= 0.8
    trajects = Traject.objects.filter(desk__name="Relatieloket Hendrik-Ido-Ambacht")
    assert 8 <= trajects.count() <= 20
    assert trajects.count() < hia["visits"] / 2  # mostly track A
    sko = _figures("Adviespunt SKO Dordrecht")
    assert sko["alone"] > sko["visits"] / 2  # most come alone
    assert 0.6 <= sko["women"] / sko["people"] <= 0.8
    assert 0.65 <= sko["separation"] / sko["visits"] <= 0.85
    inbound = Referral.objects.filter(to_organisation__desks__name="Adviespunt SKO Dordrecht")
    assert inbound.exists()
    before = (Visit.objects.count(), Referral.objects.count(), Traject.objects.count())
    _seed()
    assert (Visit.objects.count(), Referral.objects.count(), Traject.objects.count()) == before


@override_settings(DEBUG=False)
def test_seed_demo_with_force_runs_without_debug_and_stays_idempotent(capsys):
    """--force is for a test machine running with DEBUG=False, e.g. an acceptance server."""
    call_command("seed_demo", "--force", "--password", "demo-pass-123")
    out = capsys.readouterr().out
    assert "Demo data loaded" in out and "hulpverlener" in out
    assert get_user_model().objects.get(username="hulpverlener").check_password("demo-pass-123")
    assert Visit.objects.filter(desk__name="Adviespunt SKO Dordrecht").exists()
    closed = Traject.objects.exclude(status=TrajectStatus.RUNNING)
    assert closed.exists() and not closed.filter(closing_outcome="").exists()
    before = (Visit.objects.count(), Referral.objects.count(), Traject.objects.count())
    call_command("seed_demo", "--force", "--password", "demo-pass-123")
    assert (Visit.objects.count(), Referral.objects.count(), Traject.objects.count()) == before
