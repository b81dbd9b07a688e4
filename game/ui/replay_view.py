"""The replay viewer: step through a finished or saved game, as any seat saw it or as Control did.

It shows the board, the tracks, the scores and the log as they stood after
any step, in one seat's view (that seat's hand only, the log as it read it)
or in Control's (everything). Observers and analysts annotate and tag steps
here (their notes go into the record and the session log, for the
after-action review), and "Branch from here" plays on from any step in a new
live game. Nothing here changes the game being replayed.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextBox

from game.engine import CONTROL, View
from game.render import style
from game.render.board import BoardPainter, Highlights
from game.render.boxes import scenario_focus
from game.render.projection import Viewport
from game.session.session import Session
from game.ui.gui import oid
from game.ui.layout import ScreenLayout, screen_layout
from game.ui.map_control import MapControl
from game.ui.panels import SidePanel
from game.ui.replay_panels import NotesBox, StepBar, happened_html
from game.ui.tooltip import draw_tooltip, region_lines

STEP_KEYS = {
    pygame.K_LEFT: "prev",
    pygame.K_RIGHT: "next",
    pygame.K_PAGEUP: "prev_turn",
    pygame.K_PAGEDOWN: "next_turn",
    pygame.K_HOME: "first",
    pygame.K_END: "last",
}
"""Keys that move the cursor (the map zooms with + and -, and pans by dragging)."""

BOTTOM = 250
"""Height of the replay's bottom area (controls, what happened, notes): more than the board's."""


def replay_layout(size: tuple[int, int], n_tracks: int) -> ScreenLayout:
    """The board's layout with a taller bottom area, taken from the map."""
    base = screen_layout(size, n_tracks)
    mx, my, mw, mh = base.map
    extra = max(0, min(BOTTOM - (size[1] - my - mh), mh - 300))
    ax, ay, aw, ah = base.actions
    hx, hy, hw, hh = base.hand
    dx, dy, dw, dh = base.detail
    return attrs.evolve(
        base,
        map=(mx, my, mw, mh - extra),
        actions=(ax, ay - extra, aw, ah),
        hand=(hx, hy - extra, hw, hh + extra),
        detail=(dx, dy - extra, dw, dh + extra),
    )


def turn_starts(turns: list[int]) -> list[int]:
    """Indexes where a new turn begins (the first state of each turn)."""
    return [i for i, t in enumerate(turns) if i == 0 or t != turns[i - 1]]


