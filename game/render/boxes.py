"""Where the region boxes go on the map, and how big they are.

Region boxes start at their regions' projected lat/lon and are pushed apart
until none overlap (the Nagorno-Karabakh districts lie within a degree of each
other); a thin leader line then joins each displaced box to its true point.
The layout depends only on the viewport and the box sizes, so it is computed
once per viewport, not once per frame.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs

from game.render.projection import DATA_BOUNDS, FOCUS_BOUNDS, Rect, Viewport
from game.ruleset.model import Region, Ruleset

PER_ROW = 4
"""Influence chips (and force counters) per row of a box; the first row holds 3 and the
stability badge."""
GAP = 4
"""Space kept between boxes."""
OFFMAP_TAG = "off-map"


@attrs.frozen
class BoxStyle:
    """Sizes of a region box; boxes keep their size when zooming, like counters."""

    width: int
    header: int
    row: int
    chip: int
    """Horizontal step between influence chips."""
    name: int
    """Font size of the region's name."""
    number: int
    """Font size of the numbers."""
    symbol: int
    """Size of an actor symbol in a chip."""


NORMAL = BoxStyle(width=110, header=19, row=15, chip=25, name=11, number=12, symbol=10)
COMPACT = BoxStyle(width=96, header=17, row=14, chip=22, name=10, number=11, symbol=9)


def box_style(map_rect: Rect) -> BoxStyle:
    """Compact boxes on a small map (a 1280×720 window), so the crowded south still fits."""
    return COMPACT if map_rect[2] < 1100 or map_rect[3] < 560 else NORMAL


def box_rows(n_influence: int, n_forces: int) -> int:
    """Rows needed for that many influence chips (3 beside the stability badge, then 4 a
    row) and force counters (4 a row, on rows of their own)."""
    rows = 1 + math.ceil(max(0, n_influence - (PER_ROW - 1)) / PER_ROW)
    return rows + math.ceil(n_forces / PER_ROW)


MIN_ROWS = 2
"""Every box has room for at least this many rows, whatever its region starts with."""


def capacity(region: Region) -> int:
    """The rows a region's box keeps all game: room for what it starts with, and at least
    MIN_ROWS. Fixed per scenario, so the boxes never move; more than fits is shown as '+N'
    (the tooltip has everything)."""
    return max(MIN_ROWS, box_rows(len(region.influence), len(region.forces)))


def box_size(rows: int, bs: BoxStyle = NORMAL) -> tuple[int, int]:
    """The size of a region box with that many rows of chips."""
    return bs.width, bs.header + rows * bs.row + 5


@attrs.frozen(eq=False)
class BoxLayout:
    """Screen rectangles of the region boxes for one viewport."""

    boxes: Mapping[str, Rect]
    """Region id -> its box (x, y, w, h) in screen pixels."""
    anchors: Mapping[str, tuple[float, float]]
    """Region id -> the screen point of its lat/lon (regions on the map only)."""
    strip: Rect | None
    """The panel of off-map boxes at the map's left edge (None when there are none)."""
    legend: Rect | None
    """Where the legend goes (bottom left, clear of the strip); boxes keep out of it."""
    order: tuple[str, ...]
    """Drawing order (south to north, so northern boxes' leader lines stay visible)."""

    def hit(self, x: float, y: float) -> str | None:
        """The region whose box is under (x, y), if any (topmost first)."""
        for rid in reversed(self.order):
            bx, by, bw, bh = self.boxes[rid]
            if bx <= x < bx + bw and by <= y < by + bh:
                return rid
        return None

    def shifted(self, dx: int, dy: int) -> BoxLayout:
        """The same layout moved by (dx, dy) (a map being dragged); the strip stays."""
        boxes = {
            rid: r if rid not in self.anchors else (r[0] + dx, r[1] + dy, r[2], r[3])
            for rid, r in self.boxes.items()
        }
        anchors = {rid: (x + dx, y + dy) for rid, (x, y) in self.anchors.items()}
        return BoxLayout(boxes, anchors, self.strip, self.legend, self.order)


def is_offmap(rules: Ruleset, rid: str) -> bool:
    return OFFMAP_TAG in rules.regions[rid].tags


