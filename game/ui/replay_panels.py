"""The replay viewer's panels: the step controls, what a step did, and the notes on it.

Each panel builds its own widgets in the area the layout gives it and answers
for its own buttons; :class:`game.ui.replay_view.ReplayScene` holds the
cursor and the session and tells the panels what to show. What a step did
is put in words from the record and the engine's view (the viewer's own log),
never from the wording of another step's text.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UILabel, UITextBox, UITextEntryLine

from game.engine import CONTROL, View
from game.render import style
from game.ruleset.model import Ruleset
from game.session.record import Annotation, Step
from game.session.session import argued
from game.ui.gui import oid

Add = Callable[[pygame_gui.core.UIElement], pygame_gui.core.UIElement]
Rect = tuple[int, int, int, int]

NAV = (
    ("first", "|<", "The start of the game (Home)"),
    ("prev_turn", "<< Turn", "The start of this turn, or of the one before (Page Up)"),
    ("prev", "< Step", "One step back (Left)"),
    ("next", "Step >", "One step on (Right)"),
    ("next_turn", "Turn >>", "The start of the next turn (Page Down)"),
    ("last", ">|", "The end of the record (End)"),
)
BACK = ("first", "prev", "prev_turn")
"""The moves that go back (disabled at the start)."""


class StepBar:
    """The cursor's controls: the step line, the moves, whose view, and branching."""

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        area: Rect,
        viewers: Sequence[tuple[str, str]],
        viewer: str,
        branch_label: str,
        add: Add,
    ):
        ax, ay, aw, _ = area
        self.nav: dict[str, UIButton] = {}
        x = ax + 10
        for key, label, tip in NAV:
            bw = 44 if key in ("first", "last") else 78
            self.nav[key] = add(
                UIButton(
                    pygame.Rect(x, ay + 29, bw, 28),
                    label,
                    manager,
                    tool_tip_text=tip,
                    object_id=oid(None, f"#replay_{key}"),
                )
            )
            x += bw + 4
        current = next(o for o in viewers if o[1] == viewer)
        self.view_menu = add(
            UIDropDownMenu(
                list(viewers),
                current,
                pygame.Rect(x + 8, ay + 29, 250, 28),
                manager,
                object_id=oid(None, "#replay_viewer"),
                expansion_height_limit=240,
            )
        )
        self.branch = add(
            UIButton(
                pygame.Rect(ax + aw - 10 - 190, ay + 29, 190, 28),
                branch_label,
                manager,
                object_id=oid("@primary", "#replay_branch"),
                tool_tip_text="Play on from this step in a live game (the record so far is kept)",
            )
        )
        self.step_label = add(
            UILabel(
                pygame.Rect(ax + 10, ay + 3, aw - 20, 24),
                "",
                manager,
                object_id=oid("@prompt", "#replay_step"),
            )
        )

    def show(self, line: str, at: int, last: int) -> None:
        """The step line, and the moves that lead nowhere greyed out."""
        self.step_label.set_text(line)
        for key, b in self.nav.items():
            if (key in BACK and at == 0) or (key not in BACK and at == last):
                b.disable()
            else:
                b.enable()

    def move_of(self, element: object) -> str | None:
        """The move a pressed button asks for ('next', 'first', …), if it is one of them."""
        return next((key for key, b in self.nav.items() if element is b), None)


class NotesBox:
    """The notes on the step under the cursor, and a line to add one (with a tag)."""

    def __init__(self, manager: pygame_gui.UIManager, area: Rect, author: str, add: Add):
        dx, dy, dw, dh = area
        notes_h = max(40, dh - 12 - 34)
        self.notes = add(
            UITextBox(
                "",
                pygame.Rect(dx + 6, dy + 6, dw - 12, notes_h),
                manager,
                object_id=oid(None, "#replay_notes"),
            )
        )
        y = dy + 6 + notes_h + 2
        self.entry = add(
            UITextEntryLine(
                pygame.Rect(dx + 6, y, dw - 12 - 64 - 96, 30),
                manager,
                object_id=oid(None, "#replay_note"),
                placeholder_text="note on this step",
            )
        )
        self.tag = add(
            UITextEntryLine(
                pygame.Rect(dx + dw - 6 - 64 - 92, y, 90, 30),
                manager,
                object_id=oid(None, "#replay_tag"),
                placeholder_text="tag",
            )
        )
        self.button = add(
            UIButton(
                pygame.Rect(dx + dw - 6 - 62, y, 62, 30),
                "Note",
                manager,
                object_id=oid(None, "#replay_add_note"),
                tool_tip_text=f"Add the note (and its tag) to this step, as {author}",
            )
        )

    @property
    def typing(self) -> bool:
        """Is a note or a tag being written (keys go to it, not to the cursor)?"""
        return bool(self.entry.is_focused or self.tag.is_focused)

    def show(self, notes: Sequence[Annotation]) -> None:
        self.notes.set_text(notes_html(notes))

    def take(self) -> tuple[str, str]:
        """The note and tag written, cleared from their lines."""
        text, tag = self.entry.get_text().strip(), self.tag.get_text().strip()
        if text:
            self.entry.set_text("")
            self.tag.set_text("")
        return text, tag


def notes_html(notes: Sequence[Annotation]) -> str:
    e = html.escape
    if not notes:
        return "<font color='#a0a6b2'>No notes on this step. Write one below.</font>"
    return "<br>".join(
        f"<b>{e(n.author)}</b>"
        + (f" <font color='#e0b85a'>[{e(n.tag)}]</font>" if n.tag else "")
        + f": {e(n.text)}"
        for n in notes
    )


def happened_html(rules: Ruleset, view: View, step: Step | None, viewer: str) -> str:
    """What a step did, as ``viewer`` could know it, and the hand(s) that viewer may see.

    ``step`` is None at the start of the game. The raw action is shown only
    where it hides nothing: to Control, or on the viewer's own step; everyone
    else reads the step through their own filtered log.
    """
    e = html.escape
    parts = []
    if step is None:
        parts.append("<b>The start of the game.</b>")
    else:
        if viewer in (CONTROL, step.actor):
            parts.append(f"<b>{e(_name(rules, step.actor))}</b>: {e(step.action)}")
        if argued(step) is not None or viewer == CONTROL:
            if step.text:
                parts.append(f"<font color='#c9ccd4'>Argument: “{e(step.text)}”</font>")
            if step.reason:
                parts.append(f"<font color='#c9ccd4'>Reasons: {e(step.reason)}</font>")
        parts.extend(e(style.clean(x.text)) for x in view.log if x.step == view.step)
        if not parts:
            parts.append("<font color='#a0a6b2'>Nothing this view can see.</font>")
    if viewer == CONTROL:
        for seat, hand in view.hands.items():
            actor = rules.actors.get(seat)
            titles = ", ".join(_card(rules, c) for c in hand) or "none"
            short = actor.short if actor else seat
            parts.append(f"<font color='#a0a6b2'>{e(short)} hand:</font> {e(titles)}")
    else:
        titles = ", ".join(_card(rules, c) for c in view.hand) or "none"
        parts.append(f"<font color='#a0a6b2'>{e(_name(rules, viewer))}'s hand:</font> {e(titles)}")
    return "<br>".join(parts)


def _name(rules: Ruleset, who: str) -> str:
    if who == CONTROL:
        return "Control"
    actor = rules.actors.get(who)
    return actor.name if actor else who


def _card(rules: Ruleset, cid: str) -> str:
    card = rules.cards.get(cid)
    return card.title if card else cid
