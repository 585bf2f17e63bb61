"""The flow diagram's figures and drawing, and the parts of the flow map page around it."""

import datetime
import re

import pytest
from django.urls import reverse

from referrals import flowmap, selectors, services
from referrals.models import Municipality, Organisation, PartnerReturn, Referral
from relatieloket.roles import Role

from .page_parts import list_items, table

pytestmark = pytest.mark.django_db
D = datetime.date
SKO = "Adviespunt Scheiden, Kind en Ouderschap"
PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}


@pytest.fixture
def orgs(db):
    return {o.name: o for o in Organisation.objects.all()}


@pytest.fixture
def policy(client, make_user):
    dordrecht = Municipality.objects.get(cbs_code="GM0505")
    client.force_login(make_user(Role.POLICY, municipalities=[dordrecht]))
    return client


MARCH = D(2024, 3, 1)


def _refer(orgs, source, target, n, warm=0, day=MARCH):
    for i in range(n):
        Referral.objects.create(
            from_organisation=orgs[source],
            to_organisation=orgs[target],
            municipality=Municipality.objects.get(cbs_code="GM0505"),
            date=day,
            warm_handover=i < warm,
        )


@pytest.fixture
def flows(orgs):
    """5 residents reach the Adviespunt (3 from the GP, 2 from the POH Jeugd); it refers 2 on."""
    _refer(orgs, "Huisarts", SKO, 3, warm=2)
    _refer(orgs, "Praktijkondersteuner huisarts Jeugd (POH Jeugd)", SKO, 2)
    _refer(orgs, SKO, "ScheidingsAtlas", 1)
    _refer(orgs, SKO, "Villa Pinedo", 1, warm=1)


def _diagram(orgs):
    dordrecht = Municipality.objects.filter(cbs_code="GM0505")
    rows = selectors.flow_matrix(municipalities=dordrecht, start=D(2024, 1, 1), end=D(2024, 12, 31))
    return flowmap.layout(rows)


def test_a_desk_counts_the_larger_of_in_and_out_not_their_sum(flows, orgs, policy):
    diagram = _diagram(orgs)
    desk = next(node for node in diagram["nodes"] if node["name"] == SKO)
    assert (desk["inbound"], desk["outbound"], desk["total"]) == (5, 2, 5)
    # Busiest column: 5 residents in 360 pixels, 72 a resident. The box is as tall as its
    # inbound bands (5), not both sides stacked (7).
    assert desk["h"] == 360
    gp = next(node for node in diagram["nodes"] if node["name"] == "Huisarts")
    assert (gp["total"], gp["h"]) == (3, 216)
    # The outgoing bands start at the desk's own top, like the incoming ones.
    first_out = next(link for link in diagram["links"] if link["source"] == SKO)
    first_in = next(link for link in diagram["links"] if link["target"] == SKO)
    for link, y in ((first_out, r"M434,([\d.]+)"), (first_in, r"C[\d.,]+ [\d.,]+ 420,([\d.]+)")):
        top = float(re.search(y, link["d"]).group(1)) - link["width"] / 2
        assert top == pytest.approx(desk["y"], abs=0.1)
    html = policy.get(reverse("referrals:flow_map"), PERIOD).content.decode()
    assert f'data-label="{SKO} (5 in, 2 uit)"' in html
    assert f"{SKO} (7)" not in html


LONG = [
    "Praktijkondersteuner huisarts Jeugd (POH Jeugd)",
    "Dordrecht Sociaal – Sociaal Wijkteam",
    "Scholen en schoolmaatschappelijk werk",
    "Huisarts",
    "Consultatiebureau",
]
DESTINATIONS = [
    "Relatietherapie bij een particuliere aanbieder",
    "Echtscheidings- of bemiddelingsbureau",
    "Algemeen maatschappelijk werk",
    "Bureau sociaal raadslieden",
    "ScheidingsAtlas",
    "Villa Pinedo",
    "Veilig Thuis",
    "Enver",
]


def _row(source, source_kind, target, target_kind, count):
    return {
        "from_name": source,
        "from_kind": source_kind,
        "to_name": target,
        "to_kind": target_kind,
        "count": count,
        "warm": 0,
    }


def _boxes(diagram):
    """Estimated extents of every label line and every box: (owner, x1, y1, x2, y2)."""
    lines = [
        (
            node["name"],
            line["x"],
            line["y"] - flowmap.LINE_HEIGHT + 3.5,
            line["x"] + len(line["text"]) * flowmap.CHAR_WIDTH,
            line["y"] + 3.5,
        )
        for node in diagram["nodes"]
        for line in node["lines"]
    ]
    rects = [
        (node["name"], node["x"], node["y"], node["x"] + node["w"], node["y"] + node["h"])
        for node in diagram["nodes"]
    ]
    return lines, rects


def _overlap(a, b):
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


