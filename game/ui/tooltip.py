"""Hover tooltips for the board: a region's full state, or any list of lines.

The words are worked out by a pure function (``region_lines``) so tests can
check them; drawing them is a separate step that keeps the box on screen.
"""

from __future__ import annotations

import pygame

from game.engine import View
from game.render import style, symbols
from game.ruleset.model import Ruleset

NOBODY = "nobody"


def region_lines(rid: str, view: View, rules: Ruleset) -> list[tuple[str, str | None]]:
    """(text, actor-or-None) lines describing a region; an actor gets its symbol drawn."""
    region = rules.regions[rid]
    lines: list[tuple[str, str | None]] = [(f"{region.name} ({rid})", None)]
    facts = [f"State: {region.state}", f"Stability: {region.stability}"]
    lines.append(("   ".join(facts), None))
    if region.tags:
        lines.append(("Tags: " + ", ".join(region.tags), None))
    ctl = view.controllers.get(rid, NOBODY)
    if ctl in rules.actors:
        lines.append((f"Controlled by {rules.actors[ctl].name}", ctl))
    else:
        lines.append(("Controlled by nobody", None))
    infl = view.influence.get(rid, {})
    forces = view.forces.get(rid, {})
    actors = [a for a in rules.actors if infl.get(a) or forces.get(a)]
    if actors:
        lines.append(("Influence / forces:", None))
        for a in actors:
            actor = rules.actors[a]
            lines.append(
                (
                    f"{actor.short} {actor.name}: "
                    f"influence {infl.get(a, 0)}, forces {forces.get(a, 0)}",
                    a,
                )
            )
    else:
        lines.append(("No influence or forces here.", None))
    if region.text:
        lines.append(("", None))
        lines.extend((line, None) for line in style.wrap(region.text, 12, 330))
    return lines


def draw_tooltip(
    surface: pygame.Surface,
    lines: list[tuple[str, str | None]],
    at: tuple[int, int],
    rules: Ruleset,
    texts: list[str] | None = None,
    *,
    accent: tuple[str, ...] = (),
) -> pygame.Rect:
    """Draw a tooltip near ``at``, flipped to stay inside the surface; returns its rect.

    ``accent`` lines are drawn in gold (e.g. what clicking would do).
    """
    pad = 8
    rendered = []
    for i, (line, actor) in enumerate(lines):
        bold = i == 0
        colour = style.ACCENT if line in accent else style.PANEL_TEXT
        rendered.append((style.text(line or " ", 13 if bold else 12, colour, bold), actor))
    w = max(s.get_width() + (18 if a else 0) for s, a in rendered) + 2 * pad
    h = sum(s.get_height() for s, _ in rendered) + 2 * pad
    x, y = at[0] + 18, at[1] + 14
    sw, sh = surface.get_size()
    if x + w > sw - 4:
        x = at[0] - w - 12
    if y + h > sh - 4:
        y = max(4, sh - h - 4)
    rect = pygame.Rect(x, y, w, h)
    pygame.draw.rect(surface, (16, 20, 28), rect, border_radius=6)
    pygame.draw.rect(surface, style.ACCENT, rect, 1, border_radius=6)
    yy = y + pad
    for surf, actor in rendered:
        xx = x + pad
        if actor is not None and actor in rules.actors:
            pygame.draw.circle(surface, (245, 242, 235), (xx + 7, yy + surf.get_height() / 2), 7)
            symbols.draw_symbol(
                surface, rules.actors[actor], (xx + 7, yy + surf.get_height() / 2), 10
            )
            xx += 18
        surface.blit(surf, (xx, yy))
        yy += surf.get_height()
    if texts is not None:
        texts.extend(line for line, _ in lines)
    return rect
