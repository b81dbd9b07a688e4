"""The board: the map, the region boxes, adjacency, paths and highlights, drawn from a View.

``draw_board`` is a pure function of (surface, viewport, view, rules,
highlights): it holds no game state, so tests and the benchmark call it
directly and the app only decides *what* to highlight. The work that does not
change between frames is cached: the map with its lines per viewport (one
blit), and each box per content (one blit). A steady frame is therefore a
blit of the background plus a few dozen small blits.

Box anatomy (also in the legend): the header band takes the controller's
colour and symbol; the badge on its right is the stability; bare symbols with
numbers are influence; symbols on dark tiles are forces.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs
import pygame

from game.engine import View
from game.render import fonts, marks, style, symbols
from game.render.basemap import Basemap, draw_map_labels, load_basemap, render_basemap
from game.render.boxes import (
    PER_ROW,
    BoxLayout,
    BoxStyle,
    box_rows,
    box_size,
    box_style,
    capacity,
    is_offmap,
    layout_boxes,
    leader_end,
)
from game.render.projection import Rect, Viewport
from game.ruleset.model import Ruleset

NOBODY = "nobody"


@attrs.frozen
class Highlights:
    """What the app wants emphasised; everything else comes from the view."""

    targets: frozenset[str] = frozenset()
    """Legal target regions of the decision at hand: outlined in gold, clickable."""
    hover: str | None = None
    """The region under the mouse."""
    flash: tuple[tuple[str, str, float], ...] = ()
    """Recent moves as (region, actor, strength 0..1): a ring in the actor's colour."""
    legend: bool = True
    """Show the legend in the map's corner."""
    costs: tuple[tuple[str, int], ...] = ()
    """What each target costs in operation points: a badge on its box."""


