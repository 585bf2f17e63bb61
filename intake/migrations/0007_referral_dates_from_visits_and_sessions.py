"""Referrals recorded from a visit or traject carry that visit's or session's date.

Until now "Verwijzing vastleggen" dated an outbound referral on the day it was typed in, so a
letter for 2023 missed the referrals of 2023 entered later. This repairs the existing rows:
a referral of a visit takes the visit's date; a referral of a traject (only) that was dated on
the day it was recorded takes the date of the traject's latest session on or before that day,
else the day the traject started. A traject referral with a date of its own (given on purpose,
not the day of entry) is left as it is.
"""

from django.db import migrations
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate


def repair(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    Visit = apps.get_model("intake", "Visit")
    Traject = apps.get_model("intake", "Traject")
    Session = apps.get_model("intake", "Session")
    visit_links = Visit.referrals.through
    traject_links = Traject.referrals.through

    visit_date = (
        visit_links.objects.filter(referral_id=OuterRef("pk"))
        .order_by("visit__date")
        .values("visit__date")[:1]
    )
    Referral.objects.filter(pk__in=visit_links.objects.values("referral_id")).update(
        date=Subquery(visit_date)
    )

    session_date = (
        Session.objects.filter(traject__referrals=OuterRef("pk"), date__lte=OuterRef("date"))
        .order_by("-date")
        .values("date")[:1]
    )
    started_on = Traject.objects.filter(referrals=OuterRef("pk")).values("started_on")[:1]
    typed_in_that_day = (
        Referral.objects.filter(pk__in=traject_links.objects.values("referral_id"))
        .exclude(pk__in=visit_links.objects.values("referral_id"))
        .annotate(recorded_on=TruncDate("created_at"))
        .filter(date=F("recorded_on"))
        .values_list("pk", flat=True)
    )
    Referral.objects.filter(pk__in=list(typed_in_that_day)).update(
        date=Coalesce(Subquery(session_date), Subquery(started_on), F("date"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0006_free_text_bounds_and_sensible_dates"),
        ("referrals", "0005_partnerreturn_no_overlap"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
