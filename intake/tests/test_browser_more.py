"""In Chromium: activities, an outbound referral from a visit, the one-time questionnaire,
the coordinator's locations and walk-in hours."""

import pytest

from intake import services
from intake.models import Activity, Feedback, FeedbackInvitation, Location, WeeklyHour
from referrals.models import Organisation, Referral
from relatieloket.roles import Role
from relatieloket.testing import assert_no_axe_violations, browser_login

from .factories import DeskFactory, LocationFactory, VisitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_activity_referral_and_one_time_questionnaire(page, live_server, make_user, dordrecht):
    sko, _ = Organisation.objects.get_or_create(
        name="Adviespunt Scheiden, Kind en Ouderschap", defaults={"kind": "adviespunt_sko"}
    )
    villa, _ = Organisation.objects.get_or_create(name="Villa Pinedo", defaults={"kind": "overig"})
    desk = DeskFactory(name="Adviespunt SKO Dordrecht", municipality=dordrecht, organisation=sko)
    location = LocationFactory(desk=desk, name="Brouwersdijk")
    visit = VisitFactory(desk=desk, location=location, notes="")
    make_user(Role.COUNSELLOR, username="hanna", desks=[desk])
    browser_login(page, live_server, "hanna")

    # The traject list with its look-up and filters, and the visit list.
    for path in ("trajecten/", "trajecten/?start=2020-01-01&end=2030-01-01", "contacten/"):
        page.goto(f"{live_server.url}/loket/{path}")
        assert_no_axe_violations(page)

    # A traject with one session: its detail, change and delete pages, and the session's.
    traject = services.traject_start(visit=VisitFactory(desk=desk, location=location))
    session = services.session_create(traject=traject, date=traject.started_on)
    for path in (
        f"trajecten/{traject.pk}/",
        f"trajecten/{traject.pk}/wijzigen/",
        f"trajecten/{traject.pk}/verwijderen/",
        f"gesprekken/{session.pk}/wijzigen/",
        f"gesprekken/{session.pk}/verwijderen/",
    ):
        page.goto(f"{live_server.url}/loket/{path}")
        assert_no_axe_violations(page)

    # An activity: a webinar for residents with 23 attendees.
    page.goto(f"{live_server.url}/loket/activiteiten/")
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/loket/activiteiten/nieuw/")
    assert_no_axe_violations(page)
    page.locator("input[name=kind][value=webinar]").check()
    page.locator("input[name=audience][value=inwoners]").check()
    page.locator("input[name=attendees]").fill("23")
    page.locator("input[name=title]").fill("Webinar scheiden en kinderen")
    with page.expect_navigation():
        page.locator("form button[type=submit].btn-primary").click()
    activity = Activity.objects.get()
    assert (activity.kind, activity.audience, activity.attendees) == ("webinar", "inwoners", 23)
    assert page.get_by_text("Webinar scheiden en kinderen").is_visible()
    assert_no_axe_violations(page)

    # The visit detail: a warm outbound referral to Villa Pinedo.
    page.goto(f"{live_server.url}/loket/contacten/{visit.pk}/")
    assert_no_axe_violations(page)
    page.locator("select[name=to_organisation]").select_option(str(villa.pk))
    page.locator("input[name=warm_handover]").check()
    with page.expect_navigation():
        page.locator("form[action$='/doorverwijzen/'] button[type=submit]").click()
    referral = Referral.objects.get()
    assert (referral.from_organisation, referral.to_organisation, referral.warm_handover) == (
        sko,
        villa,
        True,
    )
    assert list(visit.referrals.all()) == [referral]
    assert page.locator("main").get_by_text("Villa Pinedo").first.is_visible()
    assert_no_axe_violations(page)

    # A one-time questionnaire link with its QR code.
    page.goto(f"{live_server.url}/loket/contacten/{visit.pk}/")
    with page.expect_navigation():
        page.locator("form[action$='/vragenlijst/'] button[type=submit]").click()
    assert page.locator("svg").first.is_visible()
    url = page.locator("#feedback-url").input_value()
    assert_no_axe_violations(page)

    # The resident answers without logging in; the link works once.
    page.context.clear_cookies()
    page.goto(url)
    assert_no_axe_violations(page)
    page.locator("input[name=got_answer][value=ja]").check()
    page.locator("input[name=rating]").fill("9")
    page.locator("input[name=would_recommend][value=True]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Versturen").click()
    assert_no_axe_violations(page)
    feedback = Feedback.objects.get()
    assert (feedback.got_answer, feedback.rating, feedback.would_recommend) == ("ja", 9, True)
    assert FeedbackInvitation.objects.get().used_at is not None
    response = page.goto(url)
    assert response.status == 404
    assert page.locator("h1").is_visible()
    assert_no_axe_violations(page)


def test_coordinator_manages_locations_and_walk_in_hours(page, live_server, make_user, dordrecht):
    desk = DeskFactory(name="Adviespunt SKO Dordrecht", municipality=dordrecht)
    make_user(Role.COORDINATOR, username="cora", desks=[desk])
    browser_login(page, live_server, "cora")

    page.get_by_role("link", name="Locaties en spreekuren").click()
    page.wait_for_load_state("networkidle")
    assert_no_axe_violations(page)

    # Add the Brouwersdijk, then its Friday walk-in hour 10:00–12:00.
    page.get_by_role("link", name="Locatie toevoegen").click()
    page.wait_for_load_state("networkidle")
    assert_no_axe_violations(page)
    page.locator("input[name=name]").fill("Brouwersdijk")
    page.locator("input[name=address]").fill("Brouwersdijk 100")
    with page.expect_navigation():
        page.get_by_role("button", name="Locatie opslaan").click()
    assert page.get_by_text("Locatie Brouwersdijk toegevoegd.").is_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Inloopspreekuur toevoegen").click()
    page.wait_for_load_state("networkidle")
    assert_no_axe_violations(page)
    page.locator("input[name=weekday][value='5']").check()
    page.locator("input[name=start]").fill("12:00")
    page.locator("input[name=end]").fill("10:00")
    with page.expect_navigation():
        page.get_by_role("button", name="Inloopspreekuur opslaan").click()
    # Next to the end time, and in the error summary as a link to it.
    message = "Het inloopspreekuur moet eindigen na het begin."
    assert page.get_by_text(message, exact=True).is_visible()
    assert page.locator('[data-error-summary] a[href="#id_end"]').inner_text().endswith(message)
    assert_no_axe_violations(page)
    page.locator("input[name=start]").fill("10:00")
    page.locator("input[name=end]").fill("12:00")
    with page.expect_navigation():
        page.get_by_role("button", name="Inloopspreekuur opslaan").click()
    hour = WeeklyHour.objects.get()
    assert (hour.location.name, hour.weekday) == ("Brouwersdijk", 5)
    assert_no_axe_violations(page)

    location = Location.objects.get()
    for path in (f"locaties/{location.pk}/wijzigen/", f"spreekuren/{hour.pk}/verwijderen/"):
        page.goto(f"{live_server.url}/loket/{path}")
        assert_no_axe_violations(page)