FOCUS_MARGIN = (0.9, 0.6)
"""Degrees of longitude and latitude shown around a scenario's outermost regions (their
boxes reach beyond their points)."""


def scenario_focus(rules: Ruleset) -> tuple[float, float, float, float]:
    """The lon/lat box a scenario's board opens on: its on-map regions and a margin, so a
    small theatre (Georgia, 2008) fills the map instead of a corner of the Caucasus."""
    points = [(r.lon, r.lat) for rid, r in rules.regions.items() if not is_offmap(rules, rid)]
    if not points:
        return FOCUS_BOUNDS
    mx, my = FOCUS_MARGIN
    lon0, lon1 = min(p[0] for p in points) - mx, max(p[0] for p in points) + mx
    lat0, lat1 = min(p[1] for p in points) - my, max(p[1] for p in points) + my
    b = DATA_BOUNDS
    return (max(lon0, b[0]), max(lat0, b[1]), min(lon1, b[2]), min(lat1, b[3]))


def layout_boxes(
    viewport: Viewport,
    rules: Ruleset,
    sizes: Mapping[str, tuple[int, int]],
    legend: tuple[int, int] | None = None,
) -> BoxLayout:
    """Place every region's box: on-map ones near their points, off-map ones in a strip.

    ``legend`` is the legend's size, if it is shown: its corner is kept free.
    """
    mx, my, mw, mh = viewport.rect
    offmap = [rid for rid in rules.regions if is_offmap(rules, rid)]
    onmap = [rid for rid in rules.regions if not is_offmap(rules, rid)]
    boxes: dict[str, Rect] = {}
    strip: Rect | None = None
    left = mx
    if offmap:
        offmap.sort(key=lambda r: -rules.regions[r].lat)  # north at the top
        heights = [sizes[r][1] for r in offmap]
        bw = max(sizes[r][0] for r in offmap)
        sw = bw + 16
        sh = min(mh - 12, 28 + sum(heights) + GAP * (len(offmap) - 1) + 8)
        strip = (mx + 6, my + 6, sw, sh)
        y = my + 6 + 28
        for rid, bh in zip(offmap, heights, strict=True):
            boxes[rid] = (mx + 14, y, bw, bh)
            y += bh + GAP
        left = mx + 6 + sw + GAP
    legend_rect: Rect | None = None
    if legend is not None:
        lx, ly = mx + 8, my + mh - legend[1] - 8
        if strip is not None and ly < strip[1] + strip[3] + 8:
            lx = strip[0] + strip[2] + 8
        legend_rect = (lx, ly, legend[0], legend[1])
    anchors = {
        rid: viewport.to_screen(rules.regions[rid].lon, rules.regions[rid].lat) for rid in onmap
    }
    area = (left, my + 2, mx + mw - left - 2, mh - 4)
    keep_out = [legend_rect] if legend_rect else []
    boxes.update(_relax(onmap, anchors, sizes, area, keep_out, viewport.rect))
    order = tuple(sorted(rules.regions, key=lambda r: (-rules.regions[r].lat, r)))
    return BoxLayout(boxes, anchors, strip, legend_rect, order)


