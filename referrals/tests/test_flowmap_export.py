"""The flow map's figures as a CSV file: every flow of the period, as the table shows them."""

import csv
import io

import pytest
from django.urls import reverse

from referrals.models import Organisation

from .test_flowmap import PERIOD, SKO, flows, orgs, policy  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_the_flow_map_exports_every_flow_as_csv(flows, policy):  # noqa: F811
    page = policy.get(reverse("referrals:flow_map"), PERIOD).content.decode()
    assert 'data-testid="flow-csv"' in page and "formaat=csv" in page
    response = policy.get(reverse("referrals:flow_map"), {**PERIOD, "formaat": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="verwijsstromen-20240101-20241231.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Van", "Naar", "Aantal", "Warme overdracht (%)"],
        ["Huisarts", SKO, "3", "67"],
        ["Praktijkondersteuner huisarts Jeugd (POH Jeugd)", SKO, "2", "0"],
        [SKO, "ScheidingsAtlas", "1", "0"],
        [SKO, "Villa Pinedo", "1", "100"],
    ]


def test_a_formula_like_name_is_text_in_the_export(flows, policy):  # noqa: F811
    Organisation.objects.filter(name="Huisarts").update(name="=HYPERLINK(1)")
    response = policy.get(reverse("referrals:flow_map"), {**PERIOD, "formaat": "csv"})
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_only_policy_staff_export(client, make_user, flows):  # noqa: F811
    from relatieloket.roles import Role

    client.force_login(make_user(Role.COUNSELLOR))
    response = client.get(reverse("referrals:flow_map"), {**PERIOD, "formaat": "csv"})
    assert response.status_code == 403
