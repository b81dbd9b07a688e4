"""The Control panel's injects tab: the Master Scenario Events List, with fire, delay and skip.

One row per inject, in the scenario's order: its MSEL number, title, when it
is due, who hears it, and its status (pending, fired, skipped, delayed, on
call). Control fires one now, delays it to a later turn or skips it; each
asks for a reason in a window that says what will happen, so an inject is
never fired by a stray click.
"""

from __future__ import annotations

import html

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel

from game.engine.control import DelayInject, FireInject, SkipInject
from game.engine.injects import due_turn
from game.ui.control_base import Desk, Tab
from game.ui.gui import oid
from game.ui.reason import ReasonDialog
from game.ui.seminar import STATUS_WORDS, InjectRow, inject_rows

ROW_H = 54


class InjectsTab(Tab):
    """The MSEL a page at a time (the mouse wheel or the buttons turn the page): a scrolling
    container would make each of its many buttons slow to build."""

    title = "Injects (MSEL)"

    def __init__(self, desk: Desk, rect: pygame.Rect, container: object = None):
        self.offset: int | None = None
        super().__init__(desk, rect, container)

    def key(self) -> object:
        return (len(self.desk.table.session.record.steps), self.offset)

    def page(self) -> int:
        """How many rows fit."""
        return max(1, (self.rect.height - 30 - 40) // ROW_H)

    def build(self) -> None:
        table = self.desk.table
        state = table.session.state
        self.rows = inject_rows(state, table.rules, table.session.record.steps)
        self.buttons: dict[tuple[str, str], UIButton] = {}
        m = self.manager
        w = self.width
        counts = {k: sum(1 for r in self.rows if r.status == k) for k in STATUS_WORDS}
        summary = " · ".join(f"{n} {STATUS_WORDS[k]}" for k, n in counts.items() if n)
        UILabel(
            pygame.Rect(6, 4, w, 22),
            f"Turn {state.turn} of {table.rules.turns} now · {len(self.rows)} injects: "
            + (summary or "none"),
            m,
            container=self.c,
            object_id=oid("@heading", "#msel_summary"),
        )
        if not self.rows:
            UILabel(
                pygame.Rect(6, 34, w, 24),
                "This scenario has no injects.",
                m,
                container=self.c,
            )
            return
        page = self.page()
        last = max(0, len(self.rows) - page)
        if self.offset is None:  # start at the first inject still open
            first = next((i for i, r in enumerate(self.rows) if r.open), 0)
            self.offset = first
        self.offset = max(0, min(self.offset, last))
        self._key = self.key()
        for k, row in enumerate(self.rows[self.offset : self.offset + page]):
            self._row(self.c, 30 + k * ROW_H, w - 6, row)
        self.earlier = self.later = None
        if last > 0:
            y = self.rect.height - 38
            shown = f"Injects {self.offset + 1}-{min(self.offset + page, len(self.rows))} of "
            UILabel(
                pygame.Rect(6, y, 300, 30),
                shown + f"{len(self.rows)} (mouse wheel to scroll)",
                m,
                container=self.c,
                object_id=oid("@row_note", "#msel_range"),
            )
            self.earlier = UIButton(
                pygame.Rect(w - 300, y, 150, 30),
                "Earlier",
                m,
                container=self.c,
                object_id=oid(None, "#msel_earlier"),
            )
            self.later = UIButton(
                pygame.Rect(w - 144, y, 150, 30),
                "Later",
                m,
                container=self.c,
                object_id=oid(None, "#msel_later"),
            )
            if self.offset == 0:
                self.earlier.disable()
            if self.offset >= last:
                self.later.disable()

    def _row(self, c: object, y: int, w: int, row: InjectRow) -> None:
        m = self.manager
        state = self.desk.table.session.state
        number = f"{row.msel} · " if row.msel else ""
        UILabel(
            pygame.Rect(6, y + 3, w - 290, 22),
            f"{number}{row.title}",
            m,
            container=c,
            object_id=oid("@row_title", f"#msel_title_{row.eid}"),
        )
        UILabel(
            pygame.Rect(6, y + 25, w - 290, 20),
            f"due: {row.trigger} · {row.audience}",
            m,
            container=c,
            object_id=oid("@row_note"),
        )
        UILabel(
            pygame.Rect(w - 282, y + 12, 74, 26),
            STATUS_WORDS[row.status],
            m,
            container=c,
            object_id=oid(f"@status_{row.status}", f"#msel_status_{row.eid}"),
        )
        later = state.turn < self.desk.table.rules.turns
        tips = {
            "fire": "Fire it now (asks for a reason)",
            "delay": "Move it to a later turn (asks for a reason)",
            "skip": "It will not happen in this game (asks for a reason)",
        }
        x = w - 202
        for kind, label, bw in (
            ("fire", "Fire", 62),
            ("delay", "Delay…", 70),
            ("skip", "Skip", 58),
        ):
            b = UIButton(
                pygame.Rect(x, y + 10, bw, 30),
                label,
                m,
                container=c,
                object_id=oid(None, f"#msel_{kind}_{row.eid}"),
                tool_tip_text=tips[kind],
            )
            due = due_turn(state, row.eid) or 0
            if not row.open or (
                kind == "delay" and not (later and due < self.desk.table.rules.turns)
            ):
                b.disable()
            self.buttons[(kind, row.eid)] = b
            x += bw + 6

    def scroll(self, rows: int) -> None:
        self.offset = (self.offset or 0) + rows
        self.refresh()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEWHEEL:
            pos = pygame.mouse.get_pos()
            if self.panel.get_abs_rect().collidepoint(pos):
                self.scroll(-3 * event.y)
            return
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return
        if self.earlier is not None and event.ui_element is self.earlier:
            self.scroll(-self.page())
            return
        if self.later is not None and event.ui_element is self.later:
            self.scroll(self.page())
            return
        for (kind, eid), button in self.buttons.items():
            if event.ui_element is button:
                self.ask(kind, eid)
                return

    def ask(self, kind: str, eid: str) -> None:
        """Open the reason window for firing, delaying or skipping ``eid``."""
        row = next(r for r in self.rows if r.eid == eid)
        table = self.desk.table
        e = html.escape
        number = f"{e(row.msel)} · " if row.msel else ""
        what = {
            "fire": "Fire this inject now: its effects apply at once and the players hear of it.",
            "delay": "Delay this inject to a later turn: it fires at the start of that turn.",
            "skip": "Skip this inject: it will not happen in this game.",
        }[kind]
        body = (
            f"<b>{number}{e(row.title)}</b><br><font color='#c9ccd4'>{e(row.text)}</font>"
            f"<br><br>{what}"
        )
        state = table.session.state
        if kind == "delay":
            due = due_turn(state, eid)  # a delay moves it later than it is due, never earlier
            turns = tuple(range(max(state.turn, due or 0) + 1, table.rules.turns + 1))
            dialog = ReasonDialog(
                self.manager,
                self.desk.size,
                title="Delay an inject",
                what_html=body,
                ok_label="Delay the inject",
                command=lambda t: DelayInject(eid, t),
                turns=turns,
            )
        else:
            dialog = ReasonDialog(
                self.manager,
                self.desk.size,
                title="Fire an inject" if kind == "fire" else "Skip an inject",
                what_html=body,
                ok_label="Fire the inject" if kind == "fire" else "Skip the inject",
                command=FireInject(eid) if kind == "fire" else SkipInject(eid),
            )
        self.desk.open_dialog(dialog)