def test_labels_collide_with_no_other_label_or_box_and_stay_inside_the_picture():
    sko, loket = SKO, "Relatieloket Hendrik-Ido-Ambacht"
    rows = [_row(name, "overig", sko, "adviespunt_sko", 40 - 7 * i) for i, name in enumerate(LONG)]
    rows += [_row(name, "overig", loket, "relatieloket", 1) for name in LONG]
    rows += [
        _row(sko, "adviespunt_sko", name, "overig", 9 - i) for i, name in enumerate(DESTINATIONS)
    ]
    rows += [_row(loket, "relatieloket", name, "overig", 1) for name in DESTINATIONS]
    rows.append(_row(loket, "relatieloket", sko, "adviespunt_sko", 1))  # desk to desk
    diagram = flowmap.layout(rows)
    lines, rects = _boxes(diagram)
    assert len(lines) > len(diagram["nodes"])  # the long names were wrapped
    for i, line in enumerate(lines):
        assert line[1] >= 0 and line[3] <= diagram["width"], line
        assert line[2] >= 0 and line[4] <= diagram["height"], line
        for other in lines[i + 1 :]:
            assert line[0] == other[0] or not _overlap(line, other), (line, other)
        for rect in rects:
            assert not _overlap(line, rect), (line, rect)
    desk = next(n for n in diagram["nodes"] if n["name"] == sko and n["x"] == flowmap.COLUMN_X[1])
    # A desk is labelled above its box, where no band leaves or enters it.
    assert all(line["y"] < desk["y"] for line in desk["lines"])
    assert " ".join(line["text"] for line in desk["lines"]) == desk["label"]


def test_all_labels_are_drawn_after_all_bands_and_boxes(flows, policy):
    html = policy.get(reverse("referrals:flow_map"), PERIOD).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    labels = [m.start() for m in re.finditer(r"<text [^>]*data-label=", svg)]
    shapes = [m.start() for m in re.finditer(r"<(?:rect|path) ", svg)]
    assert labels and shapes and max(shapes) < min(labels)
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert '<title id="flow-title">' in svg and '<desc id="flow-desc">' in svg


def test_flow_map_page_shows_the_matrix_returns_and_organisations_without_flow(flows, orgs, policy):
    dordrecht = Municipality.objects.get(cbs_code="GM0505")
    services.partner_return_save(
        partner_return=PartnerReturn(
            organisation=orgs["POH GGZ Jeugd Dordrecht"],
            municipality=dordrecht,
            period_start=D(2023, 7, 1),
            period_end=D(2024, 6, 30),
            persons=18,
            helped=17,
            referred_on=1,
            referred_to_kind="relatietherapie",
        )
    )
    html = policy.get(reverse("referrals:flow_map"), PERIOD).content.decode()
    matrix = table(html, caption="Verwijzingen van × naar, met het aandeel warme overdrachten")
    assert matrix[1:] == [
        ["Huisarts", SKO, "3", "67%"],
        ["Praktijkondersteuner huisarts Jeugd (POH Jeugd)", SKO, "2", "0%"],
        [SKO, "ScheidingsAtlas", "1", "0%"],
        [SKO, "Villa Pinedo", "1", "100%"],
    ]
    assert "7 verwijzingen" in html and "43% met een warme overdracht" in html  # 3 of 7
    returns = table(html, testid="partner-returns")
    assert returns[1:] == [
        [
            "POH GGZ Jeugd Dordrecht",
            "Dordrecht",
            "01-07-2023 – 30-06-2024",
            "18",
            "17",
            "1",
            "relatietherapie (particulier)",
        ]
    ]
    without_flow = list_items(html, css_class="columns-2")
    assert "Veilig Thuis" in without_flow and "POH GGZ Volwassenen" in without_flow
    for name in ("Huisarts", SKO, "ScheidingsAtlas", "Villa Pinedo"):
        assert name not in without_flow


def test_a_national_flow_map_draws_the_largest_flows_and_pages_the_table(orgs, policy):
    """Thousands of flows are not readable: the diagram draws the 40 largest, the table shows
    50 a page, and the totals count every flow."""
    from referrals.views import DIAGRAM_FLOWS, FLOWS_PER_PAGE

    names = sorted(orgs)
    pairs = [(a, b) for a in names for b in names if a != b][: FLOWS_PER_PAGE + 10]
    dordrecht = Municipality.objects.get(cbs_code="GM0505")
    Referral.objects.bulk_create(
        Referral(
            from_organisation=orgs[a],
            to_organisation=orgs[b],
            municipality=dordrecht,
            date=MARCH,
        )
        for a, b in pairs
    )
    response = policy.get(reverse("referrals:flow_map"), PERIOD)
    html = response.content.decode()
    assert len(response.context["diagram"]["links"]) <= DIAGRAM_FLOWS
    assert f"de {DIAGRAM_FLOWS} grootste stromen van {len(pairs)}" in html
    assert len(response.context["page"].object_list) == FLOWS_PER_PAGE
    assert response.context["total"] == len(pairs)
    assert "Pagina 1 van 2" in html
    second = policy.get(reverse("referrals:flow_map"), {**PERIOD, "pagina": 2})
    assert len(second.context["page"].object_list) == 10
