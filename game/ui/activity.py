"""The latest move, in words, at the right of the prompt line: who did what, a moment ago.

Bots move quickly; the log keeps every move, but the line beside the prompt
lets people follow the table without reading the log. Drawn from the moves
the board scene collected, with the actor's symbol beside the words.
"""

from __future__ import annotations

from collections.abc import Collection

import attrs
import pygame

from game.render import style, symbols
from game.render.projection import Rect
from game.ruleset.model import Ruleset


@attrs.define
class Activity:
    """A recent move, for the line beside the prompt."""

    seat: str
    text: str
    at: float


def draw_activity(
    surface: pygame.Surface,
    area: Rect,
    activity: list[Activity],
    prompt: str,
    rules: Ruleset,
    bots: Collection[str],
    now: float,
    texts: list[str] | None,
) -> None:
    """The latest move of the last 15 seconds, right-aligned on the prompt's line."""
    recent = [a for a in activity if now - a.at < 15.0]
    if not recent:
        return
    a = recent[-1]
    r = pygame.Rect(area)
    prompt_w = style.fonts.font(16, True).size(prompt)[0]
    room = r.width - prompt_w - 60
    if room < 160:
        return
    actor = rules.actors.get(a.seat)
    who = actor.short if actor else a.seat
    bot = " (bot)" if a.seat in bots else ""
    line = style.fit(f"Last move — {who}{bot}: {a.text}", 13, room - 24)
    t = style.text(line, 13, style.PANEL_MUTED)
    x = r.right - t.get_width() - 12
    if actor is not None:
        pygame.draw.circle(surface, (245, 242, 235), (x - 12, r.y + 16), 7)
        symbols.draw_symbol(surface, actor, (x - 12, r.y + 16), 10)
    surface.blit(t, (x, r.y + 16 - t.get_height() // 2))
    if texts is not None:
        texts.append(line)
