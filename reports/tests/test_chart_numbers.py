"""The charts' SVG coordinates are numbers a browser reads ("170.0"), whatever the language
of the page; a Dutch decimal comma ("170,0") made Chromium refuse every line."""

import re

from django.template.loader import render_to_string
from django.utils import translation


def test_svg_coordinates_are_not_localised():
    chart = {
        "width": 480, "height": 200, "left": 30.5, "right": 470.25, "bottom": 170.0,
        "legend_y": 190.5, "ticks": [{"y": 170.0, "text": "0"}, {"y": 90.5, "text": "2"}],
        "columns": [{"x": 31.5, "y": 120.25, "width": 10.5, "height": 49.75, "label": "jan",
                     "label_x": 36.75, "show_label": True}],
        "line": "31.5,160.0 42.0,150.5", "title": "t", "description": "d",
        "this_period": "Deze periode", "a_year_earlier": "Een jaar eerder",
        "colour": "#000", "previous_colour": "#999",
        "bars": [{"y": 10.5, "label": "Twijfels", "width": 120.75, "text": "29"}],
    }  # fmt: skip
    with translation.override("nl"):
        for template in ("reports/charts/monthly.html", "reports/charts/bars.html"):
            svg = render_to_string(template, {"chart": chart})
            attributes = re.findall(r'\b(?:x|y|x1|x2|y1|y2|width|height|dx)="([^"]*)"', svg)
            assert attributes and not [a for a in attributes if "," in a], (template, svg)
