"""`manage.py verify_publications`: passes on intact data, names a letter with one byte
changed and a desk-month whose maintained figure differs from the raw one."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F

from intake.models import VisitMonth
from intake.tests.factories import DeskFactory, VisitFactory
from referrals.models import Municipality
from reports import services
from reports.models import CouncilReport
from reports.tests.access_kwargs import make_council_report

pytestmark = pytest.mark.django_db

guard = importlib.import_module("reports.migrations.0004_indicator_phrase_published_guard")


def publish_letter(desk_name="Relatieloket Hendrik-Ido-Ambacht"):
    """A letter published through the service (real PDF), over 12 visits of one desk."""
    # get_or_create: a transactional test before this one may have flushed the seeded rows.
    hia, _created = Municipality.objects.get_or_create(
        cbs_code="GM0531", defaults={"name": "Hendrik-Ido-Ambacht"}
    )
    desk = DeskFactory(name=desk_name, municipality=hia)
    for day in range(12):
        VisitFactory(desk=desk, date=datetime.date(2024, 1, 2) + datetime.timedelta(days=day * 9))
    report = make_council_report(hia)
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=f"beleid-{report.pk}")
    return services.report_publish(report=report, user=user), desk


class _Editor:
    """What the guard's functions use of a schema editor, inside the test's transaction."""

    connection = connection
    quote_name = staticmethod(connection.ops.quote_name)

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def _verify():
    out, err = io.StringIO(), io.StringIO()
    call_command("verify_publications", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_verify_passes_on_intact_data():
    report, _desk = publish_letter()
    assert report.is_published
    out, err = _verify()
    assert "1 published letters match their SHA-256" in out
    assert "desk-months equal the recounted ones" in out and err == ""


def test_one_byte_changed_in_a_letter_fails_and_names_it():
    report, _desk = publish_letter()
    data = bytearray(report.pdf)
    data[len(data) // 2] ^= 0x01
    # As a damaged restore would have it: past the guard that refuses to change a letter
    # (lifted inside this test's transaction only).
    editor = _Editor()
    guard.remove_guard(apps, editor)
    CouncilReport.objects.filter(pk=report.pk).update(pdf=bytes(data))
    guard.install_guard(apps, editor)
    with pytest.raises(CommandError, match="1 of 1 published letters and 0 of"):
        _verify()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_publications", stdout=io.StringIO(), stderr=err)
    assert f"Letter differs: #{report.pk} Hendrik-Ido-Ambacht" in err.getvalue()


def test_a_changed_figure_fails_and_names_the_desk_month():
    _report, desk = publish_letter()
    VisitMonth.objects.filter(desk=desk, month=datetime.date(2024, 2, 1)).update(
        visits=F("visits") + 1
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="0 of 1 published letters and 1 of"):
        call_command("verify_publications", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().strip() == "Figures differ: Relatieloket Hendrik-Ido-Ambacht, 2024-02."
    # The check changed nothing: the wrong figure is still there for the admin to see.
    assert VisitMonth.objects.get(desk=desk, month=datetime.date(2024, 2, 1)).visits == 4


def test_open_data_that_says_more_than_its_letter_fails_and_names_it():
    """A snapshot restored with a key figure other than the letter prints: the open data
    would state a number the letter does not."""
    report, _desk = publish_letter()
    snapshot = report.snapshot
    assert snapshot["figure_values"]["persons"] == 12
    snapshot["figure_values"]["persons"] = 13
    editor = _Editor()
    guard.remove_guard(apps, editor)
    CouncilReport.objects.filter(pk=report.pk).update(snapshot=snapshot)
    guard.install_guard(apps, editor)
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 open-data figures say more than their letter"):
        call_command("verify_publications", stdout=io.StringIO(), stderr=err)
    assert f"Open data differs: #{report.pk} 'Voortgang Relatieloket' v1" in err.getvalue()
