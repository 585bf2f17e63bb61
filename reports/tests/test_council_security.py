"""Council letters and the security baseline: the text is checked like every free text (the
public contact details of the sociale kaart excepted), periods stay within a sensible range,
and every write of a letter is in the audit trail."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from referrals.models import Organisation
from relatieloket.roles import Role
from reports.models import CouncilReport

from .test_council import _form_data, hia, policy  # noqa: F401

pytestmark = pytest.mark.django_db


def _create(client, hia, **extra):  # noqa: F811
    return client.post(reverse("reports:council_create"), _form_data(hia, **extra))


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("information", "Een bezoeker met BSN 111222333 kwam terug."),
        ("reason", "Bel de moeder op 078-6123456."),
        ("title", "Motie over NL91ABNA0417164300"),
        ("contact_person", "mw. de Vries, jan [at] example [dot] nl"),
    ],
)
def test_identifying_text_is_refused_and_nothing_is_saved(policy, hia, field, text):  # noqa: F811
    response = _create(policy, hia, **{field: text})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert "Bezoekers blijven anoniem" in " ".join(errors[field])
    assert not CouncilReport.objects.exists()


def test_an_organisations_public_email_may_be_quoted(policy, hia):  # noqa: F811
    sko = Organisation.objects.filter(public_email__iexact="adviespuntSKO@drechtsteden.nl").first()
    assert sko is not None, "the seed migration gives the Adviespunt SKO its public e-mail"
    sko.municipalities.add(hia)
    text = "Inwoners kunnen mailen naar adviespuntSKO@drechtsteden.nl, zoals op de flyer."
    assert _create(policy, hia, information=text).status_code == 302
    assert CouncilReport.objects.get().information == text
    # Any other address is still refused.
    response = _create(policy, hia, information="Mail naar piet.jansen@example.nl.")
    assert "information" in response.context["form"].errors


def test_an_edit_with_identifying_text_is_refused(policy, hia):  # noqa: F811
    assert _create(policy, hia).status_code == 302
    report = CouncilReport.objects.get()
    response = policy.post(
        reverse("reports:council_edit", args=[report.pk]),
        _form_data(hia, next_steps="Het IBAN NL91 ABNA 0417 1643 00 staat in het dossier."),
    )
    assert response.status_code == 200
    assert "next_steps" in response.context["form"].errors
    report.refresh_from_db()
    assert report.next_steps == "Wij informeren u over een jaar opnieuw."


@pytest.mark.parametrize(
    ("start", "end"),
    [("0001-01-01", "2024-06-30"), ("2024-01-01", "9999-12-31"), ("1999-12-31", "2024-06-30")],
)
def test_extreme_periods_are_form_errors(policy, hia, start, end):  # noqa: F811
    response = _create(policy, hia, period_start=start, period_end=end)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"period_start", "period_end"} & set(errors)
    assert not CouncilReport.objects.exists()


def test_every_write_of_a_letter_is_audited(policy, hia):  # noqa: F811
    assert _create(policy, hia).status_code == 302
    report = CouncilReport.objects.get()
    urls = {
        "edit": reverse("reports:council_edit", args=[report.pk]),
        "block": reverse("reports:council_block_add", args=[report.pk]),
        "publish": reverse("reports:council_publish", args=[report.pk]),
        "correct": reverse("reports:council_correct", args=[report.pk]),
    }
    policy.post(urls["edit"], _form_data(hia, title="Een andere titel"))
    policy.post(urls["block"], {"heading": "information", "kind": "visits_summary"})
    assert policy.post(urls["publish"]).status_code == 302
    assert policy.post(urls["correct"]).status_code == 302
    correction = CouncilReport.objects.get(replaces=report)
    delete = reverse("reports:council_delete", args=[correction.pk])
    assert policy.post(delete).status_code == 302
    entries = list(
        AuditEntry.objects.filter(content_type__model="councilreport")
        .order_by("pk")
        .values_list("action", "object_id", "fields", "actor_username")
    )
    who = policy.user.username
    assert [(a, o, w) for a, o, _f, w in entries] == [
        ("create", str(report.pk), who),
        ("update", str(report.pk), who),
        ("update", str(report.pk), who),
        ("publish", str(report.pk), who),
        ("correct", str(correction.pk), who),
        ("delete", str(correction.pk), who),
    ]
    assert entries[1][2] == ["title"]
    assert entries[2][2] == ["blocks"]
    # Names of fields only: the letter's text is never in the trail.
    assert all("titel" not in str(fields) for _a, _o, fields, _w in entries)


def test_the_admin_shows_letters_read_only_and_deletes_drafts_through_the_service(
    client,
    make_user,
    hia,  # noqa: F811
):
    from reports import services

    report = services.report_create(
        municipality=hia, title="Concept", period_start=_d(2024, 1, 1), period_end=_d(2024, 6, 30)
    )
    client.force_login(make_user(Role.ADMIN, username="beheer"))
    change = reverse("admin:reports_councilreport_change", args=[report.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    assert client.post(change, {"title": "Anders"}).status_code == 403
    assert client.get(reverse("admin:reports_councilreport_add")).status_code == 403
    delete = reverse("admin:reports_councilreport_delete", args=[report.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not CouncilReport.objects.filter(pk=report.pk).exists()
    assert AuditEntry.objects.filter(
        content_type__model="councilreport", object_id=str(report.pk), action="delete"
    ).exists()


def _d(*args):
    import datetime

    return datetime.date(*args)