def _relax(
    ids: list[str],
    anchors: Mapping[str, tuple[float, float]],
    sizes: Mapping[str, tuple[int, int]],
    area: Rect,
    keep_out: list[Rect] = [],  # noqa: B006 - never mutated
    visible: Rect | None = None,
) -> dict[str, Rect]:
    """Callout placement: lone boxes sit on their point; crowded ones fan out around theirs.

    Regions whose boxes would overlap when centred on their points form a
    cluster (the Nagorno-Karabakh districts). Each cluster's boxes get target
    spots evenly spaced on an ellipse around the cluster, in the angular order
    of their points, so leader lines radiate without crossing. Every box then
    takes the free spot nearest its target: free means it overlaps no box
    placed before and covers no other region's point, so every leader line
    ends at a visible dot. Deterministic, so screenshots compare.
    """
    ax, ay, aw, ah = area
    vx, vy, vw, vh = visible or area  # a point under the off-map strip still gets its box
    out: dict[str, Rect] = {}
    shown = [r for r in ids if vx <= anchors[r][0] <= vx + vw and vy <= anchors[r][1] <= vy + vh]
    for rid in ids:
        if rid not in shown:  # off screen: centred on its point, out of everyone's way
            bw, bh = sizes[rid]
            x, y = anchors[rid]
            out[rid] = (round(x - bw / 2), round(y - bh / 2), bw, bh)
    targets: dict[str, tuple[float, float]] = {}
    order: list[str] = []
    clusters = _clusters(shown, anchors, sizes)
    for members in clusters:
        if len(members) == 1:
            targets[members[0]] = anchors[members[0]]
            order.append(members[0])
            continue
        targets.update(_fan_out(members, anchors, sizes))
        # Crowds first: a lone box moves a little to make room more gracefully than a
        # crowded box is flung far away.
        order[:0] = sorted(members, key=lambda r: math.dist(anchors[r], targets[r]))
    points = {r: anchors[r] for r in shown}
    placed: list[tuple[float, float, float, float]] = [tuple(map(float, r)) for r in keep_out]  # type: ignore[misc]
    for rid in order:
        bw, bh = sizes[rid]
        tx, ty = targets[rid]
        best: tuple[float, float, float] | None = None
        for k in _RINGS:
            for a in range(24 if k else 1):
                cx = tx + math.cos(math.pi * a / 12) * k * (bw / 2 + GAP)
                cy = ty + math.sin(math.pi * a / 12) * k * (bh / 2 + GAP)
                cx = min(max(cx, ax + bw / 2), ax + aw - bw / 2)
                cy = min(max(cy, ay + bh / 2), ay + ah - bh / 2)
                if not _free((cx - bw / 2, cy - bh / 2, bw, bh), placed, points, rid):
                    continue
                cost = math.dist((cx, cy), (tx, ty)) + 0.3 * math.dist((cx, cy), anchors[rid])
                if best is None or cost < best[0]:
                    best = (cost, cx, cy)
            if best is not None:
                break
        _, cx, cy = best if best is not None else (0.0, tx, ty)  # no room: overlap beats vanishing
        placed.append((cx - bw / 2, cy - bh / 2, bw, bh))
    # Second pass: a box whose spot was taken for a neighbour may now find one nearer home.
    n0 = len(keep_out)
    for _ in range(2):
        for k, rid in enumerate(order, start=n0):
            bw, bh = sizes[rid]
            px, py = anchors[rid]
            x, y, _, _ = placed[k]
            here = math.dist((x + bw / 2, y + bh / 2), (px, py))
            others = placed[:k] + placed[k + 1 :]
            for ring in _RINGS:
                if ring * (bw / 2 + GAP) >= here - 8:
                    break
                spot = _nearest_free(rid, (px, py), ring, (bw, bh), area, others, points)
                if spot is not None:
                    placed[k] = spot
                    break
    for rid, (fx, fy, fw, fh) in zip(order, placed[n0:], strict=True):
        out[rid] = (round(fx), round(fy), round(fw), round(fh))
    return out


def _nearest_free(
    rid: str,
    point: tuple[float, float],
    ring: float,
    size: tuple[int, int],
    area: Rect,
    placed: list[tuple[float, float, float, float]],
    points: Mapping[str, tuple[float, float]],
) -> tuple[float, float, float, float] | None:
    """The free spot on one ring around ``point`` nearest to it, if any."""
    ax, ay, aw, ah = area
    bw, bh = size
    best = None
    for a in range(24 if ring else 1):
        cx = point[0] + math.cos(math.pi * a / 12) * ring * (bw / 2 + GAP)
        cy = point[1] + math.sin(math.pi * a / 12) * ring * (bh / 2 + GAP)
        cx = min(max(cx, ax + bw / 2), ax + aw - bw / 2)
        cy = min(max(cy, ay + bh / 2), ay + ah - bh / 2)
        box = (cx - bw / 2, cy - bh / 2, bw, bh)
        if _free(box, placed, points, rid):
            d = math.dist((cx, cy), point)
            if best is None or d < best[0]:
                best = (d, box)
    return None if best is None else best[1]


