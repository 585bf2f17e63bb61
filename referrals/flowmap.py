"""Layout of the flow diagram: referrers -> desks -> where residents went next, as plain data.

The template draws it as SVG on the server, so it needs no JavaScript and no external files.
Labels are wrapped and placed here, where the geometry is known, so that no label runs into
another column's boxes or labels: referrers and destinations are labelled beside their box,
desks above theirs (the bands leave a desk on both sides, so there is no free side).
"""

import textwrap

from django.utils.translation import gettext as _

from .selectors import DESK_KINDS

WIDTH = 1200
COLUMN_X = (10, 420, 790)
NODE_WIDTH = 14
GAP = 14
MIN_HEIGHT = 16
SCALE_MAX = 360  # pixels for the busiest column
TOP = 30
FONT_SIZE = 12
LINE_HEIGHT = 14
# Generous average width of a character at 12px in a sans-serif font, so the wrapped label
# stays within its room whatever font the browser picks.
CHAR_WIDTH = 7
LABEL_OFFSET = 6  # between a box and its label
# Characters per label line: referrer labels stay short so the bands under them remain
# visible; desk labels (above the box) end before the destination column at 790, and
# destination labels before the right edge (7 x 54 = 378 pixels from 810).
WRAP = (34, 48, 54)
DESK_COLUMN = 1


def _column_of(kind, side):
    if kind in DESK_KINDS:
        return DESK_COLUMN
    return 0 if side == "from" else 2


def _wrap(name, suffix, width):
    """The name broken into lines of at most `width` characters, the figures kept whole."""
    lines = textwrap.wrap(name, width) or [""]
    if len(lines[-1]) + 1 + len(suffix) <= width:
        lines[-1] = f"{lines[-1]} {suffix}"
    else:
        lines.append(suffix)
    return lines


def _label(index, inbound, outbound):
    """Desks show what came in and what went out; the outer columns their one side."""
    if index == DESK_COLUMN:
        return _("(%(inbound)s in, %(outbound)s out)") % {
            "inbound": inbound,
            "outbound": outbound,
        }
    return f"({max(inbound, outbound)})"


def layout(rows):
    """Turn flow_matrix rows into positioned nodes, curved links and their labels.

    A node's total is the larger of what flows in and what flows out: a desk that received 63
    residents and referred 21 of them on saw 63, not 84. Its box is as tall as its busier side,
    and the bands of both sides start at its top.
    """
    links = []
    flows = {}  # (column, name) -> [in, out]
    for row in rows:
        src_col = _column_of(row["from_kind"], "from")
        dst_col = _column_of(row["to_kind"], "to")
        if src_col == dst_col:  # desk to desk: show the receiving desk on the right
            dst_col = 2
        flows.setdefault((src_col, row["from_name"]), [0, 0])[1] += row["count"]
        flows.setdefault((dst_col, row["to_name"]), [0, 0])[0] += row["count"]
        links.append(
            {
                "source": (src_col, row["from_name"]),
                "target": (dst_col, row["to_name"]),
                "count": row["count"],
                "warm": row["warm"],
            }
        )
    column_totals = [0, 0, 0]
    for (index, _name), (inbound, outbound) in flows.items():
        column_totals[index] += max(inbound, outbound)
    unit = SCALE_MAX / (max(column_totals) or 1)
    thickness = {}  # (column, name) -> [in, out] in pixels, with the minimum band width
    for link in links:
        link["thickness"] = max(2.0, link["count"] * unit)
        thickness.setdefault(link["source"], [0.0, 0.0])[1] += link["thickness"]
        thickness.setdefault(link["target"], [0.0, 0.0])[0] += link["thickness"]

    nodes, positions = [], {}
    height = TOP + 10
    for index in range(3):
        members = sorted(
            ((name, io) for (col, name), io in flows.items() if col == index),
            key=lambda item: (-max(item[1]), item[0]),
        )
        slot = TOP
        for name, (inbound, outbound) in members:
            h = max(MIN_HEIGHT, *thickness[(index, name)])
            suffix = _label(index, inbound, outbound)
            lines = _wrap(name, suffix, WRAP[index])
            text_height = len(lines) * LINE_HEIGHT
            if index == DESK_COLUMN:
                text_top = slot
                y = slot + text_height + 4
                text_x = COLUMN_X[index]
                slot = y + h + GAP
            else:
                y = slot + max(0, (text_height - h) / 2)
                text_top = y + h / 2 - text_height / 2
                text_x = COLUMN_X[index] + NODE_WIDTH + LABEL_OFFSET
                slot += max(h, text_height) + GAP
            positions[(index, name)] = {"y": y, "out": y, "in": y}
            nodes.append(
                {
                    "x": COLUMN_X[index],
                    "y": round(y, 1),
                    "h": round(h, 1),
                    "w": NODE_WIDTH,
                    "name": name,
                    "inbound": inbound,
                    "outbound": outbound,
                    "total": max(inbound, outbound),
                    "label": f"{name} {suffix}",
                    "lines": [
                        {
                            "x": text_x,
                            # the baseline sits about a quarter of a line above the line's foot
                            "y": round(text_top + (i + 1) * LINE_HEIGHT - 3.5, 1),
                            "text": text,
                        }
                        for i, text in enumerate(lines)
                    ],
                }
            )
        height = max(height, slot + 10)

    # Bands leave and enter a box in the order of the box at their other end, so they do not
    # cross at the box.
    for link in sorted(links, key=lambda link: positions[link["target"]]["y"]):
        a = positions[link["source"]]
        link["y1"] = a["out"] + link["thickness"] / 2
        a["out"] += link["thickness"]
    for link in sorted(links, key=lambda link: positions[link["source"]]["y"]):
        b = positions[link["target"]]
        link["y2"] = b["in"] + link["thickness"] / 2
        b["in"] += link["thickness"]
    drawn = []
    for link in links:
        x1 = COLUMN_X[link["source"][0]] + NODE_WIDTH
        x2 = COLUMN_X[link["target"][0]]
        mid = (x1 + x2) / 2
        y1, y2 = link["y1"], link["y2"]
        drawn.append(
            {
                "d": f"M{x1},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2},{y2:.1f}",
                "width": round(link["thickness"], 1),
                "source": link["source"][1],
                "target": link["target"][1],
                "count": link["count"],
                "warm": link["warm"],
            }
        )
    return {
        "width": WIDTH,
        "height": round(height),
        "columns": COLUMN_X,
        "font_size": FONT_SIZE,
        "nodes": nodes,
        "links": drawn,
    }
