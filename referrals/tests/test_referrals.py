"""Partner returns, the social map and the flow map."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from referrals import selectors, services
from referrals.models import Municipality, Organisation, PartnerReturn, Referral
from relatieloket.roles import Role

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def orgs(db):
    return {o.name: o for o in Organisation.objects.all()}


@pytest.fixture
def dordrecht(db):
    return Municipality.objects.get(cbs_code="GM0505")


@pytest.fixture
def policy(client, make_user, dordrecht):
    client.force_login(make_user(Role.POLICY, municipalities=[dordrecht]))
    return client


SEED_RETURNS = [
    ("2021-10-01", "2022-09-30", 15, 12, 3),
    ("2023-01-01", "2023-12-31", 18, 17, 1),
    ("2024-01-01", "2024-06-30", 4, 4, 0),
]


def test_seed_figures_of_poh_ggz_jeugd_are_entered_and_come_back_exactly(policy, orgs, dordrecht):
    poh = orgs["POH GGZ Jeugd Dordrecht"]
    for start, end, persons, helped, referred in SEED_RETURNS:
        response = policy.post(
            reverse("referrals:return_create"),
            {
                "organisation": poh.pk,
                "municipality": dordrecht.pk,
                "period_start": start,
                "period_end": end,
                "persons": persons,
                "helped": helped,
                "referred_on": referred,
            },
        )
        assert response.status_code == 302, response.content.decode()
        assert "Periodieke opgave opgeslagen." in policy.get(response["Location"]).content.decode()
    stored = [
        (r.period_start.isoformat(), r.period_end.isoformat(), r.persons, r.helped, r.referred_on)
        for r in PartnerReturn.objects.order_by("period_start")
    ]
    assert stored == SEED_RETURNS
    page = policy.get(reverse("referrals:return_list")).content.decode()
    assert "01-10-2021 – 30-09-2022" in page


def test_return_list_filters_by_organisation_and_year_and_paginates(policy, orgs, dordrecht):
    from referrals import demo

    demo.seed()
    url = reverse("referrals:return_list")
    poh = orgs["POH GGZ Jeugd Dordrecht"]

    def periods(params):
        page = policy.get(url, params).context["page"]
        return [(r.period_start.isoformat(), r.persons) for r in page.object_list]

    assert periods({"year": 2022}) == [("2021-10-01", 15)]
    assert periods({"year": 2024, "organisation": poh.pk}) == [("2024-01-01", 4)]
    assert periods({"organisation": orgs["POH GGZ Volwassenen"].pk}) == []
    assert "Geen periodieke opgaven." in policy.get(url, {"year": 2019}).content.decode()
    volwassenen = orgs["POH GGZ Volwassenen"]
    for month in range(1, 13):
        start = D(2020, month, 1)
        services.partner_return_save(
            partner_return=_return(
                volwassenen, dordrecht, start, start + datetime.timedelta(days=20)
            )
        )
    for year in range(2009, 2020):
        services.partner_return_save(
            partner_return=_return(volwassenen, dordrecht, D(year, 1, 1), D(year, 12, 31))
        )
    first = policy.get(url)
    assert first.context["page"].paginator.count == 26
    assert len(first.context["page"].object_list) == 25
    second = policy.get(url, {"page": 2}).context["page"]
    assert [r.period_start.isoformat() for r in second.object_list] == ["2009-01-01"]
    assert "Pagina 1 van 2" in first.content.decode()


def test_demo_returns_are_the_seed_figures_and_idempotent(dordrecht):
    from referrals import demo

    demo.seed()
    demo.seed()
    stored = [
        (
            r.organisation.name,
            r.municipality.cbs_code,
            r.period_start.isoformat(),
            r.period_end.isoformat(),
            r.persons,
            r.helped,
            r.referred_on,
        )
        for r in PartnerReturn.objects.order_by("period_start")
    ]
    assert stored == [("POH GGZ Jeugd Dordrecht", "GM0505", *row) for row in SEED_RETURNS]


def test_edit_and_delete_a_return_with_confirmation(policy, orgs, dordrecht):
    poh = orgs["POH GGZ Jeugd Dordrecht"]
    partner_return = services.partner_return_save(
        partner_return=_return(poh, dordrecht, D(2023, 1, 1), D(2023, 12, 31), 18, 17, 1)
    )
    data = {
        "organisation": poh.pk,
        "municipality": dordrecht.pk,
        "period_start": "2023-01-01",
        "period_end": "2023-12-31",
        "persons": 18,
        "helped": 16,
        "referred_on": 2,
    }
    # Editing its own period is not an overlap with itself.
    response = policy.post(reverse("referrals:return_edit", args=[partner_return.pk]), data)
    assert response.status_code == 302
    partner_return.refresh_from_db()
    assert (partner_return.helped, partner_return.referred_on) == (16, 2)
    delete_url = reverse("referrals:return_delete", args=[partner_return.pk])
    assert policy.get(delete_url).status_code == 200
    assert PartnerReturn.objects.count() == 1
    response = policy.post(delete_url, follow=True)
    assert "Periodieke opgave verwijderd." in response.content.decode()
    assert PartnerReturn.objects.count() == 0


def test_policy_staff_of_another_municipality_get_404_on_a_return(client, make_user, orgs):
    dordrecht_return = services.partner_return_save(
        partner_return=_return(
            orgs["POH GGZ Jeugd Dordrecht"],
            Municipality.objects.get(cbs_code="GM0505"),
            D(2023, 1, 1),
            D(2023, 12, 31),
        )
    )
    nijkerk = Municipality.objects.get(cbs_code="GM0267")
    client.force_login(make_user(Role.POLICY, municipalities=[nijkerk]))
    assert list(client.get(reverse("referrals:return_list")).context["page"].object_list) == []
    for name in ("referrals:return_edit", "referrals:return_delete"):
        assert client.get(reverse(name, args=[dordrecht_return.pk])).status_code == 404
    assert (
        client.post(reverse("referrals:return_delete", args=[dordrecht_return.pk])).status_code
        == 404
    )
    assert PartnerReturn.objects.count() == 1


def _return(poh, municipality, start, end, persons=10, helped=5, referred=5):
    return PartnerReturn(
        organisation=poh,
        municipality=municipality,
        period_start=start,
        period_end=end,
        persons=persons,
        helped=helped,
        referred_on=referred,
    )


def test_parts_never_exceed_the_whole(orgs, dordrecht):
    poh = orgs["POH GGZ Jeugd Dordrecht"]
    with pytest.raises(ValidationError):
        services.partner_return_save(
            partner_return=_return(poh, dordrecht, D(2023, 1, 1), D(2023, 12, 31), 10, 8, 3)
        )
    with pytest.raises(ValidationError):
        services.partner_return_save(
            partner_return=_return(poh, dordrecht, D(2023, 12, 31), D(2023, 1, 1))
        )
    assert PartnerReturn.objects.count() == 0


def test_overlapping_periods_are_refused_and_adjacent_ones_allowed(orgs, dordrecht):
    poh = orgs["POH GGZ Jeugd Dordrecht"]
    services.partner_return_save(
        partner_return=_return(poh, dordrecht, D(2023, 1, 1), D(2023, 12, 31))
    )
    with pytest.raises(ValidationError) as exc:
        services.partner_return_save(
            partner_return=_return(poh, dordrecht, D(2023, 6, 1), D(2024, 5, 31))
        )
    assert "01-01-2023" in str(exc.value)
    services.partner_return_save(
        partner_return=_return(poh, dordrecht, D(2024, 1, 1), D(2024, 6, 30))
    )
    other = orgs["POH GGZ Volwassenen"]
    services.partner_return_save(
        partner_return=_return(other, dordrecht, D(2023, 6, 1), D(2023, 7, 1))
    )
    assert PartnerReturn.objects.count() == 3


def test_overlap_refused_through_http_with_a_dutch_message(policy, orgs, dordrecht):
    poh = orgs["POH GGZ Jeugd Dordrecht"]
    services.partner_return_save(
        partner_return=_return(poh, dordrecht, D(2023, 1, 1), D(2023, 12, 31))
    )
    response = policy.post(
        reverse("referrals:return_create"),
        {
            "organisation": poh.pk,
            "municipality": dordrecht.pk,
            "period_start": "2023-03-01",
            "period_end": "2023-03-31",
            "persons": 2,
            "helped": 2,
            "referred_on": 0,
        },
    )
    assert response.status_code == 200
    assert "overlapt" in response.content.decode()
    assert PartnerReturn.objects.count() == 1


def test_partner_user_enters_returns_for_own_organisation_only(client, make_user, orgs, dordrecht):
    poh = orgs["POH GGZ Jeugd Dordrecht"]
    partner = make_user(Role.COUNSELLOR)
    partner.organisations.add(poh)
    client.force_login(partner)
    form = client.get(reverse("referrals:return_create")).context["form"]
    assert list(form.fields["organisation"].queryset) == [poh]
    other = orgs["POH GGZ Volwassenen"]
    services.partner_return_save(
        partner_return=_return(other, dordrecht, D(2023, 1, 1), D(2023, 2, 1))
    )
    directory = client.get(reverse("referrals:directory")).content.decode()
    assert reverse("referrals:return_list") in directory
    foreign = PartnerReturn.objects.get()
    assert client.get(reverse("referrals:return_edit", args=[foreign.pk])).status_code == 404


def test_referral_choices_follow_the_commercial_policy():
    nijkerk = Municipality.objects.get(cbs_code="GM0267")
    names = set(
        selectors.referral_organisations(municipality=nijkerk).values_list("name", flat=True)
    )
    assert "Online EFT-relatietherapie" not in names
    assert "Sociaal team Nijkerk" in names
    nijkerk.refers_to_commercial = True
    nijkerk.save()
    names = set(
        selectors.referral_organisations(municipality=nijkerk).values_list("name", flat=True)
    )
    assert "Online EFT-relatietherapie" in names


def test_directory_search_kind_and_policy_notice(client, make_user):
    client.force_login(make_user(Role.COUNSELLOR))
    assert (
        reverse("referrals:return_list")
        not in client.get(reverse("referrals:directory")).content.decode()
    )
    page = client.get(reverse("referrals:directory"), {"kind": "training"})
    names = [o.name for o in page.context["page"].object_list]
    assert names == ["ScheidingsAtlas", "Stichting Houd Me Vast", "Villa Pinedo"]
    found = client.get(reverse("referrals:directory"), {"q": "basisverzekering"}).context["page"]
    assert [o.name for o in found.object_list] == ["Relatietherapie bij een particuliere aanbieder"]
    assert (
        "vanaf circa € 800"
        in client.get(reverse("referrals:directory"), {"q": "particuliere"}).content.decode()
    )
    nijkerk = Municipality.objects.get(cbs_code="GM0267")
    html = client.get(reverse("referrals:directory"), {"municipality": nijkerk.pk}).content.decode()
    assert "niet naar commerciële partijen" in html
    dordrecht_html = client.get(
        reverse("referrals:directory"),
        {"municipality": Municipality.objects.get(cbs_code="GM0505").pk},
    ).content.decode()
    assert "niet naar commerciële partijen" not in dordrecht_html


@pytest.mark.parametrize(
    "part, whole, expected",
    [
        (2, 3, 67),
        (1, 3, 33),
        (1, 8, 13),
        (1, 200, 1),
        (1, 201, 0),
        (0, 5, 0),
        (5, 5, 100),
        (0, 0, None),
    ],
)
def test_whole_percentage_rounds_halves_up(part, whole, expected):
    from referrals.formatting import whole_percentage

    assert whole_percentage(part, whole) == expected


def test_organisation_detail_shows_cost_and_commercial_flag(client, make_user, orgs):
    client.force_login(make_user(Role.COORDINATOR))
    private = orgs["Relatietherapie bij een particuliere aanbieder"]
    html = client.get(reverse("referrals:organisation_detail", args=[private.pk])).content.decode()
    assert "vanaf circa € 800" in html and "basisverzekering" in html
    private.is_active = False
    private.save()
    assert (
        client.get(reverse("referrals:organisation_detail", args=[private.pk])).status_code == 404
    )


MARCH = D(2024, 3, 1)


def _refer(orgs, municipality, source, target, n, warm=0, day=MARCH):
    for i in range(n):
        Referral.objects.create(
            from_organisation=orgs[source],
            to_organisation=orgs[target],
            municipality=municipality,
            date=day,
            warm_handover=i < warm,
        )


def test_flow_matrix_against_a_hand_computed_fixture(policy, orgs, dordrecht):
    loket = "Relatieloket Hendrik-Ido-Ambacht"
    _refer(orgs, dordrecht, "Praktijkondersteuner huisarts Jeugd (POH Jeugd)", loket, 3, warm=2)
    _refer(orgs, dordrecht, "Dordrecht Sociaal – Sociaal Wijkteam", loket, 1)
    _refer(orgs, dordrecht, loket, "Relatietherapie bij een particuliere aanbieder", 2, warm=2)
    _refer(orgs, dordrecht, loket, "Villa Pinedo", 1, day=D(2023, 12, 31))  # outside the period
    zwijndrecht = Municipality.objects.get(cbs_code="GM0642")
    _refer(orgs, zwijndrecht, loket, "Villa Pinedo", 5)  # outside the scope
    response = policy.get(
        reverse("referrals:flow_map"), {"start": "2024-01-01", "end": "2024-12-31"}
    )
    rows = [
        (r["from_name"], r["to_name"], r["count"], r["warm"], r["warm_share"])
        for r in response.context["rows"]
    ]
    assert rows == [
        ("Praktijkondersteuner huisarts Jeugd (POH Jeugd)", loket, 3, 2, 67),
        (loket, "Relatietherapie bij een particuliere aanbieder", 2, 2, 100),
        ("Dordrecht Sociaal – Sociaal Wijkteam", loket, 1, 0, 0),
    ]
    assert response.context["total"] == 6 and response.context["warm_share"] == 67
    html = response.content.decode()
    assert (
        "67%" in html
        and "<svg" in html
        and "Relatietherapie bij een particuliere aanbieder (2)" in html
    )
    orphans = {o.name for o in response.context["orphans"]}
    assert "POH GGZ Volwassenen" in orphans and "Villa Pinedo" in orphans
    assert "Dordrecht Sociaal – Sociaal Wijkteam" not in orphans
    # The page is Dutch, yet SVG coordinates keep a decimal point: "30,5" would not draw.
    svg = html[html.index("<svg") : html.index("</svg>")]
    coordinates = re.findall(r'\b(?:x|y|width|height|stroke-width)="([^"]*)"', svg)
    assert coordinates and all(re.fullmatch(r"[0-9.%]+", value) for value in coordinates)
    assert any("." in value for value in coordinates)


def test_flow_map_municipality_filter_orphans_and_returns_of_the_period(
    client, make_user, orgs, dordrecht
):
    zwijndrecht = Municipality.objects.get(cbs_code="GM0642")
    client.force_login(make_user(Role.POLICY, municipalities=[dordrecht, zwijndrecht]))
    sko = "Adviespunt Scheiden, Kind en Ouderschap"
    _refer(orgs, dordrecht, "Huisarts", sko, 4, warm=1)
    _refer(orgs, zwijndrecht, "Veilig Thuis", sko, 2, warm=1)
    inactive = orgs["POH GGZ Volwassenen"]
    inactive.is_active = False
    inactive.save()
    for start, end, persons, helped, referred in SEED_RETURNS:
        services.partner_return_save(
            partner_return=_return(
                orgs["POH GGZ Jeugd Dordrecht"],
                dordrecht,
                D.fromisoformat(start),
                D.fromisoformat(end),
                persons,
                helped,
                referred,
            )
        )
    url = reverse("referrals:flow_map")
    period = {"start": "2024-01-01", "end": "2024-12-31"}
    both = client.get(url, period).context
    assert [(r["from_name"], r["count"], r["warm"]) for r in both["rows"]] == [
        ("Huisarts", 4, 1),
        ("Veilig Thuis", 2, 1),
    ]
    assert both["warm_share"] == 33  # 2 of 6
    only = client.get(url, {**period, "municipality": dordrecht.pk}).context
    assert [(r["from_name"], r["count"]) for r in only["rows"]] == [("Huisarts", 4)]
    assert only["warm_share"] == 25
    orphans = {o.name for o in only["orphans"]}
    assert "Veilig Thuis" in orphans  # no flow in Dordrecht
    assert "Huisarts" not in orphans and sko not in orphans
    assert "POH GGZ Volwassenen" not in orphans  # inactive
    assert [(r.period_start.isoformat(), r.persons) for r in only["returns"]] == [("2024-01-01", 4)]
    # A period ending exactly on a return's first day still shows it (inclusive).
    edge = client.get(url, {"start": "2023-06-01", "end": "2024-01-01"}).context
    assert [r.period_start.isoformat() for r in edge["returns"]] == ["2023-01-01", "2024-01-01"]


SOURCES = ["Huisarts", "Scholen en schoolmaatschappelijk werk", "Veilig Thuis", "Consultatiebureau"]


def test_flow_map_queries_do_not_grow_with_referrals(
    policy, orgs, dordrecht, django_assert_max_num_queries
):
    params = {"start": "2024-01-01", "end": "2024-12-31"}
    _refer(orgs, dordrecht, "Huisarts", "Relatieloket Hendrik-Ido-Ambacht", 10)
    # 13 on PostgreSQL: the report lane takes a slot, sets its timeout and releases the slot.
    with django_assert_max_num_queries(13) as small:
        policy.get(reverse("referrals:flow_map"), params)
    Referral.objects.bulk_create(
        Referral(
            from_organisation=orgs[SOURCES[i % 4]],
            to_organisation=orgs["Adviespunt Scheiden, Kind en Ouderschap"],
            municipality=dordrecht,
            date=D(2024, 1, 1) + datetime.timedelta(days=i % 365),
            warm_handover=i % 3 == 0,
        )
        for i in range(990)
    )
    assert Referral.objects.count() == 1000
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = policy.get(reverse("referrals:flow_map"), params)
    assert response.context["total"] == 1000
    assert len(response.context["rows"]) == 5


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.COORDINATOR, Role.COUNCIL])
def test_other_roles_are_refused_the_flow_map(client, make_user, dordrecht, role):
    client.force_login(make_user(role, municipalities=[dordrecht]))
    assert client.get(reverse("referrals:flow_map")).status_code == 403


def test_flow_map_is_scoped_to_the_users_municipalities(policy):
    zwijndrecht = Municipality.objects.get(cbs_code="GM0642")
    response = policy.get(reverse("referrals:flow_map"), {"municipality": zwijndrecht.pk})
    assert "municipality" in response.context["form"].errors
