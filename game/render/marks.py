"""Line styles of the board (paths, adjacency) and the legend that explains every mark.

Each kind of path has its own colour *and* pattern (solid, railway ties,
dashes, dots), so the kinds stay apart without colour. The legend draws its
samples with the same functions as the board, so it can never disagree.
"""

from __future__ import annotations

import math

import pygame

from game.render import style, symbols
from game.ruleset.model import Ruleset

Point = tuple[float, float]


def offset(p: Point, q: Point, d: float) -> tuple[Point, Point]:
    """The segment p-q moved sideways by ``d`` pixels (to the left of p->q)."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    n = math.hypot(dx, dy) or 1.0
    ox, oy = -dy / n * d, dx / n * d
    return (p[0] + ox, p[1] + oy), (q[0] + ox, q[1] + oy)


def dashed(
    surf: pygame.Surface,
    colour: tuple[int, ...],
    p: Point,
    q: Point,
    width: int,
    dash: float,
    gap: float,
) -> None:
    length = math.dist(p, q)
    if length < 1:
        return
    ux, uy = (q[0] - p[0]) / length, (q[1] - p[1]) / length
    t = 0.0
    while t < length:
        e = min(t + dash, length)
        a = (p[0] + ux * t, p[1] + uy * t)
        b = (p[0] + ux * e, p[1] + uy * e)
        if width <= 1:
            pygame.draw.aaline(surf, colour, a, b)
        else:
            pygame.draw.line(surf, colour, a, b, width)
        t = e + gap


def styled_line(
    surf: pygame.Surface, colour: tuple[int, ...], p: Point, q: Point, width: int, pattern: str
) -> None:
    """One segment of a path in its kind's pattern, over a pale casing for contrast."""
    casing = (250, 248, 240, 170)
    if pattern == "dot":
        length = math.dist(p, q)
        n = max(1, int(length / 8))
        for i in range(n + 1):
            c = (p[0] + (q[0] - p[0]) * i / n, p[1] + (q[1] - p[1]) * i / n)
            pygame.draw.circle(surf, casing, c, width / 2 + 1.5)
            pygame.draw.circle(surf, colour, c, width / 2 + 0.5)
        return
    pygame.draw.line(surf, casing, p, q, width + 2)
    if pattern == "dash":
        dashed(surf, colour, p, q, width, 9.0, 5.0)
        return
    pygame.draw.line(surf, colour, p, q, width)
    if pattern == "rail":  # cross ties, like a railway on a paper map
        length = math.dist(p, q)
        if length < 1:
            return
        ux, uy = (q[0] - p[0]) / length, (q[1] - p[1]) / length
        t = 4.0
        while t < length:
            cx, cy = p[0] + ux * t, p[1] + uy * t
            pygame.draw.line(
                surf, colour, (cx - uy * 4, cy + ux * 4), (cx + uy * 4, cy - ux * 4), 1
            )
            t += 8.0


def adjacency(surf: pygame.Surface, p: Point, q: Point) -> None:
    dashed(surf, (*style.ADJACENCY, 150), p, q, 1, 5.0, 3.0)


def legend(rules: Ruleset) -> pygame.Surface:
    """The legend: path kinds in use, adjacency, and the anatomy of a region box."""
    kinds = [k for k in style.PATH_STYLES if any(p.kind == k for p in rules.paths.values())]
    row = 17
    w, h = 222, 30 + (len(kinds) + 6) * row
    surf = pygame.Surface((w, h), pygame.SRCALPHA)
    pygame.draw.rect(surf, (250, 247, 239, 236), (0, 0, w, h), border_radius=5)
    pygame.draw.rect(surf, style.BOX_EDGE, (0, 0, w, h), 1, border_radius=5)
    surf.blit(style.text("Legend", 12, style.BOX_TEXT, bold=True), (8, 4))
    surf.blit(style.text("L hides it", 10, style.BOX_MUTED), (w - 58, 6))
    y = 25
    label_x = 56

    def label(text: str) -> None:
        surf.blit(style.text(text, 11, style.BOX_TEXT), (label_x, y))

    for kind in kinds:
        colour, width, pattern = style.PATH_STYLES[kind]
        styled_line(surf, (*colour, 255), (10, y + 8), (46, y + 8), width, pattern)
        label(style.PATH_LABELS[kind])
        y += row
    dashed(surf, (*style.ADJACENCY, 220), (10, y + 8), (46, y + 8), 1, 5.0, 3.0)
    label("Adjacent regions")
    y += row
    actor = next(iter(rules.actors.values()))
    symbols.draw_symbol(surf, actor, (15, y + 8), 10)
    surf.blit(style.text("3", 12, style.BOX_TEXT, bold=True), (22, y))
    label("Influence (symbol, amount)")
    y += row
    tile = pygame.Rect(10, y + 2, 13, 12)
    pygame.draw.rect(surf, (52, 48, 50), tile, border_radius=2)
    symbols.draw_symbol(surf, actor, tile.center, 8)
    surf.blit(style.text("2", 12, style.BOX_TEXT, bold=True), (26, y))
    label("Forces (symbol on a tile)")
    y += row
    band = pygame.Rect(10, y + 2, 38, 13)
    colour = style.hex_colour(actor.colour)
    pygame.draw.rect(surf, colour, band, border_radius=3)
    pygame.draw.circle(surf, (250, 248, 240), (17, band.centery), 5.5)
    symbols.draw_symbol(surf, actor, (17, band.centery), 8)
    label("Header: who controls it")
    y += row
    badge = pygame.Rect(10, y + 2, 17, 13)
    pygame.draw.rect(surf, (70, 64, 66), badge, border_radius=3)
    two = style.text("2", 11, (250, 250, 250), bold=True)
    surf.blit(two, two.get_rect(center=badge.center))
    label("Stability (margin to control)")
    y += row
    pygame.draw.circle(surf, (250, 248, 240), (28, y + 8), 4)
    pygame.draw.circle(surf, style.LEADER, (28, y + 8), 2.5)
    pygame.draw.line(surf, style.LEADER, (28, y + 8), (46, y + 2), 1)
    label("True place of a moved box")
    return surf
