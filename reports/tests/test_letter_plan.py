"""A municipality's publication plan (issue 20): policy staff set it with a form and a
confirmation; letters over whole plan periods state their figures over time per plan period,
so the annual letter is the sum of the published quarters and adds no difference; a letter
outside the plan is protected as before, and the preview offers the aligned periods."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditEntry
from referrals.constants import Question
from referrals.models import Municipality
from relatieloket.roles import Role
from reports import services
from reports.constants import BlockKind, QuestionGrouping
from reports.letter import series_audit
from reports.letter.plan import plan_of, plan_periods
from reports.models import PublicationPlan
from reports.tests import test_letter_seeds as seeds
from reports.tests.test_letter_seeds import _blocks, _table, _visit

sko_desk = seeds.sko_desk  # the seeds' desk, as a fixture

pytestmark = pytest.mark.django_db

D = datetime.date
QUARTERS = [
    (D(2023, 1, 1), D(2023, 3, 31)),
    (D(2023, 4, 1), D(2023, 6, 30)),
    (D(2023, 7, 1), D(2023, 9, 30)),
    (D(2023, 10, 1), D(2023, 12, 31)),
]
BLOCKS = _blocks(
    BlockKind.VISITS_SUMMARY,
    BlockKind.QUESTION_SPLIT,
    BlockKind.MONTHLY,
    question_split={"grouping": QuestionGrouping.SEPARATED_OR_DOUBTS},
)


def _publish(municipality, title, start, end, blocks=BLOCKS):
    report = services.report_create(
        municipality=municipality, title=title, period_start=start, period_end=end, blocks=blocks
    )
    return services.report_publish(report=report, user=None)


def _a_steady_year(desk):
    """Six visits in every month of 2023: per month nothing is small."""
    for month in range(1, 13):
        for n, day in enumerate((1, 5, 9, 13, 17, 21)):
            question = Question.SEPARATING if n % 2 else Question.DOUBTS
            _visit(desk, D(2023, month, day), question=question)
    return desk.municipality


def test_the_annual_letter_of_a_quarter_plan_is_the_sum_of_its_quarters(sko_desk):
    dordrecht = _a_steady_year(sko_desk)
    services.plan_save(municipality=dordrecht, grain=PublicationPlan.Grain.QUARTER)
    quarters = [
        _publish(dordrecht, f"Kwartaalbrief {n}", start, end)
        for n, (start, end) in enumerate(QUARTERS, 1)
    ]
    frozen = [(q.html, q.snapshot) for q in quarters]
    annual = _publish(dordrecht, "Jaarbrief 2023", D(2023, 1, 1), D(2023, 12, 31))
    # Per quarter, as the plan publishes, each row the total of a published quarter letter.
    rows = _table(annual, "Bezoeken per kwartaal")
    stated = [_table(q, "Bezoeken naar hulpvraag")[-1][1] for q in quarters]
    assert [value for _label, value in rows[:-1]] == stated
    assert rows[-1] == ["Totaal", "72"]
    notes = [note for block in annual.snapshot["protection"] for note in block["notes"]]
    assert any("publicatieplan (per kwartaal)" in note for note in notes), notes
    # The sum of published parts: the year states its visits exactly, no band, and the
    # series gives no small count away.
    assert _table(annual, "Bezoeken naar hulpvraag")[-1] == ["Totaal", "72"]
    assert not any(" à " in note for note in notes)
    assert series_audit(report=annual) == []
    for report, before in zip(quarters, frozen, strict=True):
        report.refresh_from_db()
        assert (report.html, report.snapshot) == before


def test_without_a_plan_the_annual_letter_may_count_per_month(sko_desk):
    """The same year without a plan: the grain that hides the fewest cells, months first."""
    dordrecht = _a_steady_year(sko_desk)
    annual = _publish(dordrecht, "Jaarbrief 2023", D(2023, 1, 1), D(2023, 12, 31))
    assert len(_table(annual, "Bezoeken per maand")) == 13


def test_a_letter_outside_the_plan_is_protected_and_offered_the_aligned_periods(
    sko_desk, role_client
):
    dordrecht = _a_steady_year(sko_desk)
    services.plan_save(municipality=dordrecht, grain=PublicationPlan.Grain.QUARTER)
    for n, (start, end) in enumerate(QUARTERS[:3], 1):
        _publish(dordrecht, f"Kwartaalbrief {n}", start, end)
    interim = services.report_create(
        municipality=dordrecht,
        title="Tussenstand 2023",
        period_start=D(2023, 1, 1),
        period_end=D(2023, 11, 30),
        blocks=BLOCKS,
    )
    client = role_client(Role.POLICY, municipalities=[dordrecht])
    page = client.get(reverse("reports:council_preview", args=[interim.pk])).content.decode()
    assert "valt buiten het publicatieplan (per kwartaal)" in page
    edit = reverse("reports:council_edit", args=[interim.pk])
    for start, end in (("2023-01-01", "2023-09-30"), ("2023-01-01", "2023-12-31")):
        assert f"{edit}?period_start={start}&amp;period_end={end}" in page
    # The button fills in the form; saving keeps the period.
    filled = client.get(f"{edit}?period_start=2023-01-01&period_end=2023-09-30")
    form = filled.context["form"]
    assert form["period_end"].value() == D(2023, 9, 30)
    assert "De periode uit het voorbeeld is ingevuld" in filled.content.decode()
    # A proposal that is no period is ignored: the saved period stays in the form.
    ignored = client.get(f"{edit}?period_start=2023-01-01&period_end=gisteren")
    assert ignored.context["form"]["period_end"].value() == D(2023, 11, 30)
    # Outside the plan the letter is still published, protected as any letter.
    published = services.report_publish(report=interim, user=None)
    assert series_audit(report=published) == []


# -- the form ------------------------------------------------------------------------------


def test_policy_staff_set_a_plan_with_a_confirmation(role_client, dordrecht):
    client = role_client(Role.POLICY, municipalities=[dordrecht])
    url = reverse("reports:council_plan", args=[dordrecht.pk])
    page = client.get(url).content.decode()
    assert "Publicatieplan van Dordrecht" in page and "Er is nog geen plan" in page
    # A period of its own needs its months and first day, on the first of a month.
    response = client.post(url, {"grain": "free", "months": "", "first_period_start": ""})
    errors = response.context["form"].errors
    assert "months" in errors and "first_period_start" in errors
    assert "Geef het aantal maanden van een periode (1 tot en met 24)." in response.content.decode()
    response = client.post(
        url, {"grain": "free", "months": "4", "first_period_start": "15-10-2023"}
    )
    assert "begint op de eerste dag van een maand" in response.content.decode()
    response = client.post(url, {"grain": "free", "months": "30", "first_period_start": ""})
    assert "months" in response.context["form"].errors
    # A valid plan is shown for confirmation first, with its periods of this year.
    response = client.post(url, {"grain": "quarter"})
    assert response.status_code == 200 and not PublicationPlan.objects.exists()
    confirm = response.content.decode()
    assert "Bevestig het plan" in confirm and "Dordrecht publiceert per kwartaal" in confirm
    assert len(response.context["confirming"]) == 4
    # "Change" goes back to the form with what was chosen.
    back = client.post(url, {"grain": "quarter", "edit": "1"})
    assert back.context["confirming"] is None and not PublicationPlan.objects.exists()
    response = client.post(url, {"grain": "quarter", "confirm": "1"})
    assert response.status_code == 302
    plan = PublicationPlan.objects.get(municipality=dordrecht)
    assert (plan.grain, plan.months, plan.first_period_start) == ("quarter", None, None)
    entry = AuditEntry.objects.filter(object_id=str(plan.pk)).get()
    assert entry.actor == client.user and entry.fields == ["grain", "municipality"]
    listing = client.get(reverse("reports:council_list")).content.decode()
    assert "Dordrecht: per kwartaal" in listing
    # Changing it: a pilot's periods of four months from October, confirmed.
    response = client.post(
        url, {"grain": "free", "months": "4", "first_period_start": "1-10-2023", "confirm": "1"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.grain, plan.months, plan.first_period_start) == ("free", 4, D(2023, 10, 1))
    page = client.get(url).content.decode()
    assert "per periode van 4 maanden (een periode begint in oktober)" in page


def test_the_plan_of_another_municipality_is_not_found(role_client, dordrecht):
    other = Municipality.objects.create(name="Elders", cbs_code="GM9998")
    client = role_client(Role.POLICY, municipalities=[dordrecht])
    assert client.get(reverse("reports:council_plan", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("reports:council_plan", args=[other.pk]), {"grain": "year", "confirm": "1"}
    )
    assert response.status_code == 404 and not PublicationPlan.objects.exists()


def test_the_database_keeps_a_plan_whole(dordrecht):
    for fields in (
        {"grain": "free", "months": None, "first_period_start": D(2023, 10, 1)},
        {"grain": "free", "months": 25, "first_period_start": D(2023, 10, 1)},
        {"grain": "quarter", "months": 3, "first_period_start": None},
        {"grain": "weekly"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            PublicationPlan.objects.create(municipality=dordrecht, **fields)
    PublicationPlan.objects.create(municipality=dordrecht, grain="year")
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicationPlan.objects.create(municipality=dordrecht, grain="quarter")
    with pytest.raises(ValidationError):
        services.plan_save(municipality=dordrecht, grain="free", months=4)


def test_a_plan_of_its_own_makes_its_periods_and_the_nearest_aligned_ones(dordrecht):
    """A pilot publishing every four months from October 2023: Oct–Jan, Feb–May, Jun–Sep."""
    services.plan_save(
        municipality=dordrecht,
        grain=PublicationPlan.Grain.FREE,
        months=4,
        first_period_start=D(2023, 10, 1),
    )
    plan = plan_of(dordrecht)
    assert plan.contains(D(2023, 10, 1), D(2024, 1, 31))
    assert plan.contains(D(2024, 2, 1), D(2024, 9, 30))  # two periods
    assert not plan.contains(D(2024, 1, 1), D(2024, 12, 31))
    assert plan.alternatives(D(2024, 1, 1), D(2024, 12, 31)) == [
        (D(2024, 2, 1), D(2024, 9, 30)),
        (D(2023, 10, 1), D(2025, 1, 31)),
    ]
    assert [p["period"] for p in plan_periods(plan, 2024)] == [
        "1 februari 2024 tot en met 31 mei 2024",
        "1 juni 2024 tot en met 30 september 2024",
        "1 oktober 2024 tot en met 31 januari 2025",
    ]
    services.plan_save(municipality=dordrecht, grain=PublicationPlan.Grain.HALF_YEAR)
    plan = plan_of(dordrecht)
    assert plan.contains(D(2024, 7, 1), D(2024, 12, 31))
    assert plan.alternatives(D(2024, 1, 1), D(2024, 11, 30)) == [
        (D(2024, 1, 1), D(2024, 6, 30)),
        (D(2024, 1, 1), D(2024, 12, 31)),
    ]
    assert PublicationPlan.objects.get().months is None  # a fixed grain keeps no months


def _steady_months(desk, first, months):
    """Six visits in each of `months` months from `first`."""
    day = first
    for _ in range(months):
        for n, date in enumerate((1, 5, 9, 13, 17, 21)):
            question = Question.SEPARATING if n % 2 else Question.DOUBTS
            _visit(desk, day.replace(day=date), question=question)
        day = (day + datetime.timedelta(days=31)).replace(day=1)
    return desk.municipality


def _notes(report):
    return [note for block in report.snapshot["protection"] for note in block["notes"]]


def test_a_plan_of_its_own_counts_per_plan_period(sko_desk):
    """A pilot publishing every four months from October: its letters count per period of
    the plan (Oct–Jan, Feb–May), not per year; the note says why and nothing else."""
    dordrecht = _steady_months(sko_desk, D(2023, 10, 1), 12)
    services.plan_save(
        municipality=dordrecht,
        grain=PublicationPlan.Grain.FREE,
        months=4,
        first_period_start=D(2023, 10, 1),
    )
    first = _publish(dordrecht, "Eerste periode", D(2023, 10, 1), D(2024, 1, 31))
    frozen = (first.html, first.snapshot)
    letter = _publish(dordrecht, "Pilot tot juni", D(2023, 10, 1), D(2024, 5, 31))
    rows = _table(letter, "Bezoeken per periode van 4 maanden")
    assert rows == [["okt. 2023–jan. 2024", "24"], ["feb.–mei 2024", "24"], ["Totaal", "48"]]
    # The first row is the whole first letter: the two add no difference.
    assert _table(first, "Bezoeken naar hulpvraag")[-1] == ["Totaal", "24"]
    text = seeds._text(letter)
    assert "het aantal bezoeken per periode van 4 maanden." in text, text
    notes = _notes(letter)
    assert any("publicatieplan (per periode van 4 maanden" in note for note in notes), notes
    assert not any("minste cellen" in note for note in notes), notes
    assert series_audit(report=letter) == []
    # A year outside the plan: its months at the ends of the plan's periods, not years.
    year = _publish(dordrecht, "Jaar 2024", D(2024, 1, 1), D(2024, 9, 30))
    assert [label for label, _n in _table(year, "Bezoeken per periode van 4 maanden")] == [
        "jan. 2024",
        "feb.–mei 2024",
        "jun.–sep. 2024",
        "Totaal",
    ]
    assert series_audit(report=year) == []
    first.refresh_from_db()
    assert (first.html, first.snapshot) == frozen


def test_a_quarter_plan_notes_only_the_plan(sko_desk):
    """The annual letter of a quarter plan counts per quarter because of the plan: the note
    that quarters hide the fewest cells would not be true."""
    dordrecht = _a_steady_year(sko_desk)
    services.plan_save(municipality=dordrecht, grain=PublicationPlan.Grain.QUARTER)
    annual = _publish(dordrecht, "Jaarbrief 2023", D(2023, 1, 1), D(2023, 12, 31))
    notes = _notes(annual)
    assert any("publicatieplan (per kwartaal)" in note for note in notes), notes
    assert not any("minste cellen" in note for note in notes), notes
