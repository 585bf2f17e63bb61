"""A referral recorded from a visit or traject carries the date it happened, so a council
letter for a past period counts it in that period, also when it was typed in later."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from intake import services as intake_services
from intake.tests.factories import DeskFactory, SessionFactory, TrajectFactory, VisitFactory
from referrals.models import Organisation, Referral
from relatieloket.roles import Role

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2023, 3, 3)


@pytest.fixture
def villa():
    return Organisation.objects.get(name="Villa Pinedo")


def test_a_referral_from_a_visit_has_the_visit_date(role_client, villa):
    desk = DeskFactory()
    visit = VisitFactory(desk=desk, date=MARCH)
    client = role_client(Role.COUNSELLOR, desks=[desk])
    url = reverse("intake:visit_referral_add", args=[visit.pk])
    client.post(url, {"to_organisation": villa.pk})
    assert visit.referrals.get().date == MARCH


def test_a_referral_from_a_traject_has_its_latest_session_date(role_client, villa):
    desk = DeskFactory()
    traject = TrajectFactory(desk=desk, started_on=MARCH)
    client = role_client(Role.COUNSELLOR, desks=[desk])
    url = reverse("intake:traject_referral_add", args=[traject.pk])
    client.post(url, {"to_organisation": villa.pk})
    assert traject.referrals.get().date == MARCH  # no session yet: the start
    SessionFactory(traject=traject, number=1, date=MARCH + datetime.timedelta(days=14))
    SessionFactory(traject=traject, number=2, date=MARCH + datetime.timedelta(days=28))
    therapy = Organisation.objects.get(name="Relatietherapie bij een particuliere aanbieder")
    client.post(url, {"to_organisation": therapy.pk})
    assert traject.referrals.get(to_organisation=therapy).date == MARCH + datetime.timedelta(28)
    first = traject.sessions.get(number=1)
    referral = intake_services.referral_add(
        owner=traject, to_organisation=villa, warm_handover=False, session=first
    )
    assert referral.date == first.date


def test_the_data_migration_repairs_referrals_dated_on_the_day_of_entry(villa):
    desk = DeskFactory()
    today = datetime.date.today()
    visit = VisitFactory(desk=desk, date=MARCH)
    traject = TrajectFactory(desk=desk, started_on=MARCH)
    SessionFactory(traject=traject, number=1, date=MARCH + datetime.timedelta(days=7))
    lone = TrajectFactory(desk=desk, started_on=MARCH)

    def typed_in_today(owner):
        referral = Referral.objects.create(
            from_organisation=desk.organisation,
            to_organisation=villa,
            municipality=desk.municipality,
            date=today,
        )
        owner.referrals.add(referral)
        return referral

    broken = [typed_in_today(visit), typed_in_today(traject), typed_in_today(lone)]
    on_purpose = Referral.objects.create(
        from_organisation=desk.organisation,
        to_organisation=villa,
        municipality=desk.municipality,
        date=MARCH + datetime.timedelta(days=2),
    )
    traject.referrals.add(on_purpose)

    migration = importlib.import_module(
        "intake.migrations.0007_referral_dates_from_visits_and_sessions"
    )
    migration.repair(apps, None)
    dates = [Referral.objects.get(pk=r.pk).date for r in broken]
    assert dates == [MARCH, MARCH + datetime.timedelta(days=7), MARCH]
    assert Referral.objects.get(pk=on_purpose.pk).date == MARCH + datetime.timedelta(days=2)
