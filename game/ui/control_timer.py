"""The Control panel's timer tab: the time per seat's turn, and a fresh countdown.

The phase timer belongs to the table, not the rules, so Control may change it
at any time (0 switches it off) without a reason: it changes no game state.
The tab says when the countdown runs and what happens when it runs out.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UITextBox, UITextEntryLine

from game.ui.control_base import Tab
from game.ui.gui import oid


class TimerTab(Tab):
    title = "Timer"

    def key(self) -> object:
        k = self.desk.keeper
        return (k.timer.seconds, k.seat, k.expired_for)

    def build(self) -> None:
        keeper = self.desk.keeper
        rules = self.desk.table.rules
        m, w = self.manager, self.width
        scenario = rules.manifest.timer
        expiry = (
            "the seat passes (or stops spending points) if it may; otherwise Control decides"
            if keeper.timer.on_expiry == "pass"
            else "Control decides; nothing moves by itself"
        )
        now = f"{keeper.timer.seconds} seconds" if keeper.enabled else "no timer"
        runs = (
            "The server counts down from when the seat's turn begins, and stands still while "
            "the game is paused."
            if keeper.remote
            else "The countdown starts when the seat takes the screen, and stands still while "
            "the game is paused or Control holds the screen."
        )
        info = (
            f"<b>Time per seat's turn in a round:</b> {now} "
            f"<font color='#a0a6b2'>(the scenario says {scenario.seconds or 'none'})</font><br>"
            f"<b>When it runs out:</b> {expiry}.<br><font color='#a0a6b2'>{runs}</font>"
        )
        UITextBox(info, pygame.Rect(6, 6, w - 6, 96), m, container=self.c)
        UILabel(pygame.Rect(6, 114, 260, 32), "Seconds per turn (0: no timer)", m, container=self.c)
        self.seconds = UITextEntryLine(
            pygame.Rect(270, 114, 100, 32),
            m,
            container=self.c,
            object_id=oid(None, "#timer_seconds"),
        )
        self.seconds.set_allowed_characters("numbers")
        self.seconds.set_text(str(keeper.timer.seconds))
        self.set_button = UIButton(
            pygame.Rect(380, 114, 90, 32),
            "Set",
            m,
            container=self.c,
            object_id=oid(None, "#timer_set"),
        )
        self.restart: UIButton | None = None
        if keeper.seat is not None:
            UILabel(  # a row of its own: seat names run long ("The de facto authorities...")
                pygame.Rect(6, 156, w - 12, 32),
                f"Now timing: {self.desk.table.seat_name(keeper.seat)}",
                m,
                container=self.c,
            )
            self.restart = UIButton(
                pygame.Rect(6, 194, 220, 32),
                "Restart the countdown",
                m,
                container=self.c,
                object_id=oid(None, "#timer_restart"),
            )

    def handle(self, event: pygame.event.Event) -> None:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return
        if event.ui_element is self.set_button:
            text = self.seconds.get_text().strip() or "0"
            self.desk.keeper.set_seconds(min(int(text), 24 * 3600))
            self.desk.notify(f"Phase timer: {self.desk.keeper.timer.seconds} seconds per turn.")
        elif self.restart is not None and event.ui_element is self.restart:
            self.desk.keeper.restart_now()
            self.desk.notify("A fresh countdown for the seat.")
