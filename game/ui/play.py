"""The board scene: the map with its panels, people's clicks, bots' moves and the hand-off.

It turns input into actions from ``view.legal`` and hands them to the table
(controller.py); it turns views into pictures via board.py and the panels.
Bots move one decision at a time with a short pause, and what changed is
ringed in their colour for a moment, so people can follow the game. While a
hand-off is pending every widget is hidden and only the cover is drawn.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.engine import CONTROL, Action, ActionKind, IllegalAction, View
from game.engine.choices import DecisionKind
from game.i18n import _
from game.render import style
from game.render.board import BoardPainter, Highlights
from game.render.boxes import BoxLayout, scenario_focus
from game.render.projection import Viewport
from game.ruleset.texts import shown
from game.ui.activity import Activity, draw_activity
from game.ui.controller import Move, Table
from game.ui.desk import SeminarDesk
from game.ui.dialogs import HelpWindow, LoadDialog, SaveDialog
from game.ui.gui import oid
from game.ui.hand import HandPanel, targets
from game.ui.handoff import draw_cover
from game.ui.handover import PassButton
from game.ui.keys import Keyboard
from game.ui.layout import ScreenLayout, screen_layout
from game.ui.map_control import MapControl
from game.ui.panels import SidePanel, actor_name, prompt_text
from game.ui.seminar import TimerKeeper
from game.ui.tooltip import draw_tooltip, region_lines
from game.ui.topbar import TopBar, draw_banner

FLASH_MS = 1600
"""How long a move stays ringed on the map."""


class PlayScene:
    """One game on screen."""

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        size: tuple[int, int],
        table: Table,
        *,
        bot_delay_ms: int = 450,
        notify: Callable[[str], None] = lambda s: None,
        on_over: Callable[[Table], None] = lambda t: None,
        on_load: Callable[[str], None] = lambda p: None,
        review: bool = False,
        clock: Callable[[], float] = time.monotonic,
        on_rewind: Callable[[Table], None] = lambda t: None,
        keeper: TimerKeeper | None = None,
    ):
        self.manager = manager
        self.table = table
        self.rules = table.rules
        self.bot_delay = bot_delay_ms / 1000
        self.notify = notify
        self.on_over = on_over
        self.on_load = on_load
        self.review = review
        self.clock = clock
        self.painter = BoardPainter(self.rules)
        self.size = size
        self.map: MapControl | None = None
        self.flashes: list[tuple[str, str, float]] = []
        self.activity: list[Activity] = []
        self.next_bot_at = 0.0
        self.dialog: SaveDialog | LoadDialog | HelpWindow | None = None
        self.covered = False
        self._state = None
        self._view: View | None = None
        self.desk = SeminarDesk(
            manager,
            table,
            clock=clock,
            notify=notify,
            on_rewind=lambda: on_rewind(self.table),
            on_move=self._after,
            keeper=keeper,
        )
        self._build(size)

    # -- widgets -----------------------------------------------------------------------------
    def _build(self, size: tuple[int, int]) -> None:
        self.size = size
        self.layout: ScreenLayout = screen_layout(size, len(self.rules.tracks))
        if self.map is None:
            self.map = MapControl(self.layout.map, scenario_focus(self.rules))
        else:
            self.map.resize(self.layout.map)
        self.legend = self.layout.map[3] >= 560  # on a small map the legend waits for L
        self.top = TopBar(self.manager, self.layout, self.rules, control=self.table.control)
        self.side = SidePanel(self.manager, self.layout, self.rules, control=self.table.control)
        self.hand = HandPanel(self.manager, self.layout, self.rules)
        self.handover = PassButton(self.manager, self.layout.actions)
        self.keys = Keyboard()
        self.results: UIButton | None = None
        self._state = None
        self.desk.resize(self.layout)
        self._covered_widgets(self.covered)

    def close(self) -> None:
        if self.results is not None:
            self.results.kill()
            self.results = None
        self.top.kill()
        self.side.kill()
        self.hand.kill()
        self.handover.kill()
        self.desk.kill()
        if self.dialog is not None:
            self.dialog.kill()
            self.dialog = None

    def resize(self, size: tuple[int, int]) -> None:
        self.close()
        self._build(size)

    # The map's state, as tests and the draw read it.
    @property
    def mapc(self) -> MapControl:
        assert self.map is not None
        return self.map

    @property
    def viewport(self) -> Viewport:
        return self.mapc.viewport

    @property
    def box_layout(self) -> BoxLayout | None:
        return self.mapc.boxes

    def _widgets(self) -> list[pygame_gui.core.UIElement]:
        return [
            *self.top.buttons.values(),
            self.side.objectives,
            self.side.obj_label,
            self.side.log,
            self.side.log_label,
            self.hand.prompt,
            self.hand.detail,
            *(b for b, _ in self.hand.buttons),
            *self.hand.extra,
            *((self.hand.dropdown,) if self.hand.dropdown else ()),
            *((self.desk.back_button,) if self.desk.back_button else ()),
        ]

    def _covered_widgets(self, covered: bool) -> None:
        keep = self.top.buttons.get("control")  # reveals nothing: Control may step in
        for w in self._widgets():
            if covered and w is not keep:
                w.hide()
            else:
                w.show()

    # -- the view ----------------------------------------------------------------------------
    def view(self) -> View:
        state = self.table.session.state
        key = (state, self.table.viewer)
        if self._state != key or self._view is None:
            self._state = key
            self._view = self.table.view()
        return self._view

    def refresh(self) -> None:
        """Bring the widgets in line with the game (cheap when nothing changed)."""
        table = self.table
        covered = table.needs_cover()
        pending = table.pass_pending()
        self.handover.update(pending and not covered, actor_name(self.rules, table.holder()))
        if not covered and not pending and table.holder() not in (None, table.viewer):
            table.reveal()  # no cover needed (hand-off off): the screen follows the decision
        if covered != self.covered:
            self.covered = covered
            self._covered_widgets(covered)
            if covered:
                self.hand.selected = None
        self.desk.update(covered)
        view = self.view()
        if covered:
            self.hand.update(None, table.decision(), "", hand_visible=False)
            self._covered_widgets(True)
            return
        viewer = table.viewer
        self.side.update(view, table.objectives_met(), viewer)
        if self.desk.panel_shown:
            self.hand.update(None, table.decision(), "", hand_visible=False)
            for w in (self.hand.prompt, self.hand.detail):
                w.hide()
            return
        for w in (self.hand.prompt, self.hand.detail):
            w.show()
        decision = table.decision()
        prompt = prompt_text(self.rules, view, viewer)
        if pending:
            prompt = "Your move is done. See what it did, then pass the screen."
        view, prompt, self.hand.note_html = self.desk.hand_state(view, decision, prompt)
        if table.is_over():
            prompt = "The game is over."
            self._results_button()
        self.hand.empty_note = self._empty_note(view)
        self.hand.update(view, decision, prompt, hand_visible=viewer != CONTROL)

    def _results_button(self) -> None:
        if self.results is None:
            r = self.layout.actions
            self.results = UIButton(
                pygame.Rect(r[0] + 10, r[1] + 29, 180, 28),
                "Show the results (R)",
                self.manager,
                object_id=oid("@primary", "#results"),
            )

    def _empty_note(self, view: View) -> str:
        if self.table.viewer == CONTROL:
            if self.table.control:
                return (
                    "Control sees every hand in its panel's log; the seats' cards stay hidden here."
                )
            return "Bots are playing every seat."
        return "No cards in hand."

    # -- acting ------------------------------------------------------------------------------
    def act(self, action: Action) -> bool:
        """Take a human decision, if it is one of the legal actions on screen."""
        if action == Action("argue"):  # the Argue… button: the window asks the rest
            self.desk.open_argue(self.size)
            return False
        view = self.view()
        if self.covered or action not in view.legal:
            return False
        try:
            move = self.table.act(action)
        except IllegalAction as exc:  # should not happen: the buttons come from view.legal
            self.notify(f"Not allowed: {exc}")
            return False
        self._after(move, view)
        return True

    def _after(self, move: Move, before: View) -> None:
        now = self.clock()
        self.activity.append(Activity(move.seat, move.text, now))
        self.activity = self.activity[-5:]
        after = self.table.session.state.view_for(CONTROL)
        changed = {
            rid
            for rid in self.rules.regions
            if before.influence.get(rid) != after.influence.get(rid)
            or before.forces.get(rid) != after.forces.get(rid)
            or before.controllers.get(rid) != after.controllers.get(rid)
        }
        if move.region:
            changed.add(move.region)
        self.flashes = [f for f in self.flashes if f[2] > now]
        self.flashes += [(rid, move.seat, now + FLASH_MS / 1000) for rid in sorted(changed)]
        if self.table.warning:
            self.notify(self.table.warning)

    def bot_tick(self) -> None:
        if self.covered or not self.table.bot_to_move() or self.dialog is not None:
            return
        if self.table.paused or self.table.control_requested:
            return  # Control paused the game, or holds the screen
        now = self.clock()
        if now < self.next_bot_at:
            return
        before = self.table.session.state.view_for(CONTROL)
        move = self.table.bot_step()
        if move is not None:
            self._after(move, before)
            pause = self.bot_delay * (
                2.0 if move.action.kind in ("target", "event", "option") else 1.0
            )
            self.next_bot_at = now + pause

    def undo(self) -> None:
        self.notify(self.table.undo())
        self.hand.selected = None
        self.activity.clear()  # the moves shown as 'Last move' are taken back
        self.flashes = []

    # -- events ------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        """Input goes by mode. An open dialog sees every event first (pygame_gui windows are
        not modal); under the cover only revealing (and Control's button) works; else the
        seminar desk, the top bar's buttons, the hand, the keys and last the map."""
        self.mapc.track(event)
        if self.dialog is not None:
            self._dialog_event(event)
        if self.covered:
            self._on_cover(event)
            return
        if self.dialog is None and self.handover.pressed(event):
            self.table.pass_screen()
            self.refresh()
            return
        if self.dialog is None and not self.desk.panel_shown:
            got = self.keys.handle(event, self.view(), self.hand)
            if isinstance(got, Action):
                self.act(got)
                return
            if got == "focus":  # a card or target region in focus: shown, not yet taken
                self.mapc.hover = self.keys.target or self.mapc.hover
                return
        if self.dialog is None and self.desk.handle(event):
            return
        if self._on_buttons(event) or self._on_hand(event):
            return
        if event.type == pygame.KEYDOWN:
            self._key(event)
            return
        over_widget = event.type == pygame.MOUSEBUTTONDOWN and bool(
            self.manager.get_hovering_any_element()
        )
        region = self.mapc.handle(event, may_zoom=self.dialog is None, over_widget=over_widget)
        if region is not None and region in targets(self.view()):
            self.act(Action(ActionKind.TARGET, region))

    def _on_cover(self, event: pygame.event.Event) -> None:
        """The cover hides the board between seats: a click or Enter reveals it."""
        control = self.top.buttons.get("control")
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is control:
            self.command("control")
            return
        on_button = (
            control is not None
            and event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP)
            and control.get_abs_rect().collidepoint(event.pos)
        )
        if on_button:
            return  # a click on the Control button, not on the cover
        if (event.type == pygame.MOUSEBUTTONUP and event.button == 1) or (
            event.type == pygame.KEYDOWN
            and event.key in (pygame.K_RETURN, pygame.K_SPACE, pygame.K_KP_ENTER)
        ):
            self.table.reveal()
            self.refresh()

    def _on_buttons(self, event: pygame.event.Event) -> bool:
        """The top bar's buttons and the results button."""
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        if self.results is not None and event.ui_element is self.results:
            self.on_over(self.table)
            return True
        for key, b in self.top.buttons.items():
            if event.ui_element is b:
                self.command(key)
                return True
        return False

    def _on_hand(self, event: pygame.event.Event) -> bool:
        """The hand and the decision's buttons: a card, an option, a target from the list."""
        action = self.hand.handle(event)
        if action is None:
            return False
        self.act(action)
        return True

    def _dialog_event(self, event: pygame.event.Event) -> None:
        assert self.dialog is not None
        path = self.dialog.handle(event)
        if isinstance(self.dialog, SaveDialog) and path:
            self.notify(self.table.save(path))
        elif isinstance(self.dialog, LoadDialog) and path:
            self.dialog.kill()
            self.dialog = None
            self.on_load(path)
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.dialog.kill()
        if not self.dialog.alive():
            self.dialog = None

    def command(self, key: str) -> None:
        if key == "undo":
            self.undo()
        elif key == "control":
            self.table.request_control()
            self.desk.back_to_panel()
        elif key in ("save", "load", "help"):
            if self.dialog is not None:
                self.dialog.kill()
            if key == "save":
                self.dialog = SaveDialog(self.manager, self.size, self.rules)
            elif key == "load":
                self.dialog = LoadDialog(self.manager, self.size)
            else:
                self.dialog = HelpWindow(self.manager, self.size, self.rules)
        elif key in ("shot", "full"):
            pygame.event.post(
                pygame.event.Event(
                    pygame.KEYDOWN,
                    key=pygame.K_F12 if key == "shot" else pygame.K_F11,
                    mod=0,
                    unicode="",
                    scancode=0,
                )
            )

    def _key(self, event: pygame.event.Event) -> None:
        ctrl = event.mod & pygame.KMOD_CTRL
        k = event.key
        if ctrl and k == pygame.K_z:
            self.undo()
        elif ctrl and k == pygame.K_s:
            self.command("save")
        elif ctrl and k == pygame.K_o:
            self.command("load")
        elif k == pygame.K_F1:
            self.command("help")
        elif k == pygame.K_ESCAPE:
            self.hand.selected = None
        elif k == pygame.K_l and not ctrl:
            self.legend = not self.legend
        elif self.mapc.key(k):
            pass
        elif k == pygame.K_r and self.table.is_over():
            self.on_over(self.table)
        elif k == pygame.K_SPACE and self.table.bot_to_move():
            self.next_bot_at = 0.0  # hurry the bots along

    # -- per frame ---------------------------------------------------------------------------
    def update(self, dt_ms: float) -> None:
        for note in self.table.poll():
            self.notify(note)
        if self.table.is_over() and not self.review and not self.flashes_active():
            self.on_over(self.table)
            return
        self.bot_tick()
        self.refresh()

    def flashes_active(self) -> bool:
        now = self.clock()
        return self.bot_delay > 0 and any(f[2] > now for f in self.flashes)

    def highlights(self) -> Highlights:
        now = self.clock()
        flash = tuple(
            (rid, seat, max(0.0, min(1.0, (end - now) / (FLASH_MS / 1000))))
            for rid, seat, end in self.flashes
            if end > now
        )
        view = self.view()
        costs = tuple(
            (c.action.arg, c.cost)
            for c in view.decision.options
            if c.action.kind == ActionKind.TARGET and c.cost is not None
        )
        return Highlights(frozenset(targets(view)), self.mapc.hover, flash, self.legend, costs)

    def draw(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        if self.covered:
            seat = self.table.holder() or ""
            view = self.view()
            line = _("Turn {n} of {of} · {label} · round {round}").format(
                n=view.turn,
                of=self.rules.turns,
                label=shown(self.rules, view.turn_label),
                round=view.round,
            )
            draw_cover(surface, self.rules, seat, line, texts)
            return
        view = self.view()
        clock = self.desk.keeper.text()
        if self.desk.panel is not None:
            self.desk.panel.draw(surface)
        else:
            self.mapc.boxes = self.painter.draw(
                surface,
                self.viewport,
                view,
                self.highlights(),
                drag=self.mapc.drag,
                texts=texts,
            )
            self.hand.draw(surface)
            self._draw_activity(surface, texts)
            if self.table.paused:
                draw_banner(surface, self.layout.map, "PAUSED BY CONTROL", texts)
        self.top.draw(surface, view, self.table.viewer, texts, clock=clock)
        self.side.draw(surface, texts)

    def draw_over(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        if self.covered or self.mapc.dragging or self.dialog is not None or self.desk.panel_shown:
            return
        view = self.view()
        hover, mouse = self.mapc.hover, self.mapc.mouse
        if hover and self.box_layout and self.mapc.contains(mouse):
            lines = region_lines(hover, view, self.rules)
            accent: tuple[str, ...] = ()
            if hover in targets(view):
                what = self.table.explain(Action(ActionKind.TARGET, hover))
                lines.insert(1, (f"Click: {what}", None))
                accent = (f"Click: {what}",)
            elif view.decision.kind == DecisionKind.TARGET:
                why = next((r.reason for r in view.decision.refused if r.action.arg == hover), None)
                if why:
                    said = style.wrap(f"Not a target: {why}", 12, 420)
                    lines[1:1] = [(line, None) for line in said]
                    accent = tuple(said)
            draw_tooltip(surface, lines, mouse, self.rules, texts, accent=accent)
        elif self.side.rect.collidepoint(mouse):
            objective = self.side.objective_at(mouse)
            if objective is not None:
                lines = [(line, None) for line in self.side.objective_tooltip(objective, view)]
                draw_tooltip(surface, lines, mouse, self.rules, texts)
                return
            tid = self.side.track_at(mouse)
            if tid is not None:
                lines = [(s, None) for s in self.side.track_tooltip(tid, view)]
                draw_tooltip(surface, lines, mouse, self.rules, texts)

    def _draw_activity(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        draw_activity(
            surface,
            self.layout.actions,
            self.activity,
            self.hand.prompt.text,
            self.rules,
            self.table.bots,
            self.clock(),
            texts,
        )
