"""Actor symbols: the second cue, besides colour, that tells actors apart.

A scenario gives each actor a colour and a ``symbol``: a shape name (square,
triangle, circle, diamond, hexagon, pentagon, star, cross) or a single
letter. Every marker of an actor is drawn as that symbol filled with the
colour and outlined in dark ink, so players who cannot tell the colours apart
can still tell the shapes (and the legend names them).
"""

from __future__ import annotations

import math

import pygame

from game.render import style
from game.ruleset.model import Actor

SHAPES = ("square", "triangle", "circle", "diamond", "hexagon", "pentagon", "star", "cross")
OUTLINE: style.Color = (30, 28, 32)


def _polygon(cx: float, cy: float, r: float, n: int, phase: float) -> list[tuple[float, float]]:
    return [
        (
            cx + r * math.cos(phase + 2 * math.pi * i / n),
            cy + r * math.sin(phase + 2 * math.pi * i / n),
        )
        for i in range(n)
    ]


def symbol_points(shape: str, cx: float, cy: float, size: float) -> list[tuple[float, float]]:
    """The outline of a shape of about ``size`` pixels across, centred on (cx, cy)."""
    r = size / 2
    if shape == "square":
        r *= 0.86
        return [(cx - r, cy - r), (cx + r, cy - r), (cx + r, cy + r), (cx - r, cy + r)]
    if shape == "triangle":
        return _polygon(cx, cy + r * 0.15, r * 1.08, 3, -math.pi / 2)
    if shape == "diamond":
        return _polygon(cx, cy, r * 1.05, 4, -math.pi / 2)
    if shape == "hexagon":
        return _polygon(cx, cy, r, 6, 0)
    if shape == "pentagon":
        return _polygon(cx, cy, r, 5, -math.pi / 2)
    if shape == "star":
        pts = []
        for i in range(10):
            rr = r * 1.1 if i % 2 == 0 else r * 0.48
            a = -math.pi / 2 + math.pi * i / 5
            pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
        return pts
    if shape == "cross":
        a, b = r * 0.36, r * 0.95
        return [
            (cx - a, cy - b), (cx + a, cy - b), (cx + a, cy - a), (cx + b, cy - a),
            (cx + b, cy + a), (cx + a, cy + a), (cx + a, cy + b), (cx - a, cy + b),
            (cx - a, cy + a), (cx - b, cy + a), (cx - b, cy - a), (cx - a, cy - a),
        ]  # fmt: skip
    return []


def glyph_of(actor: Actor) -> str:
    """What marks the actor: its shape name, or one letter (its symbol, else its short label)."""
    sym = actor.symbol.strip().lower()
    if sym in SHAPES:
        return sym
    if actor.symbol.strip():
        return actor.symbol.strip()[0].upper()
    return (actor.short or "?")[0].upper()


def draw_symbol(
    surface: pygame.Surface,
    actor: Actor,
    centre: tuple[float, float],
    size: int,
    *,
    outline: style.Color = OUTLINE,
) -> None:
    """Draw ``actor``'s symbol, filled with its colour, at ``centre``."""
    colour = style.hex_colour(actor.colour)
    glyph = glyph_of(actor)
    cx, cy = centre
    if glyph == "circle":
        pygame.draw.circle(surface, colour, (cx, cy), size / 2)
        pygame.draw.circle(surface, outline, (cx, cy), size / 2, 1)
        return
    pts = symbol_points(glyph, cx, cy, size)
    if pts:
        pygame.draw.polygon(surface, colour, pts)
        pygame.draw.aalines(surface, outline, True, pts)
        return
    # A letter: a disc in the actor's colour with the letter in contrasting ink.
    pygame.draw.circle(surface, colour, (cx, cy), size / 2 + 1)
    pygame.draw.circle(surface, outline, (cx, cy), size / 2 + 1, 1)
    letter = style.text(glyph, max(8, int(size * 0.8)), style.ink_on(colour), bold=True)
    surface.blit(letter, letter.get_rect(center=(round(cx), round(cy))))


def symbol_surface(actor: Actor, size: int) -> pygame.Surface:
    """The symbol on its own transparent surface (for panels and legends)."""
    surf = pygame.Surface((size + 4, size + 4), pygame.SRCALPHA)
    draw_symbol(surf, actor, ((size + 4) / 2, (size + 4) / 2), size)
    return surf