def _clusters(
    ids: list[str], anchors: Mapping[str, tuple[float, float]], sizes: Mapping[str, tuple[int, int]]
) -> list[list[str]]:
    """Groups of regions whose points are so close that their boxes must fan out around them.

    Points closer than about half a box width cannot each have a box nearby;
    points further apart are left to the nearest-free-spot search, which moves
    boxes less.
    """
    parent = {r: r for r in ids}

    def find(r: str) -> str:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            reach = CLUSTER * (sizes[a][0] + sizes[b][0]) / 2
            if math.dist(anchors[a], anchors[b]) < reach:
                parent[find(a)] = find(b)
    groups: dict[str, list[str]] = {}
    for r in ids:
        groups.setdefault(find(r), []).append(r)
    return sorted(groups.values(), key=lambda g: (len(g), g))


def _fan_out(
    members: list[str],
    anchors: Mapping[str, tuple[float, float]],
    sizes: Mapping[str, tuple[int, int]],
) -> dict[str, tuple[float, float]]:
    """Target spots for a cluster's boxes: evenly spaced around it, in angular order."""
    m = len(members)
    cx = sum(anchors[r][0] for r in members) / m
    cy = sum(anchors[r][1] for r in members) / m
    ring = sorted(members, key=lambda r: (math.atan2(anchors[r][1] - cy, anchors[r][0] - cx), r))
    angles = [math.atan2(anchors[r][1] - cy, anchors[r][0] - cx) for r in ring]
    # Rotate the even spacing to match the points' own angles as well as it can.
    s = sum(math.sin(a - 2 * math.pi * i / m) for i, a in enumerate(angles))
    c = sum(math.cos(a - 2 * math.pi * i / m) for i, a in enumerate(angles))
    offset = math.atan2(s, c)
    bw = max(sizes[r][0] for r in members)
    bh = max(sizes[r][1] for r in members)
    rx = max(abs(anchors[r][0] - cx) for r in members) + bw / 2 + 2 * POINT_R
    ry = max(abs(anchors[r][1] - cy) for r in members) + bh / 2 + 2 * POINT_R
    # Grow the ellipse until its perimeter holds the boxes side by side.
    need = m * (bw + bh) / 2 * 1.25
    perimeter = 2 * math.pi * math.sqrt((rx * rx + ry * ry) / 2)
    if perimeter < need:
        rx, ry = rx * need / perimeter, ry * need / perimeter
    return {
        r: (
            cx + rx * math.cos(offset + 2 * math.pi * i / m),
            cy + ry * math.sin(offset + 2 * math.pi * i / m),
        )
        for i, r in enumerate(ring)
    }


CLUSTER = 0.55
"""Points closer than this many box widths are laid out together (fanned out)."""

_RINGS = (0, 0.5, 1.0, 1.5, 2.0, 2.6, 3.2, 3.9, 4.7, 5.6, 6.6, 8.0)
"""Radii (in half box sizes) of the spots tried around a box's target."""

POINT_R = 7
"""Half-size of the square kept clear around every other region's true point."""


def _free(
    box: tuple[float, float, float, float],
    placed: list[tuple[float, float, float, float]],
    points: Mapping[str, tuple[float, float]],
    own: str,
) -> bool:
    x, y, w, h = box
    for ox, oy, ow, oh in placed:
        if x < ox + ow + GAP and ox < x + w + GAP and y < oy + oh + GAP and oy < y + h + GAP:
            return False
    for rid, (px, py) in points.items():
        if rid == own:
            continue
        if x - POINT_R < px < x + w + POINT_R and y - POINT_R < py < y + h + POINT_R:
            return False
    return True


def overlaps(boxes: Mapping[str, Rect]) -> list[tuple[str, str]]:
    """Pairs of boxes that overlap (for tests and for the layout's own checks)."""
    items = sorted(boxes.items())
    out = []
    for k, (a, ra) in enumerate(items):
        for b, rb in items[k + 1 :]:
            if (
                ra[0] < rb[0] + rb[2]
                and rb[0] < ra[0] + ra[2]
                and ra[1] < rb[1] + rb[3]
                and rb[1] < ra[1] + ra[3]
            ):
                out.append((a, b))
    return out


def leader_end(box: Rect, point: tuple[float, float]) -> tuple[float, float] | None:
    """Where a leader line from ``point`` meets ``box``; None if the point is inside it."""
    x, y, w, h = box
    px, py = point
    qx = min(max(px, x), x + w)
    qy = min(max(py, y), y + h)
    if (qx, qy) == (px, py):
        return None
    return qx, qy
