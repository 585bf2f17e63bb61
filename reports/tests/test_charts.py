"""Every chart draws in every language: SVG coordinates are plain numbers with a decimal
point, never localized ("48,0" in Dutch draws nothing)."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from intake.tests.factories import DeskFactory, VisitFactory
from referrals.constants import Question
from referrals.models import Municipality
from relatieloket.roles import Role
from reports import services
from reports.constants import BlockKind

pytestmark = pytest.mark.django_db
D = datetime.date

# Attributes that hold one number, a list of numbers, or a transform of numbers.
NUMBER = {"x", "y", "x1", "x2", "y1", "y2", "width", "height", "dx", "dy", "stroke-width"}
NUMBERS = {"viewbox", "points"}
FLOAT = re.compile(r"^-?\d+(\.\d+)?$")


class _SvgCoordinates(HTMLParser):
    def __init__(self):
        super().__init__()
        self.in_svg = 0
        self.svgs = 0
        self.values = []

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.in_svg += 1
            self.svgs += 1
        if not self.in_svg:
            return
        for name, value in attrs:
            if name == "width" and tag == "svg":
                continue  # "100%": the viewBox gives the geometry
            if name in NUMBER:
                self.values.append((tag, name, value))
            elif name in NUMBERS:
                self.values += [(tag, name, v) for v in re.split(r"[\s,]+", value.strip()) if v]
            elif name == "transform":
                for args in re.findall(r"\(([^)]*)\)", value):
                    self.values += [(tag, name, v) for v in re.split(r"[\s,]+", args) if v]

    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_svg -= 1


def _coordinates(html):
    parser = _SvgCoordinates()
    parser.feed(html)
    return parser


def _assert_numbers(html, *, at_least_svgs):
    parsed = _coordinates(html)
    assert parsed.svgs >= at_least_svgs
    assert parsed.values
    bad = [item for item in parsed.values if not FLOAT.match(item[2])]
    assert not bad, bad[:5]
    for _tag, _name, value in parsed.values:
        float(value)  # parses as a number
    return parsed


@pytest.fixture
def hia():
    return Municipality.objects.get(cbs_code="GM0531")


@pytest.fixture
def desk(hia):
    desk = DeskFactory(municipality=hia)
    # Enough visits that the monthly columns get fractional coordinates, and over 1,000 in
    # one month: the thousands separator must not reach a coordinate either.
    for i in range(40):
        VisitFactory(
            desk=desk,
            date=D(2024, 1 + i % 7, 1 + i % 28),
            question=Question.STRENGTHEN if i % 3 else Question.SEPARATING,
        )
        VisitFactory(desk=desk, date=D(2023, 1 + i % 5, 1 + i % 28))
    return desk


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("role", [Role.POLICY, Role.COORDINATOR])
def test_dashboard_charts_have_numeric_coordinates(client, make_user, hia, desk, role, language):
    scope = {"municipalities": [hia]} if role == Role.POLICY else {"desks": [desk]}
    client.force_login(make_user(role, **scope))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("reports:start"), {"start": "2024-01-01", "end": "2024-12-31"})
    assert response.status_code == 200
    html = response.content.decode()
    parsed = _assert_numbers(html, at_least_svgs=2)
    # The monthly chart: one column per month of the period, fractional x positions drawn.
    columns = [v for tag, name, v in parsed.values if tag == "rect" and name == "x"]
    assert any("." in v for v in columns)
    assert len(response.context["monthly_chart"]["columns"]) == 12


@pytest.mark.parametrize("language", ["nl", "en"])
def test_letter_charts_have_numeric_coordinates(hia, desk, language):
    kinds = [kind for kind in BlockKind.values if kind != BlockKind.INDICATOR]
    report = services.report_create(
        municipality=hia,
        title="Voortgang",
        period_start=D(2024, 1, 1),
        period_end=D(2024, 6, 30),
        blocks=[{"heading": "information", "kind": kind} for kind in kinds],
    )
    with translation.override(language):
        report = services.report_publish(report=report, user=None)
    _assert_numbers(report.html, at_least_svgs=1)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_thousands_never_reach_a_coordinate(language):
    from django.template.loader import render_to_string

    from reports.dashboard import charts

    monthly = [
        {"month": f"2024-{m:02d}", "label": f"m{m}", "count": 1234 * m, "previous": 999 * m}
        for m in range(1, 13)
    ]
    rows = [{"label": f"r{i}", "count": 1500 + i} for i in range(40)]  # y beyond 1,000
    with translation.override(language), override_settings(USE_THOUSAND_SEPARATOR=True):
        html = render_to_string(
            "reports/charts/monthly.html", {"chart": charts.monthly_chart(monthly, title="t")}
        ) + render_to_string(
            "reports/charts/bars.html", {"chart": charts.bar_chart(rows, title="t")}
        )
    _assert_numbers(html, at_least_svgs=2)