class ReplayScene:
    """One recorded game under the viewer's cursor (``at`` is a step: 0 is the start)."""

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        size: tuple[int, int],
        session: Session,
        *,
        author: str = "observer",
        viewer: str = CONTROL,
        at: int | None = None,
        notify: Callable[[str], None] = lambda s: None,
        on_back: Callable[[], None] = lambda: None,
        on_branch: Callable[[int], None] = lambda step: None,
        on_note: Callable[[], None] = lambda: None,
        back_label: str = "Back",
        branch_label: str = "Branch from here",
    ):
        self.manager = manager
        self.session = session
        self.rules = session.rules
        self.author = author
        self.viewer = viewer
        self.notify = notify
        self.on_back = on_back
        self.on_branch = on_branch
        self.on_note = on_note
        self.back_label = back_label
        self.branch_label = branch_label
        self.states = session.states
        self.turns = [s.turn for s in self.states]
        self.at = len(self.states) - 1 if at is None else max(0, min(at, len(self.states) - 1))
        self.painter = BoardPainter(self.rules)
        self._view_key: object = None
        self._view: View | None = None
        self._build(size)

    # -- widgets -----------------------------------------------------------------------------
    def _build(self, size: tuple[int, int]) -> None:
        self.size = size
        self.layout = replay_layout(size, len(self.rules.tracks))
        if hasattr(self, "mapc"):
            self.mapc.resize(self.layout.map)
        else:
            self.mapc = MapControl(self.layout.map, scenario_focus(self.rules))
        m = self.manager
        self.widgets: list[pygame_gui.core.UIElement] = []
        self.side = SidePanel(m, self.layout, self.rules)
        tw = self.layout.top[2]
        self.back = self._w(
            UIButton(
                pygame.Rect(tw - 8 - 200, 7, 200, 30),
                self.back_label,
                m,
                object_id=oid("@toolbar", "#replay_back"),
            )
        )
        viewers = [("Control (everything)", CONTROL)] + [
            (f"{self.rules.actors[s].name}'s view" if s in self.rules.actors else s, s)
            for s in self.states[0].seats
        ]
        self.bar = StepBar(m, self.layout.actions, viewers, self.viewer, self.branch_label, self._w)
        hx, hy, hw, hh = self.layout.hand
        self.happened = self._w(
            UITextBox(
                "",
                pygame.Rect(hx + 8, hy + 6, hw - 16, hh - 12),
                m,
                object_id=oid(None, "#replay_happened"),
            )
        )
        self.notes = NotesBox(m, self.layout.detail, self.author, self._w)
        self._shown: object = None
        self.refresh()

    @property
    def viewport(self) -> Viewport:
        return self.mapc.viewport

    def _w(self, widget: pygame_gui.core.UIElement) -> pygame_gui.core.UIElement:
        self.widgets.append(widget)
        return widget

    def close(self) -> None:
        for w in self.widgets:
            w.kill()
        self.widgets = []
        self.side.kill()

    def resize(self, size: tuple[int, int]) -> None:
        self.close()
        self._build(size)

    # -- the cursor --------------------------------------------------------------------------
    @property
    def last(self) -> int:
        return len(self.states) - 1

    def go(self, step: int) -> None:
        self.at = max(0, min(step, self.last))
        self.refresh()

    def move(self, key: str) -> None:
        starts = turn_starts(self.turns)
        if key == "first":
            self.go(0)
        elif key == "last":
            self.go(self.last)
        elif key == "prev":
            self.go(self.at - 1)
        elif key == "next":
            self.go(self.at + 1)
        elif key == "next_turn":
            self.go(next((i for i in starts if i > self.at), self.last))
        elif key == "prev_turn":
            self.go(max((i for i in starts if i < self.at), default=0))

    def view(self) -> View:
        key = (self.at, self.viewer)
        if key != self._view_key or self._view is None:
            self._view_key = key
            self._view = self.states[self.at].view_for(self.viewer)
        return self._view

    # -- words -------------------------------------------------------------------------------
    def happened_html(self) -> str:
        """What the step did, as the chosen viewer could know it, and the hand(s) it may see."""
        step = self.session.record.steps[self.at - 1] if self.at else None
        return happened_html(self.rules, self.view(), step, self.viewer)

    # -- per frame ---------------------------------------------------------------------------
    def refresh(self) -> None:
        key = (self.at, self.viewer, len(self.session.record.annotations))
        if key == self._shown:
            return
        self._shown = key
        view = self.view()
        state = self.states[self.at]
        self.side.update(view, self._met(), self.viewer)
        self.bar.show(
            f"Step {self.at} of {self.last} · Turn {state.turn}/{self.rules.turns} · "
            f"Round {state.round}/{self.rules.manifest.action_rounds}",
            self.at,
            self.last,
        )
        self.happened.set_text(self.happened_html())
        self.notes.show([n for n in self.session.record.annotations if n.step == self.at])

    def _met(self) -> dict[str, bool]:
        """Which objectives hold or have scored at this step (the engine's status, in the view)."""
        return {o.id: o.holds or o.achieved for o in self.view().objectives}

    def update(self, dt_ms: float) -> None:
        self.refresh()

    def changed(self) -> tuple[tuple[str, str, float], ...]:
        """Regions whose counters this step changed, ringed in the acting seat's colour."""
        if self.at == 0:
            return ()
        before = self.states[self.at - 1].view_for(CONTROL, with_log=False)
        after = self.states[self.at].view_for(CONTROL, with_log=False)
        who = self.session.record.steps[self.at - 1].actor
        return tuple(
            (rid, who, 1.0)
            for rid in self.rules.regions
            if before.influence.get(rid) != after.influence.get(rid)
            or before.forces.get(rid) != after.forces.get(rid)
        )

    def draw(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        view = self.view()
        self.mapc.boxes = self.painter.draw(
            surface,
            self.viewport,
            view,
            Highlights(
                hover=self.mapc.hover, flash=self.changed(), legend=self.layout.map[3] >= 560
            ),
            drag=self.mapc.drag,
            texts=texts,
        )
        top = pygame.Rect(self.layout.top)
        surface.fill(style.PANEL_BG, top)
        pygame.draw.line(surface, style.PANEL_EDGE, top.bottomleft, top.bottomright)
        who = (
            "Control (everything)"
            if self.viewer == CONTROL
            else f"{self.rules.actors[self.viewer].name}'s view"
            if self.viewer in self.rules.actors
            else self.viewer
        )
        parts = [
            ("REPLAY", style.ACCENT, True),
            (self.rules.manifest.title, style.PANEL_TEXT, False),
            (f"Seen as: {who}", style.PANEL_MUTED, False),
        ]
        x = 12
        for text, colour, bold in parts:
            room = top.width - 230 - x
            if room < 60:
                break
            line = style.fit(text, 15, room, bold)
            t = style.text(line, 15, colour, bold)
            surface.blit(t, (x, top.centery - t.get_height() // 2))
            x += t.get_width() + 18
            if texts is not None:
                texts.append(line)
        self.side.draw(surface, texts)
        r = pygame.Rect(self.layout.actions).union(self.layout.hand).union(self.layout.detail)
        surface.fill(style.PANEL_BG, r)
        surface.fill((36, 43, 57), self.layout.actions)
        pygame.draw.line(surface, style.PANEL_EDGE, r.topleft, r.topright)

    def draw_over(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        """A region's tooltip under the pointer, as the chosen viewer sees it."""
        hover, mouse = self.mapc.hover, self.mapc.mouse
        if hover and not self.mapc.dragging and self.mapc.contains(mouse):
            draw_tooltip(
                surface, region_lines(hover, self.view(), self.rules), mouse, self.rules, texts
            )

    # -- events ------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        self.mapc.track(event)
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            self._pressed(event.ui_element)
        elif (
            event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED
            and event.ui_element is self.bar.view_menu
        ):
            self.viewer = str(getattr(event, "selected_option_id", None) or CONTROL)
            self.refresh()
        elif event.type == pygame.KEYDOWN:
            self._key(event.key)
        else:
            over = event.type == pygame.MOUSEBUTTONDOWN and self.manager.get_hovering_any_element()
            self.mapc.handle(event, over_widget=bool(over))

    def _pressed(self, element: object) -> None:
        move = self.bar.move_of(element)
        if move is not None:
            self.move(move)
        elif element is self.back:
            self.on_back()
        elif element is self.bar.branch:
            self.on_branch(self.at)
        elif element is self.notes.button:
            self.add_note()

    def _key(self, key: int) -> None:
        if self.notes.typing:
            if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.add_note()
            return
        if key in STEP_KEYS:
            self.move(STEP_KEYS[key])
        elif key == pygame.K_ESCAPE:
            self.on_back()
        elif key in (
            pygame.K_PLUS,
            pygame.K_EQUALS,
            pygame.K_KP_PLUS,
            pygame.K_MINUS,
            pygame.K_KP_MINUS,
        ):
            self.mapc.key(key)  # zoom; the arrows, Home and End move the cursor here

    def add_note(self) -> None:
        text, tag = self.notes.take()
        if not text:
            self.notify("Write the note first.")
            return
        self.session.annotate(self.author, text, tag=tag, step=self.at)
        self.on_note()
        self.notify(f"Note added to step {self.at}.")
        self.refresh()
