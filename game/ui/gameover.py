"""The end of the game: the result, every actor's score and objectives, and what next.

Scores and met objectives come from the engine (``state.scores()`` and
the objectives' status); this screen only arranges them, winners first. From here
the record can be saved, replayed step by step, or written up as the
after-action report (the report package is imported only when asked for, so
the board works without it and says so plainly).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UITextBox

from game.render import style, symbols
from game.ruleset.texts import shown
from game.ui.controller import Table
from game.ui.dialogs import SaveDialog
from game.ui.gui import oid
from game.ui.seminar import report_dir


def make_report(table: Table, out_dir: Path | None = None) -> tuple[bool, str]:
    """Write the after-action report of the table's game; (written?, what to tell the user).

    ``out_dir`` defaults to a fresh reports/<timestamp>/ folder in the user data folder.
    """
    try:
        from game.report.write import ReportError, write_report
    except ImportError as exc:
        return False, (
            "The after-action report is not available in this installation "
            f"(the report package cannot be imported: {exc})."
        )
    out = out_dir or report_dir()
    journal = table.session.journal.path if table.session.journal is not None else None
    try:
        paths = write_report(table.session.record, table.rules, out, journal=journal)
    except ReportError as exc:
        return False, f"The report could not be written: {exc}"
    except OSError as exc:
        return False, f"The report could not be written to {out}: {exc.strerror or exc}"
    main = next((p for p in paths if str(p).endswith(".html")), paths[0] if paths else out)
    more = f" and {len(paths) - 1} more files" if len(paths) > 1 else ""
    return True, f"Report written: {main}{more} (open the HTML file in a browser)"


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
    words = shown(table.rules, result.reason)
    reason = words[:1].upper() + words[1:] if words else ""
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
        on_replay: Callable[[Table], None] = lambda t: None,
    ):
        self.manager = manager
        self.table = table
        self.rules = table.rules
        self.notify = notify
        self.on_new = on_new
        self.on_board = on_board
        self.on_replay = on_replay
        self.report_message = ""
        self.report_ok = True
        self.report_pending = False
        """Set by the button; the report is written once a frame has said so."""
        self.busy_drawn = False
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
        row_h = max(48, min(88, (h - 300) // max(len(order), 1)))
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
        for label, key, primary, tip in (
            ("New game", "new", True, "Back to the start screen"),
            ("Report", "report", False, "Write the after-action report (HTML and Markdown)"),
            ("Replay", "replay", False, "Step through the game, annotate it, branch from a step"),
            ("Save the record…", "save", False, "Save the game's record to a file"),
            ("Final board", "board", False, "Look at the board as the game ended"),
        ):
            bw = min(180, (col - 4 * 12) // 5)
            bx -= bw
            b = UIButton(
                pygame.Rect(bx, h - 92, bw, 40),
                label,
                m,
                object_id=oid("@primary" if primary else None, f"#over_{key}"),
                tool_tip_text=tip,
            )
            b.key = key  # type: ignore[attr-defined]
            self.widgets.append(b)
            bx -= 12
        self.report_label = UITextBox(
            self._report_html(),
            pygame.Rect(x0, h - 92 - 66, col, 60),
            m,
            object_id=oid("@cover", "#report_result"),
        )
        self.widgets.append(self.report_label)

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
            elif key == "replay":
                self.on_replay(self.table)
            elif key == "report":
                self.report()

    def report(self) -> None:
        """The Report button: say the report is being written; the next frame writes it.

        Writing takes a second or two (charts, board renders). It runs on the
        main thread -- the board renders use the same pygame fonts as the
        screen, which are not safe to share with a thread -- so the screen
        first shows that it is busy instead of freezing without a word.
        """
        if self.report_pending:
            return
        self.report_pending, self.busy_drawn = True, False
        self.report_ok, self.report_message = True, "Writing the after-action report..."
        self.report_label.set_text(self._report_html())

    def _write_report(self) -> None:
        self.report_pending = False
        self.report_ok, self.report_message = make_report(self.table)
        self.report_label.set_text(self._report_html())
        self.notify(self.report_message)

    def _report_html(self) -> str:
        if not self.report_message:
            return ""
        colour = "#8fd18a" if self.report_ok else "#ff8a7a"
        return f"<font color='{colour}'>{html.escape(self.report_message)}</font>"

    def update(self, dt_ms: float) -> None:
        if self.report_pending and self.busy_drawn:
            self._write_report()

    def draw(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        self.busy_drawn = self.report_pending
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
            room = 196  # the full name if it fits, else the running-text name ('Russia')
            if actor is not None and style.fonts.font(17, True).size(name)[0] > room:
                name = actor.called or name
            t = style.text(style.fit(name, 17, room, True), 17, style.PANEL_TEXT, True)
            surface.blit(t, (row.x + 84, row.centery - t.get_height() // 2))
            vp = style.text(f"{scores.get(seat, 0)} VP", 20, style.ACCENT, True)
            surface.blit(vp, (row.x + 352 - vp.get_width(), row.centery - vp.get_height() // 2))
            if texts is not None:
                texts.extend([name, f"{scores.get(seat, 0)} VP"])

    def draw_over(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        pass
