"""The seminar layer of the board: Control's panel, the argument window and the phase timer.

The board scene (play.py) stays the board; this object adds what a seminar
game needs on top of it and tells the scene when the Control panel takes the
place of the map and the hand. It shows the panel only while Control holds
the uncovered screen, so a team seat never sees it, and it opens the argument
window only for the seat whose decision it is.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import attrs
import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.engine import CONTROL, Action, IllegalAction, View
from game.engine.choices import Decision, DecisionKind
from game.ui.argue import ArgueDialog
from game.ui.control_argument import argument_html
from game.ui.control_panel import ControlPanel
from game.ui.controller import Move, Table
from game.ui.gui import oid
from game.ui.layout import ScreenLayout
from game.ui.seminar import TimerKeeper, pending_argument


class SeminarDesk:
    """Owned by the board scene; inert in a game without Control, arguments or a timer."""

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        table: Table,
        *,
        clock: Callable[[], float],
        notify: Callable[[str], None],
        on_rewind: Callable[[], None],
        on_move: Callable[[Move, View], None],
        keeper: TimerKeeper | None = None,
    ):
        self.manager = manager
        self.table = table
        self.notify = notify
        self.on_rewind = on_rewind
        self.on_move = on_move
        timer = table.rules.manifest.timer
        self.keeper = keeper or TimerKeeper(
            timer.seconds if table.control else 0, clock, timer.on_expiry
        )
        self.panel: ControlPanel | None = None
        self.argue: ArgueDialog | None = None
        self.show_map = False
        """Control is looking at the map instead of its panel."""
        self.layout: ScreenLayout | None = None
        self.back_button: UIButton | None = None
        """'Back to the Control panel', while Control looks at the map."""

    # -- layout ------------------------------------------------------------------------------
    def resize(self, layout: ScreenLayout) -> None:
        self.layout = layout
        self._kill_panel()
        if self.argue is not None:
            self.argue.kill()
            self.argue = None

    def panel_rect(self) -> pygame.Rect:
        assert self.layout is not None
        h = self.layout.size[1]
        side = self.layout.side
        top = self.layout.top[3]
        return pygame.Rect(0, top, side[0], h - top)

    def kill(self) -> None:
        self._kill_panel()
        self._back_button(False)
        if self.argue is not None:
            self.argue.kill()
            self.argue = None

    def _kill_panel(self) -> None:
        if self.panel is not None:
            self.panel.kill()
            self.panel = None

    # -- state -------------------------------------------------------------------------------
    @property
    def panel_shown(self) -> bool:
        return self.panel is not None

    def update(self, covered: bool) -> None:
        """Follow the table: the timer, and the panel shown just while Control holds the screen."""
        said = self.keeper.tick(self.table)
        if said:
            self.notify(said)
        at_screen = self.table.control_at_screen() and not covered
        if not at_screen:
            self.show_map = False
        want = at_screen and not self.show_map and self.layout is not None
        if want and self.panel is None:
            self.panel = ControlPanel(
                self.manager,
                self.panel_rect(),
                self.layout.size if self.layout else (1280, 720),
                self.table,
                self.keeper,
                notify=self.notify,
                on_map=self._to_map,
                on_release=self._released,
                on_rewind=self.on_rewind,
            )
        elif not want:
            self._kill_panel()
        if self.panel is not None:
            self.panel.refresh()
        if self.argue is not None and (covered or self.argue_options() == []):
            self.argue.kill()
            self.argue = None
        self._back_button(self.show_map and at_screen)

    def _back_button(self, wanted: bool) -> None:
        if wanted and self.back_button is None and self.layout is not None:
            r = self.layout.actions
            self.back_button = UIButton(
                pygame.Rect(r[0] + r[2] - 250, r[1] + 29, 240, 28),
                "Back to the Control panel",
                self.manager,
                object_id=oid("@primary", "#ctl_back"),
            )
        elif not wanted and self.back_button is not None:
            self.back_button.kill()
            self.back_button = None

    def _to_map(self) -> None:
        self.show_map = True
        self._kill_panel()

    def _released(self) -> None:
        self.show_map = False
        self._kill_panel()

    def back_to_panel(self) -> None:
        self.show_map = False

    # -- arguments ---------------------------------------------------------------------------
    def argue_options(self) -> list[Action]:
        """The argue actions of the seat at the screen (none unless it is its decision)."""
        if self.table.viewer != self.table.acting or self.table.paused:
            return []
        return [a for a in self.table.session.state.legal_actions() if a.kind == "argue"]

    def open_argue(self, size: tuple[int, int]) -> None:
        options = self.argue_options()
        if not options:
            return
        if self.argue is not None:
            self.argue.kill()
        self.argue = ArgueDialog(self.manager, size, self.table.rules, options)

    def hand_state(
        self, view: View, decision: Decision, prompt: str
    ) -> tuple[View, str, str | None]:
        """What the hand row shows: (view with the buttons' actions, prompt, detail html).

        Control acts from its panel, never from the hand row; while the game is
        paused nobody acts; a seat voting on an argument reads it in the detail box.
        """
        table = self.table
        note = None
        seminar = self.hand_note(view, decision)
        if seminar is not None:
            prompt, note = seminar[0], seminar[1] or None
        if table.viewer == CONTROL or table.paused:
            view = attrs.evolve(view, legal=())
        if table.paused and table.viewer != CONTROL:
            prompt = "The game is paused by Control. Wait for Control to resume it."
        return view, prompt, note

    def hand_note(self, view: View, decision: Decision) -> tuple[str, str] | None:
        """(prompt, detail html) for a seat voting on an argument, or for Control's prompt."""
        table = self.table
        if decision.kind == DecisionKind.VOTE and table.viewer == table.acting:
            p = pending_argument(table.session.state, table.rules, table.session.record.steps)
            if p is None:
                return None
            m = table.rules.manifest.matrix
            detail = argument_html(p, table.seat_name(p.seat)) + (
                f"<br><br><font color='#a0a6b2'>It needs {m.need}+ on two dice; each yes "
                f"makes that one less, each no one more. So far: {p.yes} yes, {p.no} no."
                "</font>"
            )
            return f"Vote on {table.seat_name(p.seat)}'s argument: “{p.title}”", detail
        if table.viewer == CONTROL and table.control and table.acting == CONTROL:
            return "An argument waits for Control's ruling (open the Control panel).", ""
        return None

    # -- events ------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> bool:
        """Route an event to the argument window or the panel; True when it was theirs."""
        if self.argue is not None:
            got = self.argue.handle(event)
            if got is not None:
                self._argue(*got)
            elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                self.argue.kill()
            if self.argue is not None and not self.argue.alive():
                self.argue = None
            return True
        if (
            self.back_button is not None
            and event.type == pygame_gui.UI_BUTTON_PRESSED
            and event.ui_element is self.back_button
        ):
            self.back_to_panel()
            return True
        if self.panel is not None:
            self.panel.handle(event)
            return event.type in (
                pygame_gui.UI_BUTTON_PRESSED,
                pygame_gui.UI_DROP_DOWN_MENU_CHANGED,
                pygame.KEYDOWN,
            )
        return False

    def _argue(self, action: Action, words: str, reasons: str) -> None:
        before = self.table.session.state.view_for(CONTROL)
        try:
            move = self.table.act(action, text=words, reason=reasons)
        except IllegalAction as exc:
            if self.argue is not None:
                self.argue.error.set_text(f"Not allowed: {exc}")
            return
        if self.argue is not None:
            self.argue.kill()
            self.argue = None
        self.on_move(move, before)
        title = html.unescape(self.table.rules.arguments[action.arg].title)
        self.notify(f"Argument made: “{title}”. Pass the screen on for the decision.")
