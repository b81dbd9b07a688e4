"""The matrix argument window: an intended outcome, the argument in the seat's words, its reasons.

A matrix argument is a seat's free-text case for something to happen. The
scenario lists the outcomes that can be argued for (so success has defined
effects); the seat picks one, says what it does and why it would work, and
Control sets the odds (or the other seats vote). The window shows how the
argument will be decided before the seat commits, and refuses an empty
argument or empty reasons on screen: a facilitator cannot adjudicate a blank.
"""

from __future__ import annotations

import html

import pygame
import pygame_gui
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UILabel,
    UITextBox,
    UITextEntryBox,
    UIWindow,
)

from game.engine import Action
from game.ruleset.model import Ruleset
from game.ui.gui import oid
from game.ui.reason import centred


def how_decided(rules: Ruleset) -> str:
    """How an argument is decided in this scenario, in words for the arguing seat."""
    m = rules.manifest.matrix
    if m.adjudication == "vote":
        return (
            f"The other seats vote on it: it needs {m.need}+ on two dice, one less for each yes "
            "and one more for each no. It takes the place of your card this round."
        )
    return (
        "Control rules on it: approves it, denies it, or sets the roll it needs on two dice. "
        "It takes the place of your card this round."
    )


class ArgueDialog:
    """The window; ``handle`` returns (action, words, reasons) when the seat makes the argument."""

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        size: tuple[int, int],
        rules: Ruleset,
        options: list[Action],
    ):
        self.rules = rules
        self.options = options
        w, h = min(760, size[0] - 60), min(600, size[1] - 40)
        self.window = UIWindow(
            centred(size, w, h), manager, "Make an argument", object_id=oid(None, "#argue_window")
        )
        c = self.window.get_container()
        iw = w - 32 - 24
        UILabel(
            pygame.Rect(12, 6, iw, 20),
            "THE OUTCOME YOU ARGUE FOR",
            manager,
            container=c,
            object_id=oid("@heading"),
        )
        choices = [(self._title(a), a.arg) for a in options]
        self.outcome = UIDropDownMenu(
            choices,
            choices[0],
            pygame.Rect(12, 28, iw, 32),
            manager,
            container=c,
            object_id=oid(None, "#argue_outcome"),
            expansion_height_limit=220,
        )
        self.meaning = UITextBox(
            "",
            pygame.Rect(12, 64, iw, 58),
            manager,
            container=c,
            object_id=oid(None, "#argue_meaning"),
        )
        room = h - 64 - 58 - 210
        box_h = max(60, room // 2)
        y = 130
        UILabel(
            pygame.Rect(12, y, iw, 20),
            "YOUR ARGUMENT: what your side does to bring it about",
            manager,
            container=c,
            object_id=oid("@heading"),
        )
        self.words = UITextEntryBox(
            pygame.Rect(12, y + 22, iw, box_h),
            manager=manager,
            container=c,
            object_id=oid(None, "#argue_text"),
        )
        y += 22 + box_h + 8
        UILabel(
            pygame.Rect(12, y, iw, 20),
            "YOUR REASONS: why it would work",
            manager,
            container=c,
            object_id=oid("@heading"),
        )
        self.reasons = UITextEntryBox(
            pygame.Rect(12, y + 22, iw, box_h),
            manager=manager,
            container=c,
            object_id=oid(None, "#argue_reasons"),
        )
        y += 22 + box_h + 6
        UITextBox(
            f"<font color='#a0a6b2'>{html.escape(how_decided(rules))}</font>",
            pygame.Rect(12, y, iw, 40),
            manager,
            container=c,
            object_id=oid("@plain", "#argue_how"),
        )
        self.error = UILabel(
            pygame.Rect(12, y + 34, iw, 22),
            "",
            manager,
            container=c,
            object_id=oid("@error", "#argue_error"),
        )
        self.ok = UIButton(
            pygame.Rect(iw + 12 - 110 - 210, y + 62, 210, 36),
            "Make the argument",
            manager,
            container=c,
            object_id=oid("@primary", "#argue_ok"),
        )
        self.cancel = UIButton(
            pygame.Rect(iw + 12 - 100, y + 62, 100, 36),
            "Cancel",
            manager,
            container=c,
            object_id=oid(None, "#argue_cancel"),
        )
        self._show_meaning()
        self.words.focus()

    def _title(self, action: Action) -> str:
        arg = self.rules.arguments.get(action.arg)
        return arg.title if arg else action.arg

    def chosen(self) -> Action:
        aid = self.outcome.selected_option[1]
        return next((a for a in self.options if a.arg == aid), self.options[0])

    def _show_meaning(self, aid: str = "") -> None:
        arg = self.rules.arguments.get(aid or self.chosen().arg)
        text = arg.text if arg and arg.text else "The scenario gives no further description."
        who = ""
        if arg and arg.actors:
            names = [
                self.rules.actors[a].short if a in self.rules.actors else a for a in arg.actors
            ]
            who = f" <font color='#a0a6b2'>(only {', '.join(names)} may argue for it)</font>"
        self.meaning.set_text(html.escape(text) + who)

    def alive(self) -> bool:
        return self.window.alive()

    def kill(self) -> None:
        self.window.kill()

    def handle(self, event: pygame.event.Event) -> tuple[Action, str, str] | None:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.outcome:
            # The menu's own selection changes only on its next update: read the event.
            self._show_meaning(str(getattr(event, "selected_option_id", "")))
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.cancel:
                self.kill()
            elif event.ui_element is self.ok:
                words = self.words.get_text().strip()
                reasons = self.reasons.get_text().strip()
                if not words:
                    self.error.set_text("Write your argument: what your side does.")
                    return None
                if not reasons:
                    self.error.set_text("Give your reasons: why it would work.")
                    return None
                return self.chosen(), words, reasons
        return None
