"""Layout of the flow diagram: referrers -> desks -> where residents went next, as plain data.

The template draws it as SVG on the server, so it needs no JavaScript and no external files.
"""

from .selectors import DESK_KINDS

WIDTH = 900
COLUMN_X = (10, 360, 610)
NODE_WIDTH = 14
GAP = 14
MIN_HEIGHT = 16
SCALE_MAX = 360  # pixels for the busiest column


def layout(rows):
    """Turn flow_matrix rows into positioned nodes and curved links."""
    columns = ({}, {}, {})  # name -> total, per column

    def column_of(kind, side):
        if kind in DESK_KINDS:
            return 1
        return 0 if side == "from" else 2

    links = []
    for row in rows:
        src_col = column_of(row["from_kind"], "from")
        dst_col = column_of(row["to_kind"], "to")
        if src_col == dst_col:  # desk to desk: show the receiving desk on the right
            dst_col = 2
        columns[src_col][row["from_name"]] = (
            columns[src_col].get(row["from_name"], 0) + row["count"]
        )
        columns[dst_col][row["to_name"]] = columns[dst_col].get(row["to_name"], 0) + row["count"]
        links.append(
            (src_col, row["from_name"], dst_col, row["to_name"], row["count"], row["warm"])
        )
    biggest = max((sum(c.values()) for c in columns), default=0) or 1
    unit = SCALE_MAX / biggest
    nodes, positions = [], {}
    height = 40
    for index, column in enumerate(columns):
        y = 30
        for name, total in sorted(column.items(), key=lambda item: (-item[1], item[0])):
            h = max(MIN_HEIGHT, total * unit)
            positions[(index, name)] = {"y": y, "h": h, "out": y, "in": y}
            nodes.append(
                {
                    "x": COLUMN_X[index],
                    "y": round(y, 1),
                    "h": round(h, 1),
                    "w": NODE_WIDTH,
                    "name": name,
                    "total": total,
                    "label_x": COLUMN_X[index] + NODE_WIDTH + 6,
                    "label_y": round(y + h / 2 + 4, 1),
                }
            )
            y += h + GAP
        height = max(height, y + 10)
    drawn = []
    for src_col, src, dst_col, dst, count, warm in links:
        a, b = positions[(src_col, src)], positions[(dst_col, dst)]
        thickness = max(2.0, count * unit)
        y1 = a["out"] + thickness / 2
        y2 = b["in"] + thickness / 2
        a["out"] += thickness
        b["in"] += thickness
        x1 = COLUMN_X[src_col] + NODE_WIDTH
        x2 = COLUMN_X[dst_col]
        mid = (x1 + x2) / 2
        drawn.append(
            {
                "d": f"M{x1},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2},{y2:.1f}",
                "width": round(thickness, 1),
                "source": src,
                "target": dst,
                "count": count,
                "warm": warm,
            }
        )
    return {"width": WIDTH + 200, "height": round(height), "nodes": nodes, "links": drawn}
