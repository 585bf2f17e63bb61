"""Visitors stay anonymous: no model can hold who they are, and no log repeats what they wrote."""

import logging
import re

import pytest
from django.apps import apps
from django.urls import reverse

from intake.models import Feedback, Visit
from referrals.models import Organisation
from relatieloket.roles import Role

from .factories import DeskFactory, FeedbackInvitationFactory

PROJECT_APPS = ("intake", "referrals", "reports", "relatieloket")

# Field names that suggest who a resident is: a name, BSN, address, birth date, phone number,
# e-mail address, postcode or bank account.
IDENTITY = re.compile(
    r"name|naam|bsn|burgerservice|address|adres|birth|geboorte|born|phone|telefoon|mobiel|"
    r"mobile|e_?mail|postcode|postal|zip|iban|rekening|bank_account|initials|voorletters",
    re.IGNORECASE,
)

# Fields that match but describe no resident. Each needs a reason.
NOT_A_RESIDENT = {
    # Places and organisations of the network, named so counsellors can choose them.
    ("intake.Desk", "name"): "the name of a desk (loket)",
    ("intake.Location", "name"): "the name of a desk's location, e.g. Brouwersdijk",
    ("intake.Location", "address"): "the street of a desk's location, shown to residents",
    ("referrals.Municipality", "name"): "the name of a municipality",
    ("referrals.Organisation", "name"): "the name of an organisation in the network",
    ("referrals.Organisation", "public_email"): "an organisation's public address (flyer)",
    ("referrals.Organisation", "public_phone"): "an organisation's public phone number",
    ("referrals.Organisation", "address"): "an organisation's visiting address (sociale kaart)",
    # Admin-managed lists and report definitions.
    ("intake.LifeEvent", "name"): "the name of a life event, e.g. Verhuizing",
    # Figures per desk and month: counts of visits by channel, never a contact detail.
    ("intake.VisitMonth", "channel_telefoon"): "the number of visits by phone in a month",
    ("intake.VisitMonth", "channel_email"): "the number of visits by e-mail in a month",
    ("intake.SessionTheme", "name"): "the name of a session theme, e.g. Communicatie",
    ("reports.Indicator", "name"): "the name of a reported indicator",
    # Staff accounts (counsellors, policy officers, council members), never residents.
    ("relatieloket.User", "username"): "login of a staff member",
    ("relatieloket.User", "first_name"): "first name of a staff member",
    ("relatieloket.User", "last_name"): "last name of a staff member",
    ("relatieloket.User", "email"): "e-mail address of a staff member",
}


def test_no_model_has_a_field_for_a_residents_identity():
    suspicious = []
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            for field in model._meta.get_fields(include_hidden=True):
                key = (model._meta.label, field.name)
                if IDENTITY.search(field.name) and key not in NOT_A_RESIDENT:
                    suspicious.append(key)
    assert suspicious == [], (
        f"fields that may identify a resident: {suspicious}; if one describes no resident, add "
        "it to NOT_A_RESIDENT with the reason"
    )


@pytest.mark.django_db
def test_refused_free_text_appears_in_no_log_record(client, make_user, caplog):
    sko = Organisation.objects.get(name="Adviespunt Scheiden, Kind en Ouderschap")
    desk = DeskFactory(organisation=sko)
    client.force_login(make_user(Role.COUNSELLOR, desks=[desk]))
    secret = "jan.jansen@example.nl"
    # Listen to everything, also the loggers the settings keep quiet (django.request).
    for logger in (None, "django", "django.request", "django.db.backends", "intake"):
        caplog.set_level(logging.DEBUG, logger=logger)

    response = client.post(
        reverse("intake:visit_create"),
        {
            "desk": desk.pk,
            "date": "2025-03-14",
            "channel": "inloop",
            "who_came": "een_partner",
            "women": "1",
            "men": "0",
            "other_gender": "0",
            "age_band": "35_44",
            "question": "twijfels",
            "track": "A",
            "outcome": "op_weg_geholpen",
            "notes": f"Mail het verslag naar {secret}",
        },
    )
    assert response.status_code == 200 and Visit.objects.count() == 0
    invitation = FeedbackInvitationFactory(desk=desk)
    client.logout()
    response = client.post(
        reverse("intake:feedback_form", args=[invitation.token]),
        {"got_answer": "ja", "rating": "8", "would_recommend": "True", "comment": f"{secret}"},
    )
    assert response.status_code == 200 and Feedback.objects.count() == 0

    leaks = [
        record.name
        for record in caplog.records
        if secret in record.getMessage() or secret in repr(record.__dict__)
    ]
    assert leaks == []
    assert secret not in caplog.text
