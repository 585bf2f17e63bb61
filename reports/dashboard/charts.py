"""Charts drawn from the figures as plain SVG, one technique for the dashboard and the letter.

The functions turn figures into geometry (plain data); the templates under
`reports/charts/` draw it as SVG with presentation attributes only (no inline style, so the
Content-Security-Policy holds), the same in the page and in the PDF (WeasyPrint renders SVG).
No plotting library runs in a request: a chart costs microseconds, whatever the data size.
Each chart carries a title and a description as text alternative; a data table goes beside it.
"""

from django.utils.translation import gettext as _

from ..formatting import format_number

COLOUR = "#0b5394"
PREVIOUS = "#6b6b6b"
BAR_WIDTH = 420  # pixels for the longest bar
ROW = 30  # pixels per bar: a label line above an 8-pixel bar
MONTHLY_HEIGHT = 160
MONTHLY_LEFT = 40
MONTHLY_WIDTH = 640


def _nice_top(value):
    """A round number at or above value for the top of an axis (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(rows, *, title, value_key="count", label_key="label"):
    """Horizontal bars, one per row ({label, count}), as {title, description, bars, height}."""
    values = [(row[label_key], row[value_key]) for row in rows]
    top = max((value for _label, value in values), default=0) or 1
    bars = [
        {
            "label": label,
            "text": format_number(value),
            "width": round(BAR_WIDTH * value / top),
            "y": ROW * i,
        }
        for i, (label, value) in enumerate(values)
    ]
    description = "; ".join(f"{bar['label']}: {bar['text']}" for bar in bars) or _("No data")
    return {
        "title": title,
        "description": description,
        "bars": bars,
        "height": ROW * len(bars) + 4,
        "width": BAR_WIDTH + 60,
        "colour": COLOUR,
    }


def monthly_chart(monthly, *, title):
    """Visits per month as columns, the same months a year earlier as a line."""
    top = _nice_top(max((max(m["count"], m["previous"]) for m in monthly), default=0))
    n = max(len(monthly), 1)
    step = MONTHLY_WIDTH / n
    scale = MONTHLY_HEIGHT / top
    columns, points = [], []
    for i, m in enumerate(monthly):
        x = MONTHLY_LEFT + i * step
        height = round(m["count"] * scale, 1)
        columns.append(
            {
                "x": round(x + step * 0.15, 1),
                "y": round(10 + MONTHLY_HEIGHT - height, 1),
                "width": round(step * 0.7, 1),
                "height": height,
                "label": m.get("label", m["month"]),
                # a label under every column while they fit, else one per quarter
                "show_label": n <= 24 or i % 3 == 0 and n <= 72 or i % 12 == 0,
                "label_x": round(x + step / 2, 1),
            }
        )
        points.append(f"{x + step / 2:.1f},{10 + MONTHLY_HEIGHT - m['previous'] * scale:.1f}")
    description = "; ".join(
        _("%(month)s: %(count)s (a year earlier %(previous)s)")
        % {"month": m.get("label", m["month"]), "count": m["count"], "previous": m["previous"]}
        for m in monthly
    )
    return {
        "title": title,
        "description": description or _("No data"),
        "columns": columns,
        "line": " ".join(points),
        "ticks": [
            {"y": round(10 + MONTHLY_HEIGHT - value * scale, 1), "text": format_number(value)}
            for value in (0, top // 2, top)
        ],
        "left": MONTHLY_LEFT,
        "right": MONTHLY_LEFT + MONTHLY_WIDTH,
        "bottom": 10 + MONTHLY_HEIGHT,
        "width": MONTHLY_LEFT + MONTHLY_WIDTH + 10,
        "height": MONTHLY_HEIGHT + 80,
        "legend_y": MONTHLY_HEIGHT + 74,
        "colour": COLOUR,
        "previous_colour": PREVIOUS,
        "this_period": _("This period"),
        "a_year_earlier": _("A year earlier"),
        "axis_label": _("Visits"),
    }
