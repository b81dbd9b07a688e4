"""The replay viewer: step through a finished or saved game, as any seat saw it or as Control did.

It shows the board, the tracks, the scores and the log as they stood after
any step, in one seat's view (that seat's hand only, the log as it read it)
or in Control's (everything). Observers and analysts annotate and tag steps
here (their notes go into the record and the session log, for the
after-action review), and "Branch from here" plays on from any step in a new
live game. Nothing here changes the game being replayed.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import attrs
import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UITextBox, UITextEntryLine

from game.engine import CONTROL, View
from game.render import style
from game.render.board import BoardPainter, Highlights
from game.render.projection import Viewport
from game.session.session import Session, argued
from game.ui.gui import oid
from game.ui.layout import ScreenLayout, screen_layout
from game.ui.panels import SidePanel

NAV = (
    ("first", "|<", "The start of the game (Home)"),
    ("prev_turn", "<< Turn", "The start of this turn, or of the one before (Page Up)"),
    ("prev", "< Step", "One step back (Left)"),
    ("next", "Step >", "One step on (Right)"),
    ("next_turn", "Turn >>", "The start of the next turn (Page Down)"),
    ("last", ">|", "The end of the record (End)"),
)


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
        self.viewport = Viewport.fit(self.layout.map)
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
        ax, ay, aw, _ = self.layout.actions
        self.nav: dict[str, UIButton] = {}
        x = ax + 10
        for key, label, tip in NAV:
            bw = 44 if key in ("first", "last") else 78
            self.nav[key] = self._w(
                UIButton(
                    pygame.Rect(x, ay + 29, bw, 28),
                    label,
                    m,
                    tool_tip_text=tip,
                    object_id=oid(None, f"#replay_{key}"),
                )
            )
            x += bw + 4
        options = [("Control (everything)", CONTROL)] + [
            (f"{self.rules.actors[s].name}'s view" if s in self.rules.actors else s, s)
            for s in self.states[0].seats
        ]
        current = next(o for o in options if o[1] == self.viewer)
        x += 8
        self.view_menu = self._w(
            UIDropDownMenu(
                options,
                current,
                pygame.Rect(x, ay + 29, 250, 28),
                m,
                object_id=oid(None, "#replay_viewer"),
                expansion_height_limit=240,
            )
        )
        self.branch = self._w(
            UIButton(
                pygame.Rect(ax + aw - 10 - 190, ay + 29, 190, 28),
                self.branch_label,
                m,
                object_id=oid("@primary", "#replay_branch"),
                tool_tip_text="Play on from this step in a live game (the record so far is kept)",
            )
        )
        self.step_label = self._w(
            UILabel(
                pygame.Rect(ax + 10, ay + 3, aw - 20, 24),
                "",
                m,
                object_id=oid("@prompt", "#replay_step"),
            )
        )
        hx, hy, hw, hh = self.layout.hand
        self.happened = self._w(
            UITextBox(
                "",
                pygame.Rect(hx + 8, hy + 6, hw - 16, hh - 12),
                m,
                object_id=oid(None, "#replay_happened"),
            )
        )
        dx, dy, dw, dh = self.layout.detail
        notes_h = max(40, dh - 12 - 34)
        self.notes = self._w(
            UITextBox(
                "",
                pygame.Rect(dx + 6, dy + 6, dw - 12, notes_h),
                m,
                object_id=oid(None, "#replay_notes"),
            )
        )
        y = dy + 6 + notes_h + 2
        self.note_entry = self._w(
            UITextEntryLine(
                pygame.Rect(dx + 6, y, dw - 12 - 64 - 96, 30),
                m,
                object_id=oid(None, "#replay_note"),
                placeholder_text="note on this step",
            )
        )
        self.tag_entry = self._w(
            UITextEntryLine(
                pygame.Rect(dx + dw - 6 - 64 - 92, y, 90, 30),
                m,
                object_id=oid(None, "#replay_tag"),
                placeholder_text="tag",
            )
        )
        self.note_button = self._w(
            UIButton(
                pygame.Rect(dx + dw - 6 - 62, y, 62, 30),
                "Note",
                m,
                object_id=oid(None, "#replay_add_note"),
                tool_tip_text=f"Add the note (and its tag) to this step, as {self.author}",
            )
        )
        self._shown: object = None
        self.refresh()

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
        e = html.escape
        view = self.view()
        state = self.states[self.at]
        parts = []
        if self.at == 0:
            parts.append("<b>The start of the game.</b>")
        else:
            step = self.session.record.steps[self.at - 1]
            texts = [x.text for x in view.log if x.step == state.step]
            who = step.actor
            # The raw action only where it hides nothing: Control, or the viewer's own step
            # (a seat reads everything else through its filtered log).
            if self.viewer in (CONTROL, who):
                parts.append(f"<b>{e(self._name(who))}</b>: {e(step.action)}")
            if argued(step) is not None or self.viewer == CONTROL:
                if step.text:
                    parts.append(f"<font color='#c9ccd4'>Argument: “{e(step.text)}”</font>")
                if step.reason:
                    parts.append(f"<font color='#c9ccd4'>Reasons: {e(step.reason)}</font>")
            parts.extend(e(style.clean(t)) for t in texts)
            if len(parts) == 0:
                parts.append("<font color='#a0a6b2'>Nothing this view can see.</font>")
        if self.viewer == CONTROL:
            for seat, hand in view.hands.items():
                titles = ", ".join(self._card(c) for c in hand) or "none"
                parts.append(
                    f"<font color='#a0a6b2'>{e(self._short(seat))} hand:</font> {e(titles)}"
                )
        else:
            titles = ", ".join(self._card(c) for c in view.hand) or "none"
            parts.append(
                f"<font color='#a0a6b2'>{e(self._name(self.viewer))}'s hand:</font> {e(titles)}"
            )
        return "<br>".join(parts)

    def notes_html(self) -> str:
        e = html.escape
        notes = [n for n in self.session.record.annotations if n.step == self.at]
        if not notes:
            return "<font color='#a0a6b2'>No notes on this step. Write one below.</font>"
        return "<br>".join(
            f"<b>{e(n.author)}</b>"
            + (f" <font color='#e0b85a'>[{e(n.tag)}]</font>" if n.tag else "")
            + f": {e(n.text)}"
            for n in notes
        )

    def _name(self, who: str) -> str:
        if who == CONTROL:
            return "Control"
        actor = self.rules.actors.get(who)
        return actor.name if actor else who

    def _short(self, who: str) -> str:
        actor = self.rules.actors.get(who)
        return actor.short if actor else who

    def _card(self, cid: str) -> str:
        card = self.rules.cards.get(cid)
        return card.title if card else cid

    # -- per frame ---------------------------------------------------------------------------
    def refresh(self) -> None:
        key = (self.at, self.viewer, len(self.session.record.annotations))
        if key == self._shown:
            return
        self._shown = key
        view = self.view()
        state = self.states[self.at]
        self.side.update(view, self._met(), self.viewer)
        self.step_label.set_text(
            f"Step {self.at} of {self.last} · Turn {state.turn}/{self.rules.turns} · "
            f"Round {state.round}/{self.rules.manifest.action_rounds}"
        )
        self.happened.set_text(self.happened_html())
        self.notes.set_text(self.notes_html())
        for key_, b in self.nav.items():
            back = key_ in ("first", "prev", "prev_turn")
            if (back and self.at == 0) or (not back and self.at == self.last):
                b.disable()
            else:
                b.enable()

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
        self.painter.draw(
            surface,
            self.viewport,
            view,
            Highlights(flash=self.changed(), legend=self.layout.map[3] >= 560),
            texts=texts,
        )
        top = pygame.Rect(self.layout.top)
        surface.fill(style.PANEL_BG, top)
        pygame.draw.line(surface, style.PANEL_EDGE, top.bottomleft, top.bottomright)
        who = (
            "Control (everything)"
            if self.viewer == CONTROL
            else f"{self._name(self.viewer)}'s view"
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
        pass

    # -- events ------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            el = event.ui_element
            for key, b in self.nav.items():
                if el is b:
                    self.move(key)
                    return
            if el is self.back:
                self.on_back()
            elif el is self.branch:
                self.on_branch(self.at)
            elif el is self.note_button:
                self.add_note()
            return
        if (
            event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED
            and event.ui_element is self.view_menu
        ):
            self.viewer = str(getattr(event, "selected_option_id", None) or CONTROL)
            self.refresh()
            return
        if event.type == pygame.KEYDOWN:
            if self.note_entry.is_focused or self.tag_entry.is_focused:
                if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                    self.add_note()
                return
            keys = {
                pygame.K_LEFT: "prev",
                pygame.K_RIGHT: "next",
                pygame.K_PAGEUP: "prev_turn",
                pygame.K_PAGEDOWN: "next_turn",
                pygame.K_HOME: "first",
                pygame.K_END: "last",
            }
            if event.key in keys:
                self.move(keys[event.key])
            elif event.key == pygame.K_ESCAPE:
                self.on_back()
        elif event.type == pygame.MOUSEWHEEL:
            pos = pygame.mouse.get_pos()
            if pygame.Rect(self.layout.map).collidepoint(pos):
                self.viewport = self.viewport.zoomed(1.25 ** max(-3, min(3, event.y)), pos)

    def add_note(self) -> None:
        text = self.note_entry.get_text().strip()
        if not text:
            self.notify("Write the note first.")
            return
        self.session.annotate(
            self.author, text, tag=self.tag_entry.get_text().strip(), step=self.at
        )
        self.note_entry.set_text("")
        self.tag_entry.set_text("")
        self.on_note()
        self.notify(f"Note added to step {self.at}.")
        self.refresh()
