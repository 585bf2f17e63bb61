"""Dashboard figures against a hand-computed fixture, exports, query bounds and access."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from intake import services as intake_services
from intake.models import Visit
from intake.tests.factories import (
    ActivityFactory,
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
    assert visits["women_share"] == Decimal(7) / 11
    assert (figures["tracks"]["A"], figures["tracks"]["B"]) == (6, 2)
    questions = {q["key"]: (q["count"], q["share"]) for q in figures["questions"]}
    assert questions["strengthen_restore"] == (6, Decimal("0.75"))
    assert questions["separation"] == (2, Decimal("0.25"))
    trajects = figures["trajects"]
    assert (trajects["started"], trajects["completed"], trajects["sessions"]) == (2, 1, 7)
    assert trajects["avg_sessions"] == Decimal("3.5")
    assert figures["costs"] == {
        "has_tariff": True,
        "total": Decimal(2000),
        "per_traject": Decimal(1000),
        "trajects_with_tariff": 2,
        "trajects_without_tariff": 0,
        "desks_without_tariff": [],
        "budget": Decimal(10000),
        "planned_trajects": 10,
        "budget_used": Decimal("0.2"),
    }
    assert [(r["label"], r["count"]) for r in figures["referred_by"]] == [
        ("Praktijkondersteuner huisarts Jeugd (POH Jeugd)", 2)
    ]
    assert figures["previous_year"] == {
        "start": "2023-01-01",
        "end": "2023-12-31",
        "visits": 1,
        "change": Decimal(7),
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
    assert figures["feedback"] == {"total": 4, "answered": 3, "answered_share": Decimal("0.75")}


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
    call_command("rebuild_figures", stdout=io.StringIO())  # a bulk load past the services
    with django_assert_num_queries(len(small.captured_queries)):
        response = policy.get(reverse("reports:start"), PERIOD)
    assert response.context["figures"]["visits"]["count"] == 10_008
    assert ">10.008</td>" in response.content.decode()  # Dutch thousands separator


def test_monthly_table_in_page_and_export(policy, world):
    html = policy.get(reverse("reports:start"), PERIOD).content.decode()
    assert "maart 2024" in html and "tabel=per-maand" in html
    params = {**PERIOD, "municipality": world["municipality"].pk, "tabel": "per-maand"}
    response = policy.get(
        reverse("reports:export"), {**params, "formaat": "csv", "publicatie": "1"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    # One visit in each of the first eight months under a total of 8, which the key figures
    # publish too: eight "< 5" would each have to be 1, so the column is withheld ("–").
    # A year earlier only March 2023 had a visit: a small total, protected with its cell.
    assert rows[2][0].startswith("Voor publicatie. '< 5': minder dan 5; 'x': verborgen")
    assert rows[3] == ["Maand", "Contacten", "Een jaar eerder"]
    assert ["januari 2024", "–", "0"] in rows and ["maart 2024", "–", "< 5"] in rows
    assert ["september 2024", "–", "0"] in rows
    assert rows[-1] == ["Totaal", "8", "< 5"]


def test_period_within_a_month_compares_the_same_days_a_year_earlier(world):
    desk = world["desk"]
    for day in (D(2024, 3, 1), D(2024, 3, 5), D(2023, 3, 5), D(2023, 3, 25)):
        VisitFactory(desk=desk, date=day)
    figures = dashboard_figures(
        municipalities=Municipality.objects.filter(pk=world["municipality"].pk),
        start=D(2024, 3, 3),
        end=D(2024, 3, 10),
    )
    # 2024-03-05 and the fixture's 2024-03-10 are inside; 2024-03-01 is not. A year earlier
    # only 2023-03-05 counts (not 2023-03-01 or 2023-03-25), although all are in March.
    assert figures["visits"]["count"] == 2
    assert figures["monthly"] == [
        {"month": "2024-03", "label": "maart 2024", "count": 2, "previous": 1}
    ]
    assert figures["previous_year"] == {
        "start": "2023-03-03",
        "end": "2023-03-10",
        "visits": 1,
        "change": Decimal(1),
    }


def test_other_figure_families_against_hand_computed_values(db):
    from intake.models import LifeEvent

    nijkerk = Municipality.objects.get(cbs_code="GM0267")
    desk = DeskFactory(
        municipality=nijkerk,
        organisation=Organisation.objects.get(name="Adviespunt Scheiden, Kind en Ouderschap"),
        tariff_per_session_hour=80,
    )
    illness, moving = (LifeEvent.objects.get_or_create(name=n)[0] for n in ("Ziekte", "Verhuizing"))
    therapy = Organisation.objects.get(name="Villa Pinedo")
    specs = [  # channel, outcome, life events
        ("inloop", "doorverwezen", [illness, moving]),
        ("inloop", "op_weg_geholpen", [illness]),
        ("telefoon", "doorverwezen", []),
        ("email", "geen_vervolg", []),
    ]
    visits = [
        intake_services.visit_create(
            created_by=None,
            desk=desk,
            date=D(2024, 6, 1 + i),
            channel=channel,
            who_came="een_partner",
            women=1,
            question="twijfels",
            outcome=outcome,
            life_events=events,
        )
        for i, (channel, outcome, events) in enumerate(specs)
    ]
    for visit in (visits[0], visits[2]):
        intake_services.referral_add(
            owner=visit, to_organisation=therapy, warm_handover=True, date=visit.date
        )
    # One traject of 3 sessions of 90 minutes at € 80 an hour, stopped early: 4,5 h = € 360.
    traject = intake_services.traject_start(visit=visits[1])
    for n in range(3):
        intake_services.session_create(traject=traject, date=D(2024, 6, 10 + n))
    intake_services.traject_close(
        traject=traject, status="voortijdig_gestopt", closing_outcome="geen_vervolg"
    )
    ActivityFactory(desk=desk, date=D(2024, 6, 3), kind="webinar", attendees=20)
    ActivityFactory(desk=desk, date=D(2024, 6, 4), kind="webinar", attendees=15)
    ActivityFactory(desk=desk, date=D(2024, 6, 5), kind="consultatie", audience="professionals")
    ActivityFactory(desk=desk, date=D(2025, 1, 5), kind="webinar")  # outside the period
    figures = dashboard_figures(
        municipalities=Municipality.objects.filter(pk=nijkerk.pk),
        start=D(2024, 6, 1),
        end=D(2024, 6, 30),
    )
    counts = {
        family: {r["key"]: r["count"] for r in figures[family]}
        for family in ("channels", "outcomes", "life_events", "referred_to")
    }
    assert counts["channels"] == {"inloop": 2, "telefoon": 1, "email": 1}
    # Starting a traject from the second visit sets its outcome to "traject started".
    assert counts["outcomes"] == {"doorverwezen": 2, "traject_gestart": 1, "geen_vervolg": 1}
    assert counts["life_events"] == {"Ziekte": 2, "Verhuizing": 1}
    assert counts["referred_to"] == {"Villa Pinedo": 2}
    # The traject moves its visit to track B: 1 of 4.
    assert figures["visits"]["couples_share"] == 0
    assert figures["tracks"]["B_share"] == Decimal("0.25")
    trajects = figures["trajects"]
    assert (trajects["started"], trajects["stopped"], trajects["completed"]) == (1, 1, 0)
    assert figures["costs"]["total"] == 360 and figures["costs"]["per_traject"] == 360
    assert [
        (a["kind"], a["audience"], a["count"], a["attendees"]) for a in figures["activities"]
    ] == [
        ("consultatie met professionals", "professionals", 1, 12),
        ("webinar", "inwoners", 2, 35),
    ]


def test_budget_of_a_period_over_two_years_is_pro_rata(world):
    """Each year's budget counts for the days of the period in it (the letters' definition):
    184/366 of € 10,000 for 2024 and 181/365 of € 12,000 for 2025."""
    hia = world["municipality"]
    Budget.objects.update_or_create(
        municipality=hia, year=2025, defaults={"amount": 12000, "planned_trajects": 12}
    )
    figures = dashboard_figures(
        municipalities=Municipality.objects.filter(pk=hia.pk),
        start=D(2024, 7, 1),
        end=D(2025, 6, 30),
    )
    assert figures["costs"]["budget"] == 10978
    assert figures["costs"]["planned_trajects"] == 11


def test_several_municipalities_use_the_strictest_threshold(client, make_user, world):
    hia = world["municipality"]
    hia.small_count_threshold = 10
    hia.save()
    dordrecht = Municipality.objects.get(cbs_code="GM0505")
    client.force_login(make_user(Role.POLICY, municipalities=[hia, dordrecht]))
    params = {**PERIOD, "desk": world["desk"].pk, "tabel": "vragen", "formaat": "csv"}
    response = client.get(reverse("reports:export"), {**params, "publicatie": "1"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    # 6 strengthen/restore and 2 separation: both under 10 now.
    assert ["Relatieversterking of -herstel", "< 10"] in rows
    assert ["(Overweegt) scheiding", "< 10"] in rows


def test_desk_filter_is_in_the_file_name_and_header(policy, world):
    desk = world["desk"]
    desk.name = "Relatieloket Hendrik-Ido-Ambacht"
    desk.save()
    params = {**PERIOD, "desk": desk.pk, "tabel": "kanalen", "formaat": "csv"}
    response = policy.get(reverse("reports:export"), params)
    assert (
        "relatieloket_kanalen_alle_relatieloket-hendrik-ido-ambacht_2024-01-01_2024-12-31.csv"
        in response["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == [
        "Filter: Hendrik-Ido-Ambacht, loket Relatieloket Hendrik-Ido-Ambacht, "
        "2024-01-01 t/m 2024-12-31"
    ]


def _export(client, table, **extra):
    response = client.get(
        reverse("reports:export"), {**PERIOD, "tabel": table, "formaat": "xlsx", **extra}
    )
    assert response.status_code == 200
    return [
        list(r)
        for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(
            min_row=4, values_only=True
        )
    ]


def test_key_figures_export_exact_and_for_publication(policy, world):
    exact = dict(_export(policy, "kerncijfers"))
    assert exact["Contacten"] == 8 and exact["Spoor A"] == 6 and exact["Spoor B"] == 2
    assert (exact["Vrouwen"], exact["Mannen"], exact["Personen"]) == (7, 4, 11)
    assert exact["Kosten per traject"] == 1000
    published = dict(_export(policy, "kerncijfers", publicatie="1"))
    # Track B (2) is small; track A (6) is hidden with it, or 8 - 6 gives it away.
    assert (published["Contacten"], published["Spoor A"], published["Spoor B"]) == (8, "x", "< 5")
    # Women 7, men 4, other 0 of 11 persons: the 4 is small, so the 7 goes too.
    assert (published["Vrouwen"], published["Mannen"], published["Anders of onbekend"]) == (
        "x",
        "< 5",
        0,
    )
    # Two trajects: small, so costs per traject would give the number away.
    assert published["Trajecten gestart"] == "< 5"
    assert published["Kosten per traject"] == "–" and published["Budget"] == 10000
    numbers = [v for v in published.values() if isinstance(v, int)]
    assert not [n for n in numbers if 0 < n < 5]


def test_activities_export(policy, world):
    ActivityFactory(desk=world["desk"], date=D(2024, 4, 1), kind="webinar", attendees=30)
    ActivityFactory(desk=world["desk"], date=D(2024, 4, 2), kind="training", attendees=3)
    rows = _export(policy, "activiteiten")
    assert rows[0] == ["Soort", "Doelgroep", "Aantal", "Deelnemers"]
    assert ["training", "inwoners", 1, 3] in rows and rows[-1] == ["Totaal", None, 2, 33]
    published = _export(policy, "activiteiten", publicatie="1")
    assert ["training", "inwoners", "< 5", "< 5"] in published


def test_dashboard_speaks_english_after_the_switch_and_exports_stay_dutch(policy, world):
    from django.conf import settings

    policy.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = policy.get(reverse("reports:start"), PERIOD).content.decode()
    assert "Strengthening or restoring the relationship" in html and "March 2024" in html
    assert "Relatieversterking" not in html and "maart 2024" not in html
    response = policy.get(
        reverse("reports:export"), {**PERIOD, "tabel": "vragen", "formaat": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Relatieloket – Hulpvraag"]
    assert ["Relatieversterking of -herstel", "6"] in rows


@pytest.mark.parametrize("table", ["kerncijfers", "vragen", "per-maand", "activiteiten"])
def test_an_export_runs_a_bounded_number_of_queries(
    policy, world, table, django_assert_max_num_queries
):
    Visit.objects.bulk_create(
        Visit(
            desk=world["desk"],
            date=D(2024, 1, 1) + datetime.timedelta(days=i % 366),
            channel="inloop",
            who_came="een_partner",
            women=1,
            question="versterken",
            outcome="op_weg_geholpen",
        )
        for i in range(2_000)
    )
    call_command("rebuild_figures", stdout=io.StringIO())  # a bulk load past the services
    # One GROUP BY per figure family, whatever the data; two more for the visits per
    # municipality (whole months from the figures, the edge days from the visits); the report
    # lane's slot, statement timeout and transaction (savepoint and release in a test) add 5;
    # one more asks whether any desk has a tariff (costs without one read "geen tarief"); the
    # trajects and the outbound referrals take two each (whole months from their figures per
    # desk and month, the edge days from the rows).
    with django_assert_max_num_queries(25):
        response = policy.get(
            reverse("reports:export"),
            {**PERIOD, "tabel": table, "formaat": "xlsx", "publicatie": "1"},
        )
    assert response.status_code == 200


def test_outcome_export_keeps_the_traject_count_the_key_figures_show():
    from reports.dashboard.exports import table_rows

    figures = {
        "outcomes": [
            {"key": "op_weg_geholpen", "label": "op weg geholpen", "count": 30},
            {"key": "traject_gestart", "label": "traject gestart", "count": 6},
            {"key": "doorverwezen", "label": "doorverwezen", "count": 1},
        ]
    }
    _columns, rows, total = table_rows(figures, "uitkomsten", threshold=5, publication=True)
    # Hiding the 6 would not help: "Trajecten gestart 6" stands in the key figures.
    assert rows == [["op weg geholpen", "x"], ["traject gestart", 6], ["doorverwezen", "< 5"]]
    assert total == ["Totaal", 37]


def test_coordinator_sees_the_dashboard_of_their_own_desk_only(client, make_user, world):
    hia = world["municipality"]
    other_desk = DeskFactory(municipality=hia, name="Ander loket in HIA")
    VisitFactory(desk=other_desk, date=D(2024, 6, 1))
    client.force_login(make_user(Role.COORDINATOR, desks=[world["desk"]]))
    response = client.get(reverse("reports:start"), PERIOD)
    assert response.status_code == 200
    # Only the 8 visits of the own desk, not the one of the other desk in the same municipality.
    assert response.context["figures"]["visits"]["count"] == 8
    desks = response.context["form"].fields["desk"].queryset
    assert list(desks) == [world["desk"]]
    refused = client.get(reverse("reports:start"), {**PERIOD, "desk": other_desk.pk})
    assert "desk" in refused.context["form"].errors
    export = client.get(reverse("reports:export"), {**PERIOD, "tabel": "vragen", "formaat": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[-1] == ["Totaal", "8"]


def test_xlsx_cells_are_numbers_with_dutch_number_formats(policy, world):
    """Counts, amounts, averages and shares are numbers a spreadsheet can add up, shown in
    Dutch notation by their number format; the CSV says the same in Dutch text."""
    response = policy.get(
        reverse("reports:export"), {**PERIOD, "tabel": "kerncijfers", "formaat": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {row[0].value: row[1] for row in sheet.iter_rows(min_row=5) if row[0].value}
    expected = {
        "Contacten": (8, "#,##0"),
        "Gemiddeld aantal gesprekken per traject": (3.5, "#,##0.0"),
        "Feedback: antwoord op hun vraag": (None, "0%"),  # none in 2024: "–"
        "Kosten": (2000, "[$€-413] #,##0;[$€-413] -#,##0"),
        "Kosten per traject": (1000, "[$€-413] #,##0;[$€-413] -#,##0"),
        "Budget": (10000, "[$€-413] #,##0;[$€-413] -#,##0"),
        "Budget besteed": (0.2, "0%"),
        "Verschil met een jaar eerder": (7, "+0%;-0%;0%"),
    }
    for label, (value, number_format) in expected.items():
        cell = cells[label]
        if value is None:
            assert cell.value == "–" and cell.data_type == "s", label
            continue
        assert cell.data_type == "n" and cell.value == value, (label, cell.value)
        assert cell.number_format == number_format, (label, cell.number_format)
    monthly = load_workbook(
        io.BytesIO(
            policy.get(
                reverse("reports:export"), {**PERIOD, "tabel": "per-maand", "formaat": "xlsx"}
            ).content
        )
    ).active
    counts = [row[1] for row in monthly.iter_rows(min_row=5) if row[1].value is not None]
    assert counts and all(c.data_type == "n" and c.number_format == "#,##0" for c in counts)
    text = policy.get(
        reverse("reports:export"), {**PERIOD, "tabel": "kerncijfers", "formaat": "csv"}
    ).content.decode("utf-8-sig")
    rows = dict(row[:2] for row in csv.reader(io.StringIO(text), delimiter=";") if len(row) > 1)
    assert rows["Gemiddeld aantal gesprekken per traject"] == "3,5"
    assert (rows["Kosten"], rows["Budget besteed"]) == ("€ 2.000", "20%")
    assert rows["Verschil met een jaar eerder"] == "+700%"


def test_dashboard_formats_the_numbers_in_dutch(policy, world):
    html = policy.get(reverse("reports:start"), PERIOD).content.decode()
    for text in ("64% vrouwen", "3,5", "€ 2.000 / € 1.000", "€ 10.000 / 20%", "(+700%)"):
        assert text in html, text
