"""The board's background map: load the committed asset and draw it.

The map is static data (``assets/map/caucasus.json``, built by
``tools/build_map.py``), so it is drawn once per viewport into a cached
surface and then only blitted: a steady frame costs one blit, and only a zoom
or pan pays for projecting and drawing the geometry again. Colours are muted
so that the players' coloured markers stay the loudest thing on the board.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs
import pygame

from game.render import fonts
from game.render.projection import Bounds, Viewport
from game.shipped import shipped

ASSET_PATH = shipped("assets", "map", "caucasus.json")
"""The packaged map asset (the repo's assets/, beside game/)."""

Point = tuple[float, float]
Ring = tuple[Point, ...]
Color = tuple[int, int, int]
RGBA = tuple[int, int, int] | tuple[int, int, int, int]

# --- Palette: a calm paper map; markers drawn on top should dominate. -------
SEA: Color = (182, 210, 229)
SEA_SHORE: Color = (168, 199, 222)
LAKE: Color = (176, 206, 228)
COAST: Color = (96, 134, 163)
RIVER: Color = (118, 160, 199)
MAJOR_RIVER: Color = (78, 128, 181)
BORDER: Color = (72, 62, 66)
BORDER_CASING: Color = (247, 242, 232)
DISPUTED: Color = (150, 42, 46)
LAND_DEFAULT: Color = (224, 220, 210)
COUNTRY_TINTS: Mapping[str, Color] = MappingProxyType(
    {
        "ARM": (234, 200, 168),  # apricot
        "AZE": (199, 219, 187),  # sage
        "GEO": (208, 188, 226),  # lilac, clearly apart from Russia's grey
        "RUS": (214, 210, 204),  # warm grey: the big neighbour recedes
        "TUR": (238, 229, 203),  # cream
        "IRN": (219, 214, 189),  # khaki
        "IRQ": (226, 222, 212),
        "SYR": (226, 222, 212),
        "KAZ": (222, 223, 211),
    }
)
"""Fill colour per iso_a3; a muted, distinct tint for each state."""

LABEL_STYLES: Mapping[str, tuple[int, bool, int, Color]] = MappingProxyType(
    {  # kind: (size, bold, tracking in px, colour)
        "country": (19, True, 4, (122, 108, 102)),
        "sea": (17, False, 6, (88, 128, 164)),
        "disputed": (13, False, 1, DISPUTED),
        "water": (12, False, 1, (70, 116, 160)),
        "place": (12, False, 0, (58, 54, 56)),
    }
)
HALO: Color = (250, 247, 240)
GAP_DEGREES = 0.03
"""Growth that closes the source's erosion gap between countries (~2 km, with margin)."""


@attrs.frozen(eq=False)
class Feature:
    """One drawable item of a layer: an area, a set of lines or a point."""

    props: Mapping[str, Any]
    """The asset's properties (name, iso_a3, kind, ...), read-only."""
    polygons: tuple[tuple[Ring, ...], ...] = ()
    """Areas: each polygon is its outer ring followed by its holes."""
    lines: tuple[Ring, ...] = ()
    """Line features (borders, rivers, coastline) as point sequences."""
    point: Point | None = None
    """Point features (places, label anchors)."""

    def get(self, key: str, default: Any = None) -> Any:
        """A property, or ``default`` if the feature has none of that name."""
        return self.props.get(key, default)


@attrs.define(eq=False)
class Basemap:
    """The loaded map asset, plus the render cache that belongs to it."""

    bbox: Bounds
    """Lon/lat box covered by the data."""
    credit: str
    """Attribution to show somewhere (Natural Earth)."""
    layers: Mapping[str, tuple[Feature, ...]]
    """Features per layer name (country, border, river, label, ...)."""
    _cache: dict[tuple[Any, ...], pygame.Surface] = attrs.field(init=False, factory=dict)
    _labels: dict[tuple[str, str], pygame.Surface] = attrs.field(init=False, factory=dict)

    def layer(self, name: str) -> tuple[Feature, ...]:
        """Features of one layer (empty if the asset has no such layer)."""
        return self.layers.get(name, ())

    def clear_cache(self) -> None:
        """Forget rendered surfaces (e.g. after the display format changed)."""
        self._cache.clear()
        self._labels.clear()


def load_basemap(path: str | Path | None = None) -> Basemap:
    """Read a map asset (default: the packaged ``assets/map/caucasus.json``)."""
    path = ASSET_PATH if path is None else Path(path)
    with open(path, encoding="utf-8") as fh:
        raw = json.load(fh)
    if raw.get("format") != 1:
        raise ValueError(f"{path}: unsupported map asset format {raw.get('format')!r}")
    layers = {
        name: tuple(_feature(item) for item in items) for name, items in raw["layers"].items()
    }
    bbox = tuple(float(v) for v in raw["bbox"])
    return Basemap((bbox[0], bbox[1], bbox[2], bbox[3]), raw.get("credit", ""), layers)


def _feature(item: Mapping[str, Any]) -> Feature:
    def ring(points: Sequence[Sequence[float]]) -> Ring:
        return tuple((float(p[0]), float(p[1])) for p in points)

    props = {k: v for k, v in item.items() if k not in ("polygons", "lines", "lonlat")}
    lonlat = item.get("lonlat")
    return Feature(
        props=MappingProxyType(props),
        polygons=tuple(tuple(ring(r) for r in poly) for poly in item.get("polygons", ())),
        lines=tuple(ring(line) for line in item.get("lines", ())),
        point=(float(lonlat[0]), float(lonlat[1])) if lonlat else None,
    )


def render_basemap(
    surface: pygame.Surface,
    viewport: Viewport,
    basemap: Basemap,
    *,
    labels: bool = True,
    places: bool = False,
) -> pygame.Rect:
    """Draw the map into ``viewport.rect`` of ``surface``; returns the area drawn.

    The first call for a viewport draws into an off-screen surface of the
    target's pixel format; later calls with the same viewport only blit it.
    ``labels`` adds country, sea, disputed-area and water names; ``places``
    adds the source's towns (off by default: board markers sit on them).
    """
    fmt = (surface.get_bitsize(), surface.get_masks(), surface.get_flags() & pygame.SRCALPHA)
    key = (viewport, labels, places, fmt)
    cached = basemap._cache.get(key)
    if cached is None:
        if len(basemap._cache) >= 4:  # a few views: the current one and recent zooms
            basemap._cache.pop(next(iter(basemap._cache)))
        cached = pygame.Surface(viewport.rect[2:], 0, surface)
        local = attrs.evolve(viewport, rect=(0, 0, *viewport.rect[2:]))
        _draw(cached, local, basemap)
        _draw_labels(cached, local, basemap, labels, places)
        basemap._cache[key] = cached
    return surface.blit(cached, viewport.rect[:2])


class _Projector:
    """Projects rings with the viewport's affine coefficients (hot loop)."""

    def __init__(self, viewport: Viewport) -> None:
        self.sx, self.ox, self.sy, self.oy = viewport.affine()

    def ring(self, ring: Ring) -> list[Point]:
        sx, ox, sy, oy = self.sx, self.ox, self.sy, self.oy
        return [(sx * lon + ox, sy * lat + oy) for lon, lat in ring]


def _draw(target: pygame.Surface, viewport: Viewport, basemap: Basemap) -> None:
    """Draw the geometry, bottom to top: sea, land, water, borders."""
    proj = _Projector(viewport)
    draw = pygame.draw
    target.fill(SEA)
    coast = [proj.ring(line) for f in basemap.layer("coastline") for line in f.lines]
    for line in coast:  # a darker shore band; land drawn next hides its inner half
        _thick(target, SEA_SHORE, line, 9)
    borders = [proj.ring(line) for f in basemap.layer("border") for line in f.lines]
    disputed = [
        (f.get("kind") == "Breakaway", proj.ring(line))
        for f in basemap.layer("disputed_border")
        for line in f.lines
    ]
    # Country polygons are also split (with gaps) along disputed lines.
    seams = borders + [pts for _, pts in disputed]
    target.blit(_land_layer(target.get_size(), viewport.scale, proj, basemap, seams), (0, 0))
    for feature in basemap.layer("disputed"):
        for polygon in feature.polygons:
            _hatch(target, proj.ring(polygon[0]), DISPUTED)
    for feature in basemap.layer("lake"):
        for polygon in feature.polygons:
            outer = proj.ring(polygon[0])
            draw.polygon(target, LAKE, outer)
            draw.aalines(target, COAST, True, outer)
    rivers = [
        (bool(f.get("major")), proj.ring(line)) for f in basemap.layer("river") for line in f.lines
    ]
    for major, pts in rivers:
        if not major:
            draw.aalines(target, RIVER, False, pts)
    for line in coast:
        draw.aalines(target, COAST, False, line)
    for pts in borders:
        _thick(target, BORDER_CASING, pts, 6)
    for pts in borders:
        draw.lines(target, BORDER, False, pts, 2)
    for major, pts in rivers:  # above borders: the Aras *is* a border for long stretches
        if major:
            draw.lines(target, MAJOR_RIVER, False, pts, 2)
            draw.aalines(target, MAJOR_RIVER, False, pts)
    for breakaway, pts in disputed:
        if breakaway:
            _dashed(target, DISPUTED, pts, 2, 9.0, 5.0)
        else:
            _dashed(target, DISPUTED, pts, 1, 3.0, 4.0)


def _land_layer(
    size: tuple[int, int],
    scale: float,
    proj: _Projector,
    basemap: Basemap,
    borders: list[list[Point]],
) -> pygame.Surface:
    """Country fills, with the source's border gaps closed.

    The source's polygons are eroded ~1 km along land borders. Each polygon is
    grown by half the gap (a thick outline in its own tint, drawn largest
    first so enclaves win), and the result is masked to "filled land or near
    a border", so the growth never spills into the sea at coasts.
    """
    grow = round(GAP_DEGREES * scale) + 2
    layer = pygame.Surface(size, pygame.SRCALPHA)
    mask = pygame.Surface(size, pygame.SRCALPHA)
    opaque = (255, 255, 255, 255)
    rings = [(tint, proj.ring(ring), enclave) for tint, ring, enclave in _fill_order(basemap)]
    for tint, ring, _ in rings:  # growth first: it only shows where no fill lands
        _thick(layer, tint, ring, grow, closed=True)
    for tint, ring, enclave in rings:
        if enclave:  # its host's fill just covered its growth: grow it again
            _thick(layer, tint, ring, grow, closed=True)
        pygame.draw.polygon(layer, tint, ring)
        pygame.draw.polygon(mask, opaque, ring)
    for pts in borders:
        _thick(mask, opaque, pts, grow + 4)
    layer.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    return layer


def _fill_order(basemap: Basemap) -> list[tuple[Color, Ring, bool]]:
    """Country outlines as (tint, outer ring, is_enclave), largest first.

    Holes are never cut out: every hole in this data is an enclave, and the
    enclave's own polygon, being smaller, is drawn on top of its host.
    """
    polygons: list[tuple[Color, tuple[Ring, ...]]] = []
    for feature in basemap.layer("country"):
        tint = COUNTRY_TINTS.get(feature.get("iso_a3", ""), LAND_DEFAULT)
        polygons.extend((tint, polygon) for polygon in feature.polygons)
    holes = [hole for _, polygon in polygons for hole in polygon[1:]]
    order = [
        (-_area(polygon[0]), tint, polygon[0], any(_inside(polygon[0][0], h) for h in holes))
        for tint, polygon in polygons
    ]
    order.sort(key=lambda item: item[0])
    return [(tint, ring, enclave) for _, tint, ring, enclave in order]


def _inside(point: Point, ring: Ring) -> bool:
    """Even-odd point-in-polygon test."""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _area(ring: Ring) -> float:
    total = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        total += x0 * y1 - x1 * y0
    return abs(total) / 2


def _thick(
    target: pygame.Surface, color: RGBA, pts: list[Point], width: int, closed: bool = False
) -> None:
    """A wide line with round joins (pygame's wide lines leave gaps at corners)."""
    pygame.draw.lines(target, color, closed, pts, width)
    if width > 3:
        radius = width / 2 - 0.5
        for x, y in pts:
            pygame.draw.circle(target, color, (x, y), radius)


def _dashed(
    target: pygame.Surface, color: Color, pts: list[Point], width: int, dash: float, gap: float
) -> None:
    """A dashed polyline whose pattern runs on across vertices."""
    on, left = True, dash
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        seg = math.hypot(x1 - x0, y1 - y0)
        pos = 0.0
        while seg - pos > 1e-9:
            step = min(left, seg - pos)
            if on:
                a, b = pos / seg, (pos + step) / seg
                start = (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a)
                end = (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)
                if width > 1:
                    pygame.draw.line(target, color, start, end, width)
                else:
                    pygame.draw.aaline(target, color, start, end)
            pos += step
            left -= step
            if left <= 1e-9:
                on = not on
                left = dash if on else gap


def _hatch(target: pygame.Surface, ring: list[Point], color: Color, spacing: int = 8) -> None:
    """Tint a polygon lightly and cross it with diagonal hatching.

    The hatch is drawn on a mask of the polygon and multiplied into it, so it
    stays inside the outline; the stripes are anchored to the surface, so
    neighbouring hatched areas line up.
    """
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    box = pygame.Rect(
        math.floor(min(xs)),
        math.floor(min(ys)),
        math.ceil(max(xs) - min(xs)) + 2,
        math.ceil(max(ys) - min(ys)) + 2,
    ).clip(target.get_rect())
    if box.width <= 0 or box.height <= 0:
        return
    layer = pygame.Surface(box.size, pygame.SRCALPHA)
    pygame.draw.polygon(layer, (255, 255, 255, 255), [(x - box.x, y - box.y) for x, y in ring])
    stripes = pygame.Surface(box.size, pygame.SRCALPHA)
    stripes.fill((*color, 30))
    w, h = box.size
    start = -((box.x + box.y) % spacing) - h
    for i in range(start, w + spacing, spacing):
        pygame.draw.line(stripes, (*color, 120), (i, h), (i + h, 0), 1)
    layer.blit(stripes, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
    target.blit(layer, box.topleft)


def _draw_labels(
    target: pygame.Surface, viewport: Viewport, basemap: Basemap, labels: bool, places: bool
) -> None:
    """Names on top of everything, each with a pale halo for legibility."""
    if places:
        for feature in basemap.layer("place"):
            assert feature.point is not None
            x, y = viewport.to_screen(*feature.point)
            size = 4 if feature.get("capital") else 3
            pygame.draw.circle(target, HALO, (x, y), size + 1)
            pygame.draw.circle(target, LABEL_STYLES["place"][3], (x, y), size)
            text = _label_surface(basemap, feature.get("name", ""), "place")
            target.blit(text, (x + size + 3, y - text.get_height() / 2))
    if labels:
        draw_map_labels(target, viewport, basemap, ())


LABEL_NUDGES = tuple(
    (dx, dy)
    for r in (0, 18, 36, 54, 72, 96)
    for dx, dy in (
        (0, 0),
        (0, -r),
        (0, r),
        (-r * 2, 0),
        (r * 2, 0),
        (-r, -r),
        (r, r),
        (r, -r),
        (-r, r),
    )
    if r or (dx, dy) == (0, 0)
)
"""Where a name may move, in pixels, to stay clear of the region boxes (nearest first)."""


def draw_map_labels(
    target: pygame.Surface,
    viewport: Viewport,
    basemap: Basemap,
    avoid: tuple[tuple[float, float, float, float], ...],
) -> list[pygame.Rect]:
    """Country, sea and area names, each moved to the nearest place clear of ``avoid`` (the
    region boxes, in the target's pixels) and of the names already placed; a name with no
    clear place nearby is left out (the boxes name the regions). Returns where they went."""
    placed: list[pygame.Rect] = []
    blocked = [pygame.Rect(a) for a in avoid]
    bounds = target.get_rect()
    for feature in basemap.layer("label"):
        assert feature.point is not None
        x, y = viewport.to_screen(*feature.point)
        text = _label_surface(basemap, feature.get("text", ""), feature.get("kind", "place"))
        rect = text.get_rect(center=(round(x), round(y)))
        for dx, dy in LABEL_NUDGES:
            spot = rect.move(dx, dy)
            if not bounds.contains(spot) and bounds.colliderect(rect):
                continue
            if spot.collidelist(blocked) < 0 and spot.collidelist(placed) < 0:
                target.blit(text, spot)
                placed.append(spot)
                break
    return placed


def _label_surface(basemap: Basemap, text: str, kind: str) -> pygame.Surface:
    """Render (and cache) a label: tracked letters with a 1-px halo."""
    key = (text, kind)
    cached = basemap._labels.get(key)
    if cached is not None:
        return cached
    size, bold, tracking, color = LABEL_STYLES.get(kind, LABEL_STYLES["place"])
    face = fonts.font(size, bold)
    # Letter-spaced names are set glyph by glyph; others whole, to keep kerning.
    parts = list(text) if tracking > 1 else [text]
    glyphs = [face.render(part, True, color) for part in parts]
    halos = [face.render(part, True, HALO) for part in parts]
    width = sum(g.get_width() for g in glyphs) + tracking * max(len(parts) - 1, 0) + 2
    out = pygame.Surface((width, face.get_height() + 2), pygame.SRCALPHA)
    x = 1
    for glyph, halo in zip(glyphs, halos, strict=True):
        for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, 1), (-1, 1), (1, -1)):
            out.blit(halo, (x + dx, 1 + dy))
        out.blit(glyph, (x, 1))
        x += glyph.get_width() + tracking
    basemap._labels[key] = out
    return out
