"""The Control cell's panel: the facilitator's console, shown only when Control holds the screen.

It takes the place of the map and the hand (the sidebar with tracks, scores
and the full log stays beside it). The header always shows where the game
stands, what waits for Control (an argument to rule on, a seat whose time ran
out, the game paused), and the buttons to pause or resume the game, look at
the map and hand the screen back. The tabs hold the work: the argument at
hand, the MSEL, adjustments, the timer, and notes and rewind. Every change to
the game goes through :meth:`ControlPanel.intervene` or :meth:`rule`, which
want a reason and show the engine's refusals in words.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui
from pygame_gui.core import UIContainer
from pygame_gui.elements import (
    UIButton,
    UILabel,
)

from game.engine import CONTROL, Action, ActionError, IllegalAction
from game.engine.control import Intervention
from game.render import style
from game.render.logwords import entry_words
from game.ui.control_adjust import AdjustTab
from game.ui.control_argument import ArgumentTab
from game.ui.control_base import Tab
from game.ui.control_msel import InjectsTab
from game.ui.control_notes import NotesTab
from game.ui.control_timer import TimerTab
from game.ui.controller import Table
from game.ui.gui import oid
from game.ui.reason import ReasonDialog
from game.ui.seminar import TimerKeeper


def sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else text


TABS: tuple[tuple[str, type[Tab]], ...] = (
    ("argument", ArgumentTab),
    ("injects", InjectsTab),
    ("adjust", AdjustTab),
    ("timer", TimerTab),
    ("notes", NotesTab),
)


class ControlPanel:
    """The console; the scene builds it when Control holds the screen and kills it after."""

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        rect: pygame.Rect,
        size: tuple[int, int],
        table: Table,
        keeper: TimerKeeper,
        *,
        notify: Callable[[str], None],
        on_map: Callable[[], None],
        on_release: Callable[[], None],
        on_rewind: Callable[[], None],
    ):
        self.manager = manager
        self.rect = rect
        self.size = size
        self.table = table
        self.keeper = keeper
        self.notify = notify
        self.on_map = on_map
        self.on_release = on_release
        self.on_rewind = on_rewind
        self.dialog: ReasonDialog | None = None
        self.frame = UIContainer(rect, manager, object_id=oid(None, "#control_panel"))
        c = self.frame
        w = rect.width
        m = manager
        UILabel(
            pygame.Rect(12, 8, 190, 30),
            "CONTROL CELL",
            m,
            container=c,
            object_id=oid("@ctl_title", "#ctl_title"),
        )
        self.status = UILabel(
            pygame.Rect(12, 40, w - 24, 24),
            "",
            m,
            container=c,
            object_id=oid("@muted", "#ctl_status"),
        )
        self.pause = UIButton(
            pygame.Rect(w - 496, 8, 160, 32),
            "Pause the game",
            m,
            container=c,
            object_id=oid(None, "#ctl_pause"),
            tool_tip_text="No seat or bot moves and the timer stands still until you resume",
        )
        self.map_button = UIButton(
            pygame.Rect(w - 330, 8, 120, 32),
            "Show the map",
            m,
            container=c,
            object_id=oid(None, "#ctl_map"),
        )
        self.release = UIButton(
            pygame.Rect(w - 204, 8, 192, 32),
            "Hand the screen back",
            m,
            container=c,
            object_id=oid("@primary", "#ctl_release"),
            tool_tip_text="Done: the next player takes the screen through their cover",
        )
        self.alert = UILabel(
            pygame.Rect(12, 68, w - 24, 30),
            "",
            m,
            container=c,
            object_id=oid("@alert", "#ctl_alert"),
        )
        self.alert_buttons: dict[str, UIButton] = {}
        self._alert_key: object = None
        self._alert_danger = False
        self.tab_buttons: dict[str, UIButton] = {}
        x = 12
        for key, cls in TABS:
            b = UIButton(
                pygame.Rect(x, 106, 176, 32),
                cls.title,
                m,
                container=c,
                object_id=oid("@tab", f"#tab_{key}"),
            )
            self.tab_buttons[key] = b
            x += 182
        self.content_rect = pygame.Rect(12, 144, w - 24, rect.height - 152)
        self.tab_key = "argument" if table.acting == CONTROL else "injects"
        self.tab: Tab = self._make_tab(self.tab_key)
        self._ruling_seen = table.acting == CONTROL

    # -- tabs --------------------------------------------------------------------------------
    def _make_tab(self, key: str) -> Tab:
        cls = dict(TABS)[key]
        for k, b in self.tab_buttons.items():
            b.change_object_id(oid("@tab_on" if k == key else "@tab", f"#tab_{k}"))
        tab = cls(self, self.content_rect, self.frame)
        tab.refresh()
        return tab

    def show_tab(self, key: str) -> None:
        if key == self.tab_key:
            return
        self.tab.kill()
        self.tab_key = key
        self.tab = self._make_tab(key)

    def draw(self, surface: pygame.Surface) -> None:
        """The panel's background (the widgets are drawn over it by pygame_gui)."""
        surface.fill(style.PANEL_BG, self.rect)
        pygame.draw.rect(surface, style.ACCENT, self.rect, 1)
        content = self.content_rect.move(self.rect.topleft)
        surface.fill((26, 31, 42), content)
        pygame.draw.rect(surface, (58, 68, 88), content, 1)

    def kill(self) -> None:
        if self.dialog is not None:
            self.dialog.kill()
            self.dialog = None
        self.tab.kill()
        self.frame.kill()

    # -- what the tabs do (the Desk) ------------------------------------------------------------
    def intervene(self, command: Intervention, reason: str) -> str | None:
        try:
            said = self.table.intervene(command, reason)
        except ActionError as exc:
            return f"Not done: {sentence(str(exc))}"
        self.notify(" · ".join(said[:2]) or "Done.")
        return None

    def rule(self, action: Action, reason: str) -> str | None:
        before = len(self.table.session.state.log_entries())
        try:
            self.table.act(action, reason=reason)
        except IllegalAction as exc:
            return f"Not done: {sentence(str(exc))}"
        said = [
            entry_words(self.table.rules, e)
            for e in self.table.session.state.log_entries()[before:]
        ]
        # Control keeps the screen to see how it came out, then hands it back.
        self.table.request_control()
        self.notify(" · ".join(said[-3:]) or "Ruled.")
        return None

    def open_dialog(self, dialog: ReasonDialog) -> None:
        if self.dialog is not None:
            self.dialog.kill()
        self.dialog = dialog

    def note(self, text: str, tag: str) -> None:
        self.table.annotate(CONTROL, text, tag)
        self.notify("Note added to the record.")

    def rewind(self) -> None:
        self.on_rewind()

    # -- per frame ---------------------------------------------------------------------------
    def refresh(self) -> None:
        table = self.table
        state = table.session.state
        rules = table.rules
        if table.acting == CONTROL and not self._ruling_seen:
            self.show_tab("argument")
        self._ruling_seen = table.acting == CONTROL
        if state.is_over():
            who = "the game is over"
        elif table.acting == CONTROL:
            who = "waiting for Control's ruling"
        else:
            who = f"waiting for {table.seat_name(table.acting)}"
        clock = self.keeper.text()
        rounds = rules.manifest.action_rounds
        status = f"Turn {state.turn}/{rules.turns} · Round {state.round}/{rounds} · {who}"
        self.status.set_text(status + (f" · {clock}" if clock else ""))
        self.pause.set_text("Resume the game" if table.paused else "Pause the game")
        if table.acting == CONTROL:
            self.release.disable()
        else:
            self.release.enable()
        title = "Argument (ruling due)" if table.acting == CONTROL else "Argument"
        self.tab_buttons["argument"].set_text(title)
        self._refresh_alert()
        self.tab.refresh()

    def _refresh_alert(self) -> None:
        table = self.table
        expired = self.keeper.expired_for
        buttons: list[tuple[str, str]] = []
        if table.acting == CONTROL:
            text = "An argument waits for your ruling: read it in the Argument tab."
        elif expired is not None and expired == table.acting:
            text = f"Time is up for {table.seat_name(expired)}: you decide."
            buttons.append(("restart", "Give a fresh countdown"))
            legal = table.session.state.view_for(expired, with_log=False).legal
            for kind in ("pass", "done"):
                if Action(kind) in legal:
                    buttons.append((kind, f"{kind.capitalize()} for {table.seat_name(expired)}"))
                    break
        elif table.paused:
            text = "The game is paused: no seat or bot moves until you resume it."
        elif table.is_over():
            text = "The game is over."
        else:
            text = "Nothing waits for Control; hand the screen back when you are done."
        width = self.rect.width - 24 - (440 if buttons else 0)
        if self.alert.relative_rect.width != width:  # the whole line unless buttons end it
            self.alert.set_dimensions((width, 30))
        self.alert.set_text(text)
        danger = bool(buttons) or table.paused
        if danger != self._alert_danger:
            self._alert_danger = danger
            self.alert.change_object_id(oid("@alert_danger" if danger else "@alert", "#ctl_alert"))
        key = tuple(buttons)
        if key == self._alert_key:
            return
        self._alert_key = key
        for b in self.alert_buttons.values():
            b.kill()
        self.alert_buttons = {}
        x = self.rect.width - 12
        for kind, label in reversed(buttons):
            bw = 210
            x -= bw
            self.alert_buttons[kind] = UIButton(
                pygame.Rect(x, 68, bw, 30),
                label,
                self.manager,
                container=self.frame,
                object_id=oid(None, f"#ctl_timeup_{kind}"),
            )
            x -= 8

    # -- events ------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if self.dialog is not None:
            self._dialog_event(event)
            return
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            el = event.ui_element
            if el is self.pause:
                self.table.paused = not self.table.paused
                self.notify("Game paused by Control." if self.table.paused else "Game resumed.")
                return
            if el is self.map_button:
                self.on_map()
                return
            if el is self.release:
                problem = self.table.release_control()
                if problem:
                    self.notify(problem)
                else:
                    self.on_release()
                return
            for key, b in self.tab_buttons.items():
                if el is b:
                    self.show_tab(key)
                    return
            for kind, b in self.alert_buttons.items():
                if el is b:
                    self._time_up(kind)
                    return
        self.tab.handle(event)

    def _time_up(self, kind: str) -> None:
        seat = self.keeper.expired_for
        if kind == "restart":
            self.keeper.restart_now()
            self.notify("A fresh countdown for the seat.")
            return
        if seat is None:
            return
        why = f"time ran out: Control took '{kind}' for {self.table.seat_name(seat)}"
        try:
            self.table.decide_for(Action(kind), why)
        except IllegalAction as exc:
            self.notify(f"Not done: {sentence(str(exc))}")
            return
        self.keeper.expired_for = None
        self.notify(sentence(why))

    def _dialog_event(self, event: pygame.event.Event) -> None:
        assert self.dialog is not None
        got = self.dialog.handle(event)
        if got is not None:
            problem = self.intervene(*got)
            if problem:
                self.dialog.say(problem)
            else:
                self.dialog.kill()
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.dialog.kill()
        if not self.dialog.alive():
            self.dialog = None
