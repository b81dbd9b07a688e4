"""Board renders for the report: the game's own board, drawn off-screen at chosen turns.

The board is drawn by the same pure function the game uses (``draw_board``),
from the viewer's view, onto an off-screen surface: no window is opened and
pygame is never quit, so the game's Report button can call this while the
board is on screen. A headless run (``near-abroad report`` in a terminal)
gets SDL's dummy video driver, set only when no display is running.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from game.report import ReportError
from game.report.data import ReportData, Snapshot

SIZE = (1280, 800)
"""The map's size in pixels (a caption band is added above it)."""
BAND = 44


def _pygame() -> Any:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    if not pygame.display.get_init():  # headless: never disturb a running board's driver
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    return pygame


def caption(data: ReportData, snap: Snapshot) -> str:
    """What a render shows, in words ('Close of turn 5 — Week 5, 2020-10-25')."""
    if snap.turn == 0:
        return f"Setup — before the first turn ({snap.date})"
    when = "Close of turn" if snap.complete else "Turn (in progress)"
    return f"{when} {snap.turn} — {snap.label}, {snap.date}"


def render_board(data: ReportData, snap: Snapshot, path: Path) -> Path:
    """Draw the board of ``snap`` as the report's viewer saw it, with a caption band."""
    pygame = _pygame()  # the board renderer imports pygame: set its environment first
    from game.render import fonts
    from game.render.board import Highlights, draw_board
    from game.render.projection import Viewport

    w, h = SIZE
    try:
        surface = pygame.Surface((w, h + BAND))
        surface.fill((250, 249, 246))
        view = snap.state.view_for(data.viewer)
        draw_board(
            surface, Viewport.fit((0, BAND, w, h)), view, data.rules, Highlights(legend=True)
        )
        pygame.draw.rect(surface, (31, 41, 55), (0, 0, w, BAND))
        text = fonts.font(20, bold=True).render(caption(data, snap), True, (255, 255, 255))
        surface.blit(text, (16, (BAND - text.get_height()) // 2))
        whose = "Control's view" if data.is_control else f"{data.name(data.viewer)}'s view"
        tag = fonts.font(15).render(whose, True, (209, 213, 219))
        surface.blit(tag, (w - tag.get_width() - 16, (BAND - tag.get_height()) // 2))
        pygame.image.save(surface, str(path))
    except pygame.error as exc:
        raise ReportError(f"cannot draw the board for the report: {exc}") from None
    return path


def pick_turns(data: ReportData, turns: list[int] | None) -> list[Snapshot]:
    """The snapshots to draw: the given turns (0 is the setup), or setup, middle and end."""
    by_turn = {s.turn: s for s in data.snapshots}
    last = data.snapshots[-1].turn
    if turns is None:
        wanted = sorted({0, (last + 1) // 2, last})
    else:
        wanted = []
        for t in turns:
            if t not in by_turn:
                raise ReportError(
                    f"turn {t} is not in this game: it reached turn {last} "
                    f"(choose among 0..{last}; 0 is the setup)"
                )
            if t not in wanted:
                wanted.append(t)
    return [by_turn[t] for t in wanted]
