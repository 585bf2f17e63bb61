"""Charts drawn on the server as SVG (matplotlib), the same in the page and in a PDF.

Each chart carries a <title> and <desc> as text alternative; a data table goes beside it.
"""

import io
import re
from xml.sax.saxutils import escape, quoteattr

import matplotlib
from django.utils.translation import gettext as _

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

plt.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "relatieloket",
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)
COLOUR = "#0b5394"
PREVIOUS = "#6b6b6b"


_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.S)
_STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
# matplotlib's <style> element sets these for every element; the root passes them down.
_ROOT_DEFAULTS = 'stroke-linejoin="round" stroke-linecap="butt"'


def _presentation_attributes(svg):
    """matplotlib writes CSS in style="" attributes and a <style> element, which the
    Content-Security-Policy refuses; SVG takes the same properties as attributes."""

    def attributes(match):
        declarations = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
        return "".join(
            f" {name.strip()}={quoteattr(value.strip())}" for name, value in declarations
        )

    return _STYLE_ATTRIBUTE.sub(attributes, _STYLE_ELEMENT.sub("", svg))


def _svg(figure, title, description):
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    svg = _presentation_attributes(buffer.getvalue())
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r"<svg \1", svg, count=1)
    alt = f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
    root = f' role="img" aria-label="{escape(title)}" width="100%" {_ROOT_DEFAULTS}>'
    return svg.replace(">", root + alt, 1)


def bar_chart_svg(rows, *, title, value_key="count"):
    """Horizontal bars, one per row ({label, count})."""
    labels = [row["label"] for row in rows][::-1]
    values = [row[value_key] for row in rows][::-1]
    figure, axes = plt.subplots(figsize=(6, 0.35 * max(len(rows), 2) + 0.6))
    axes.barh(labels, values, color=COLOUR)
    for y, value in enumerate(values):
        axes.text(value, y, f" {value}", va="center")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(_("Number"))
    description = "; ".join(f"{row['label']}: {row[value_key]}" for row in rows) or _("No data")
    return _svg(figure, title, description)


def monthly_chart_svg(monthly, *, title):
    """Visits per month as bars, the same months a year earlier as a line."""
    labels = [m.get("label", m["month"]) for m in monthly]
    figure, axes = plt.subplots(figsize=(7, 2.6))
    axes.bar(labels, [m["count"] for m in monthly], color=COLOUR, label=_("This period"))
    axes.plot(
        labels,
        [m["previous"] for m in monthly],
        color=PREVIOUS,
        marker="o",
        label=_("A year earlier"),
    )
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(frameon=False)
    axes.set_ylabel(_("Visits"))
    axes.tick_params(axis="x", rotation=60)
    description = "; ".join(
        _("%(month)s: %(count)s (a year earlier %(previous)s)")
        % {"month": m.get("label", m["month"]), "count": m["count"], "previous": m["previous"]}
        for m in monthly
    )
    return _svg(figure, title, description or _("No data"))
