"""The end of the game: the result, every actor's score and objectives, and what next.

Scores and met objectives come from the engine (``state.scores()`` and
``objective_met``); this screen only arranges them, winners first.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UITextBox

from game.ui import style, symbols
from game.ui.controller import Table
from game.ui.dialogs import SaveDialog
from game.ui.gui import oid


def result_line(table: Table) -> str:
    result = table.session.state.result
    if result is None:
        return "The game is not over."
    names = [table.rules.actors[w].name if w in table.rules.actors else w for w in result.winners]
    if result.kind == "none" or not names:
        head = "Nobody wins."
    elif len(names) == 1:
        head = f"{names[0]} wins."
    else:
        head = f"Shared win: {', '.join(names)}."
    reason = result.reason[:1].upper() + result.reason[1:] if result.reason else ""
    return f"{head} {reason}." if reason else head


class GameOverScene:
    """Final scores with save-record / new-game / final-board buttons."""

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        size: tuple[int, int],
        table: Table,
        *,
        notify: Callable[[str], None],
        on_new: Callable[[], None],
        on_board: Callable[[Table], None],
    ):
        self.manager = manager
        self.table = table
        self.rules = table.rules
        self.notify = notify
        self.on_new = on_new
        self.on_board = on_board
        self.dialog: SaveDialog | None = None
        self.widgets: list[pygame_gui.core.UIElement] = []
        self._build(size)

    def _build(self, size: tuple[int, int]) -> None:
        self.size = size
        w, h = size
        col = min(1000, w - 80)
        x0 = (w - col) // 2
        self.frame = pygame.Rect(x0 - 24, 24, col + 48, h - 48)
        m = self.manager
        self.widgets.append(
            UILabel(
                pygame.Rect(x0, 44, col, 44),
                "Game over",
                m,
                object_id=oid("@title", "#gameover_title"),
            )
        )
        self.widgets.append(
            UILabel(
                pygame.Rect(x0, 90, col, 26),
                result_line(self.table),
                m,
                object_id=oid("@subtitle", "#result"),
            )
        )
        met = self.table.objectives_met()
        scores = self.table.scores()
        order = sorted(self.rules.seats, key=lambda s: (-scores.get(s, 0), s))
        self.rows: list[tuple[str, pygame.Rect]] = []
        y = 134
        row_h = max(54, min(88, (h - 260) // max(len(order), 1)))
        for seat in order:
            row = pygame.Rect(x0, y, col, row_h - 6)
            self.rows.append((seat, row))
            mine = [
                o for oid_, o in self.rules.objectives.items() if o.actor == seat and met.get(oid_)
            ]
            titles = ", ".join(html.escape(o.title) for o in mine) or "<i>none</i>"
            text = f"<font color='#a0a6b2'>Objectives met now:</font> {titles}"
            self.widgets.append(
                UITextBox(
                    text,
                    pygame.Rect(x0 + 366, y + 2, col - 372, row_h - 10),
                    m,
                    object_id=oid("@cover", f"#objectives_{seat}"),
                )
            )
            y += row_h
        bx = x0 + col
        for label, key, primary in (
            ("New game", "new", True),
            ("Save the record…", "save", False),
            ("Final board", "board", False),
        ):
            bw = 180
            bx -= bw
            b = UIButton(
                pygame.Rect(bx, h - 92, bw, 40),
                label,
                m,
                object_id=oid("@primary" if primary else None, f"#over_{key}"),
            )
            b.key = key  # type: ignore[attr-defined]
            self.widgets.append(b)
            bx -= 12

    def close(self) -> None:
        for w in self.widgets:
            w.kill()
        self.widgets = []
        if self.dialog is not None:
            self.dialog.kill()
            self.dialog = None

    def resize(self, size: tuple[int, int]) -> None:
        self.close()
        self._build(size)

    def handle(self, event: pygame.event.Event) -> None:
        if self.dialog is not None:
            path = self.dialog.handle(event)
            if path:
                self.notify(self.table.save(path))
            if not self.dialog.alive():
                self.dialog = None
            return
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            key = getattr(event.ui_element, "key", None)
            if key == "new":
                self.on_new()
            elif key == "save":
                self.dialog = SaveDialog(self.manager, self.size, self.rules)
            elif key == "board":
                self.on_board(self.table)

    def update(self, dt_ms: float) -> None:
        pass

    def draw(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        surface.fill((22, 27, 36))
        pygame.draw.rect(surface, style.PANEL_BG, self.frame, border_radius=12)
        pygame.draw.rect(surface, style.PANEL_EDGE, self.frame, 1, border_radius=12)
        scores = self.table.scores()
        winners = (
            set(self.table.session.state.result.winners)
            if self.table.session.state.result
            else set()
        )
        for rank, (seat, row) in enumerate(self.rows, start=1):
            actor = self.rules.actors.get(seat)
            win = seat in winners
            pygame.draw.rect(surface, (44, 52, 68) if win else (36, 43, 57), row, border_radius=6)
            if win:
                pygame.draw.rect(surface, style.ACCENT, row, 2, border_radius=6)
            t = style.text(f"{rank}.", 18, style.PANEL_MUTED, True)
            surface.blit(t, (row.x + 12, row.centery - t.get_height() // 2))
            if actor is not None:
                pygame.draw.circle(surface, (245, 242, 235), (row.x + 58, row.centery), 15)
                symbols.draw_symbol(surface, actor, (row.x + 58, row.centery), 20)
            name = actor.name if actor else seat
            t = style.text(style.fit(name, 17, 196, True), 17, style.PANEL_TEXT, True)
            surface.blit(t, (row.x + 84, row.centery - t.get_height() // 2))
            vp = style.text(f"{scores.get(seat, 0)} VP", 20, style.ACCENT, True)
            surface.blit(vp, (row.x + 352 - vp.get_width(), row.centery - vp.get_height() // 2))
            if texts is not None:
                texts.extend([name, f"{scores.get(seat, 0)} VP"])

    def draw_over(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        pass
