"""Dashboard figures against a hand-computed fixture, exports, query bounds and access."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from intake import services as intake_services
from intake.models import Visit
from intake.tests.factories import (
    DeskFactory,
    FeedbackInvitationFactory,
    VisitFactory,
)
from referrals.models import Municipality, Organisation
from relatieloket.roles import Role
from reports.models import Budget
from reports.selectors import dashboard_figures

pytestmark = pytest.mark.django_db
D = datetime.date
PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}


@pytest.fixture
def world(db):
    hia = Municipality.objects.get(cbs_code="GM0531")
    loket = Organisation.objects.get(name="Relatieloket Hendrik-Ido-Ambacht")
    desk = DeskFactory(municipality=hia, organisation=loket, tariff_per_traject=1000)
    poh = Organisation.objects.get(name="Praktijkondersteuner huisarts Jeugd (POH Jeugd)")
    # 8 visits in 2024: 6 strengthen/restore, 2 separation; 3 couples, 5 alone.
    specs = [
        ("versterken", "beide_partners", 1, 1, 2, poh),
        ("versterken", "beide_partners", 1, 1, 3, None),
        ("herstellen", "beide_partners", 1, 1, 1, poh),
        ("herstellen", "een_partner", 1, 0, 2, None),
        ("versterken", "een_partner", 1, 0, 0, None),
        ("herstellen", "een_partner", 0, 1, 1, None),
        ("scheiden", "een_partner", 1, 0, 2, None),
        ("overweegt_scheiding", "een_partner", 1, 0, 1, None),
    ]
    visits = []
    for i, (question, who, women, men, children, referred_by) in enumerate(specs):
        visits.append(
            intake_services.visit_create(
                created_by=None,
                desk=desk,
                date=D(2024, 1 + i, 10),
                channel="inloop",
                who_came=who,
                women=women,
                men=men,
                children=children,
                question=question,
                outcome="op_weg_geholpen",
                referred_by=referred_by,
                advice_legal=i < 2,
            )
        )
    VisitFactory(desk=desk, date=D(2023, 3, 1))  # a year earlier
    VisitFactory(desk=DeskFactory(), date=D(2024, 5, 5))  # Dordrecht: outside the scope
    # Two trajects: 5 and 2 sessions of 90 minutes; one completed.
    for visit, sessions in ((visits[0], 5), (visits[1], 2)):
        traject = intake_services.traject_start(visit=visit)
        for n in range(sessions):
            intake_services.session_create(
                traject=traject, date=visit.date + datetime.timedelta(days=n)
            )
    intake_services.traject_close(
        traject=visits[0].traject,
        status="afgerond",
        closing_outcome="op_weg_geholpen",
        closed_on=D(2024, 3, 1),
    )
    for answer in ("ja", "ja", "ja", "nee"):
        invitation = FeedbackInvitationFactory(desk=desk)
        intake_services.feedback_submit(
            token=invitation.token, got_answer=answer, rating=8, would_recommend=True
        )
    Budget.objects.filter(municipality=hia, year=2024).update(amount=10000, planned_trajects=10)
    return {"desk": desk, "municipality": hia}


def test_figures_against_hand_computed_values(world):
    figures = dashboard_figures(
        municipalities=Municipality.objects.filter(pk=world["municipality"].pk),
        start=D(2024, 1, 1),
        end=D(2024, 12, 31),
    )
    visits = figures["visits"]
    assert (visits["count"], visits["persons"], visits["women"], visits["men"]) == (8, 11, 7, 4)
    assert (visits["couples"], visits["one_partner"], visits["children"]) == (3, 5, 12)
    assert visits["women_share"] == "64%"
    assert (figures["tracks"]["A"], figures["tracks"]["B"]) == (6, 2)
    questions = {q["key"]: (q["count"], q["share"]) for q in figures["questions"]}
    assert questions["strengthen_restore"] == (6, "75%")
    assert questions["separation"] == (2, "25%")
    trajects = figures["trajects"]
    assert (trajects["started"], trajects["completed"], trajects["sessions"]) == (2, 1, 7)
    assert trajects["avg_sessions"] == "3,5"
    assert figures["costs"] == {
        "total": "€ 2.000",
        "per_traject": "€ 1.000",
        "budget": "€ 10.000",
        "planned_trajects": 10,
        "budget_used": "20%",
    }
    assert [(r["label"], r["count"]) for r in figures["referred_by"]] == [
        ("Praktijkondersteuner huisarts Jeugd (POH Jeugd)", 2)
    ]
    assert figures["previous_year"] == {
        "start": "2023-01-01",
        "end": "2023-12-31",
        "visits": 1,
        "change": "+700%",
    }
    assert {m["month"]: m["count"] for m in figures["monthly"]}["2024-03"] == 1
    assert {"legal": 2}.items() <= {a["key"]: a["count"] for a in figures["advice_domains"]}.items()


def test_feedback_share(world):
    today = datetime.date.today()
    figures = dashboard_figures(
        municipalities=Municipality.objects.filter(pk=world["municipality"].pk),
        start=today.replace(month=1, day=1),
        end=today,
    )
    assert figures["feedback"] == {"total": 4, "answered": 3, "answered_share": "75%"}


@pytest.fixture
def policy(client, make_user, world):
    client.force_login(make_user(Role.POLICY, municipalities=[world["municipality"]]))
    return client


def test_dashboard_page_and_scope(policy, world):
    response = policy.get(reverse("reports:start"), PERIOD)
    html = response.content.decode()
    assert "Niet voor publicatie" in html and "<svg" in html
    assert response.context["figures"]["visits"]["count"] == 8
    dordrecht = Municipality.objects.get(cbs_code="GM0505")
    refused = policy.get(reverse("reports:start"), {**PERIOD, "municipality": dordrecht.pk})
    assert "municipality" in refused.context["form"].errors


def test_exports_csv_and_xlsx_with_filter_in_name_and_protection(policy, world):
    params = {**PERIOD, "municipality": world["municipality"].pk, "tabel": "vragen"}
    response = policy.get(reverse("reports:export"), {**params, "formaat": "csv"})
    assert (
        'filename="relatieloket_vragen_GM0531_2024-01-01_2024-12-31.csv"'
        in response["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["Filter: Hendrik-Ido-Ambacht, 2024-01-01 t/m 2024-12-31"]
    assert ["Relatieversterking of -herstel", "6"] in rows and rows[-1] == ["Totaal", "8"]
    published = policy.get(
        reverse("reports:export"), {**params, "formaat": "xlsx", "publicatie": "1"}
    )
    sheet = load_workbook(io.BytesIO(published.content)).active
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=5, values_only=True)}
    # 6 and 2 with a published total of 8 (the other rows are 0): the 2 is shown as "< 5"
    # and the 6 must be hidden too, or 8 - 6 gives the 2 away.
    assert values["(Overweegt) scheiding"] == "< 5"
    assert values["Relatieversterking of -herstel"] == "x"
    assert values["Totaal"] == 8


def test_query_count_is_the_same_for_10_and_10000_visits(policy, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        policy.get(reverse("reports:start"), PERIOD)
    desk = world["desk"]
    Visit.objects.bulk_create(
        Visit(
            desk=desk,
            date=D(2024, 1, 1) + datetime.timedelta(days=i % 366),
            channel="inloop",
            who_came="een_partner",
            women=1,
            question="versterken",
            outcome="op_weg_geholpen",
        )
        for i in range(10_000)
    )
    with django_assert_num_queries(len(small.captured_queries)):
        response = policy.get(reverse("reports:start"), PERIOD)
    assert response.context["figures"]["visits"]["count"] == 10_008


def test_monthly_table_in_page_and_export(policy, world):
    html = policy.get(reverse("reports:start"), PERIOD).content.decode()
    assert "maart 2024" in html and "tabel=per-maand" in html
    params = {**PERIOD, "municipality": world["municipality"].pk, "tabel": "per-maand"}
    response = policy.get(
        reverse("reports:export"), {**params, "formaat": "csv", "publicatie": "1"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    # One visit in each of the first eight months: every month is protected, the total is not.
    assert ["januari 2024", "< 5"] in rows and ["september 2024", "0"] in rows
    assert rows[-1] == ["Totaal", "8"]