class BoardPainter:
    """Draws one ruleset's board; owns the caches that make a frame cheap."""

    def __init__(self, rules: Ruleset, basemap: Basemap | None = None):
        self.rules = rules
        self.basemap = basemap if basemap is not None else _shared_basemap()
        self._layouts: dict[tuple[Viewport, tuple[tuple[int, int], ...], bool], BoxLayout] = {}
        self._static: dict[tuple[Viewport, tuple[Rect, ...]], pygame.Surface] = {}
        self._boxes: dict[tuple[object, ...], tuple[pygame.Surface, tuple[str, ...]]] = {}
        self._legend: pygame.Surface | None = None
        self._veil: pygame.Surface | None = None
        self.label_rects: list[pygame.Rect] = []
        """Where the map's names went on the last static layer (clear of every box)."""

    # -- layout ----------------------------------------------------------------------------
    def sizes(self, view: View, bs: BoxStyle) -> dict[str, tuple[int, int]]:
        """Each region's box size: fixed for the scenario (room for what it starts with, and
        at least two rows), so the layout never moves as the game goes on."""
        return {rid: box_size(capacity(self.rules.regions[rid]), bs) for rid in self.rules.regions}

    def layout(self, viewport: Viewport, view: View, legend: bool = True) -> BoxLayout:
        """The box layout for this viewport (recomputed only when a box changes size)."""
        sizes = self.sizes(view, box_style(viewport.rect))
        key = (viewport, tuple(sizes[r] for r in self.rules.regions), legend)
        got = self._layouts.get(key)
        if got is None:
            if len(self._layouts) > 8:
                self._layouts.pop(next(iter(self._layouts)))
            size = self.legend_surface().get_size() if legend else None
            got = layout_boxes(viewport, self.rules, sizes, size)
            self._layouts[key] = got
        return got

    # -- drawing ---------------------------------------------------------------------------
    def draw(
        self,
        surface: pygame.Surface,
        viewport: Viewport,
        view: View,
        highlights: Highlights = Highlights(),
        *,
        drag: tuple[int, int] = (0, 0),
        texts: list[str] | None = None,
    ) -> BoxLayout:
        """Draw the whole board into ``viewport.rect``; returns the layout for hit tests.

        ``drag`` shifts the cached map and boxes while the map is being dragged,
        so a drag costs a blit per frame and the relayout waits for the release.
        """
        layout = self.layout(viewport, view, highlights.legend)
        static = self._static_layer(viewport, layout)
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(viewport.rect))
        if drag != (0, 0):
            surface.fill(style.mix((182, 210, 229), (120, 130, 140), 0.3), viewport.rect)
            layout = layout.shifted(*drag)
        surface.blit(static, (viewport.rect[0] + drag[0], viewport.rect[1] + drag[1]))
        if layout.strip is not None:
            self._draw_strip(surface, layout.strip, texts)
        targeting = bool(highlights.targets)
        bs = box_style(viewport.rect)
        for rid in layout.order:
            rect = layout.boxes[rid]
            box, words = self._box(rid, view, bs)
            surface.blit(box, rect[:2])
            if texts is not None:
                texts.extend(words)
            if targeting and rid not in highlights.targets:
                surface.blit(self._veil_for(rect[2:]), rect[:2])
        for rid, actor, strength in highlights.flash:
            if rid in layout.boxes and actor in self.rules.actors:
                colour = style.hex_colour(self.rules.actors[actor].colour)
                r = pygame.Rect(layout.boxes[rid]).inflate(8 + 8 * strength, 8 + 8 * strength)
                pygame.draw.rect(surface, colour, r, 4, border_radius=7)
                pygame.draw.rect(surface, symbols.OUTLINE, r.inflate(2, 2), 1, border_radius=8)
        costs = dict(highlights.costs)
        for rid in sorted(highlights.targets):
            if rid in layout.boxes:
                r = pygame.Rect(layout.boxes[rid]).inflate(6, 6)
                pygame.draw.rect(surface, (40, 30, 10), r.inflate(2, 2), 1, border_radius=6)
                pygame.draw.rect(surface, style.TARGET, r, 3, border_radius=5)
                if rid in costs:  # the price, on the box's bottom edge
                    n = costs[rid]
                    tag = style.text(f"{n} pt{'' if n == 1 else 's'}", 11, (27, 23, 16), True)
                    badge = tag.get_rect().inflate(8, 2)
                    badge.midbottom = (r.centerx, r.bottom + 4)
                    pygame.draw.rect(surface, style.TARGET, badge, border_radius=6)
                    surface.blit(tag, tag.get_rect(center=badge.center))
                    if texts is not None:
                        texts.append(f"{n} pt{'' if n == 1 else 's'}")
        if highlights.hover is not None and highlights.hover in layout.boxes:
            r = pygame.Rect(layout.boxes[highlights.hover]).inflate(4, 4)
            pygame.draw.rect(surface, style.HOVER, r, 2, border_radius=4)
        if layout.legend is not None:
            surface.blit(self.legend_surface(), layout.legend[:2])
            if texts is not None:
                texts.append("Legend")
        else:  # a tab saying how to bring it back
            tab = style.text("L: legend", 11, style.PANEL_TEXT, bold=True)
            x0, y0, _, h = viewport.rect
            r = tab.get_rect(bottomleft=(x0 + 14, y0 + h - 10)).inflate(12, 6)
            pygame.draw.rect(surface, (40, 44, 58), r, border_radius=4)
            surface.blit(tab, tab.get_rect(center=r.center))
            if texts is not None:
                texts.append("L: legend")
        surface.set_clip(clip)
        return layout

    def legend_surface(self) -> pygame.Surface:
        if self._legend is None:
            self._legend = marks.legend(self.rules)
        return self._legend

    def _veil_for(self, size: tuple[int, int]) -> pygame.Surface:
        if self._veil is None or self._veil.get_size() != size:
            self._veil = pygame.Surface(size, pygame.SRCALPHA)
            self._veil.fill((60, 60, 70, 120))
        return self._veil

    def _draw_strip(self, surface: pygame.Surface, strip: Rect, texts: list[str] | None) -> None:
        panel = pygame.Surface(strip[2:], pygame.SRCALPHA)
        panel.fill((40, 44, 58, 200))
        surface.blit(panel, strip[:2])
        pygame.draw.rect(surface, (20, 22, 30), strip, 1, border_radius=4)
        title = style.text("Beyond the map", 12, style.PANEL_TEXT, bold=True)
        surface.blit(title, (strip[0] + (strip[2] - title.get_width()) // 2, strip[1] + 6))
        if texts is not None:
            texts.append("Beyond the map")

    # -- the cached background: map, adjacency, paths, leader lines -------------------------
    def _static_layer(self, viewport: Viewport, layout: BoxLayout) -> pygame.Surface:
        key = (viewport, tuple(layout.boxes.values()))
        got = self._static.get(key)
        if got is not None:
            return got
        if len(self._static) > 3:
            self._static.pop(next(iter(self._static)))
        x0, y0, w, h = viewport.rect
        surf = pygame.Surface((w, h))
        local = attrs.evolve(viewport, rect=(0, 0, w, h))
        render_basemap(surf, local, self.basemap, labels=False)
        lines = pygame.Surface((w, h), pygame.SRCALPHA)
        centre = {
            rid: (r[0] - x0 + r[2] / 2, r[1] - y0 + r[3] / 2) for rid, r in layout.boxes.items()
        }
        self._draw_adjacency(lines, centre)
        self._draw_paths(lines, centre)
        leaders = []
        for rid, (ax, ay) in layout.anchors.items():
            box = layout.boxes[rid]
            end = leader_end(box, (ax, ay))
            if end is None:
                continue
            a = (ax - x0, ay - y0)
            b = (end[0] - x0, end[1] - y0)
            leaders.append((a, b))
        for a, b in leaders:  # on top of paths: they say where each box really is
            if math.dist(a, b) > 3:
                pygame.draw.line(lines, (250, 248, 240, 200), a, b, 3)
                pygame.draw.aaline(lines, (*style.LEADER, 255), a, b)
        for a, _ in leaders:
            pygame.draw.circle(lines, (250, 248, 240, 255), a, 4)
            pygame.draw.circle(lines, (*style.LEADER, 255), a, 2.5)
        surf.blit(lines, (0, 0))
        # The map's names last, clear of every box (the lines may cross them: they are thin).
        credit = style.text(self.basemap.credit or "", 10, (90, 96, 110))
        at = (w - credit.get_width() - 6, h - credit.get_height() - 2)
        taken = [*layout.boxes.values(), *(r for r in (layout.strip, layout.legend) if r)]
        avoid = tuple((bx - x0 - 2, by - y0 - 2, bw + 4, bh + 4) for bx, by, bw, bh in taken)
        avoid += ((at[0] - 2, at[1] - 2, credit.get_width() + 4, credit.get_height() + 4),)
        self.label_rects = draw_map_labels(surf, local, self.basemap, avoid)
        surf.blit(credit, at)
        self._static[key] = surf
        return surf

    def _draw_adjacency(
        self, surf: pygame.Surface, centre: Mapping[str, tuple[float, float]]
    ) -> None:
        seen: set[tuple[str, str]] = set()
        for rid, region in self.rules.regions.items():
            for other in region.adjacent:
                pair = (min(rid, other), max(rid, other))
                if pair in seen or other not in centre:
                    continue
                seen.add(pair)
                marks.adjacency(surf, centre[rid], centre[other])

    def _draw_paths(self, surf: pygame.Surface, centre: Mapping[str, tuple[float, float]]) -> None:
        # Paths sharing a stretch (four lines run through the Ganja gap) are drawn
        # side by side: each gets its own lateral offset on every shared segment.
        users: dict[tuple[str, str], list[str]] = {}
        for pid, path in self.rules.paths.items():
            for a, b in zip(path.regions, path.regions[1:], strict=False):
                users.setdefault((min(a, b), max(a, b)), []).append(pid)
        for pid, path in self.rules.paths.items():
            colour, width, pattern = style.PATH_STYLES.get(path.kind, ((90, 90, 90), 2, "solid"))
            for a, b in zip(path.regions, path.regions[1:], strict=False):
                if a not in centre or b not in centre:
                    continue
                group = users[(min(a, b), max(a, b))]
                k = group.index(pid) - (len(group) - 1) / 2
                p, q = centre[a], centre[b]
                if a > b:  # offsets are measured on the segment's canonical direction
                    p, q = q, p
                p, q = marks.offset(p, q, k * (width + 3))
                marks.styled_line(surf, (*colour, 235), p, q, width, pattern)

    # -- region boxes ----------------------------------------------------------------------
    def _box(self, rid: str, view: View, bs: BoxStyle) -> tuple[pygame.Surface, tuple[str, ...]]:
        infl = tuple(sorted(view.influence.get(rid, {}).items(), key=self._actor_order))
        forces = tuple(sorted(view.forces.get(rid, {}).items(), key=self._actor_order))
        ctl = view.controllers.get(rid, NOBODY)
        key = (rid, infl, forces, ctl, bs)
        got = self._boxes.get(key)
        if got is None:
            if len(self._boxes) > 600:
                self._boxes.clear()
            got = self._render_box(rid, infl, forces, ctl, bs)
            self._boxes[key] = got
        return got

    def _actor_order(self, item: tuple[str, int]) -> tuple[int, str]:
        actors = list(self.rules.actors)
        return (actors.index(item[0]) if item[0] in actors else 99, item[0])

    def _render_box(
        self,
        rid: str,
        infl: tuple[tuple[str, int], ...],
        forces: tuple[tuple[str, int], ...],
        ctl: str,
        bs: BoxStyle,
    ) -> tuple[pygame.Surface, tuple[str, ...]]:
        rules = self.rules
        region = rules.regions[rid]
        w, h = box_size(capacity(region), bs)
        surf = pygame.Surface((w + 3, h + 3), pygame.SRCALPHA)
        body = pygame.Rect(0, 0, w, h)
        pygame.draw.rect(surf, style.SHADOW, body.move(3, 3), border_radius=4)
        bg = style.BOX_BG
        if "sea" in region.tags:
            bg = style.BOX_SEA_BG
        elif is_offmap(rules, rid):
            bg = style.BOX_OFFMAP_BG
        pygame.draw.rect(surf, bg, body, border_radius=4)
        words: list[str] = []
        # Header: the controller's colour band and symbol (or a plain band), and the name.
        hh = bs.header - 1
        mid = hh / 2
        header = pygame.Rect(0, 0, w, hh)
        owner = rules.actors.get(ctl)
        band = style.hex_colour(owner.colour) if owner else (214, 208, 198)
        pygame.draw.rect(surf, band, header, border_top_left_radius=4, border_top_right_radius=4)
        ink = style.ink_on(band)
        x = 4
        if owner is not None:
            r = bs.symbol * 0.75
            pygame.draw.circle(surf, (250, 248, 240), (3 + r, mid), r)
            symbols.draw_symbol(surf, owner, (3 + r, mid), bs.symbol)
            x = round(6 + 2 * r)
            words.append(f"controlled by {owner.short}")
        full = style.short_name(region.name)
        size = bs.name
        if fonts.font(size, True).size(full)[0] > w - x - 3:
            size -= 1
        name = style.fit(full, size, w - x - 3, bold=True)
        label = style.text(name, size, ink, bold=True)
        surf.blit(label, (x, round(mid - label.get_height() / 2)))
        words.append(name)
        # Body: influence chips (the first row ends with the stability badge), then forces.
        stab = style.text(str(region.stability), bs.number - 1, (250, 250, 250), bold=True)
        badge = pygame.Rect(0, 0, max(bs.row + 1, stab.get_width() + 7), bs.row - 2)
        badge.topright = (w - 4, bs.header + 2)
        pygame.draw.rect(surf, (70, 64, 66), badge, border_radius=3)
        surf.blit(stab, stab.get_rect(center=badge.center))
        words.append(f"stability {region.stability}")
        y = bs.header + 1
        half = bs.row // 2
        room = capacity(region)
        for row in _chip_rows(infl, forces, room):
            x = 4
            for actor_id, n, force in row:
                actor = rules.actors.get(actor_id)
                if actor_id == MORE:  # what does not fit: '+N more', all in the tooltip
                    more = style.text(f"+{n}", bs.number, style.BOX_MUTED, bold=True)
                    surf.blit(more, (x, y + half - more.get_height() // 2))
                    words.append(f"{n} more")
                    continue
                if force:
                    tile = pygame.Rect(x, y + 1, bs.symbol + 3, bs.row - 3)
                    pygame.draw.rect(surf, (52, 48, 50), tile, border_radius=2)
                    if actor is not None:
                        symbols.draw_symbol(surf, actor, tile.center, bs.symbol - 2)
                    right = tile.right + 2
                else:
                    if actor is not None:
                        symbols.draw_symbol(surf, actor, (x + bs.symbol / 2, y + half), bs.symbol)
                    right = x + bs.symbol + 2
                num = style.text(str(n), bs.number, style.BOX_TEXT, bold=True)
                surf.blit(num, (right, y + half - num.get_height() // 2))
                short = actor.short if actor else actor_id
                words.append(f"{short} forces {n}" if force else f"{short} {n}")
                x += bs.chip
            y += bs.row
        edge = band if owner else style.BOX_EDGE
        pygame.draw.rect(surf, edge, body, 2 if owner else 1, border_radius=4)
        return surf, tuple(words)


# -- the pure entry point --------------------------------------------------------------------
_basemap: Basemap | None = None
_painters: dict[int, BoardPainter] = {}


def _shared_basemap() -> Basemap:
    global _basemap
    if _basemap is None:
        _basemap = load_basemap()
    return _basemap


def painter_for(rules: Ruleset) -> BoardPainter:
    """The (cached) painter of a ruleset."""
    p = _painters.get(id(rules))
    if p is None or p.rules is not rules:
        if len(_painters) > 4:
            _painters.clear()
        p = BoardPainter(rules)
        _painters[id(rules)] = p
    return p


def draw_board(
    surface: pygame.Surface,
    viewport: Viewport,
    view: View,
    rules: Ruleset,
    highlights: Highlights = Highlights(),
    *,
    texts: list[str] | None = None,
) -> BoxLayout:
    """Draw the board for ``view``; returns the box layout (for hit tests).

    The result depends only on the arguments; caches behind it only save time.
    ``texts``, if given, receives every word drawn (tests check what is shown).
    """
    return painter_for(rules).draw(surface, viewport, view, highlights, texts=texts)


MORE = "+"
"""The marker of a box's last slot when not everything fits."""
Chip = tuple[str, int, bool]
"""(actor, amount, is a force counter)."""


def _chip_rows(
    infl: tuple[tuple[str, int], ...], forces: tuple[tuple[str, int], ...], room: int
) -> list[list[Chip]]:
    """Influence chips (3 on the first row, beside the stability badge, then 4 a row), then
    force counters on rows of their own; when that needs more than ``room`` rows, one flow
    of chips and counters, the last slot saying how many more there are."""
    chips: list[Chip] = [(a, n, False) for a, n in infl]
    tiles: list[Chip] = [(a, n, True) for a, n in forces]
    if box_rows(len(infl), len(forces)) <= room:
        rows = [chips[: PER_ROW - 1]] + [
            chips[i : i + PER_ROW] for i in range(PER_ROW - 1, len(chips), PER_ROW)
        ]
        rows += [tiles[i : i + PER_ROW] for i in range(0, len(tiles), PER_ROW)]
        return rows
    items = chips + tiles
    slots = PER_ROW - 1 + PER_ROW * (room - 1)
    if len(items) > slots:
        items = [*items[: slots - 1], (MORE, len(items) - slots + 1, False)]
    out = [items[: PER_ROW - 1]]
    out += [items[i : i + PER_ROW] for i in range(PER_ROW - 1, len(items), PER_ROW)]
    return out
