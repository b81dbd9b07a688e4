"""The window that asks Control for a reason before an intervention takes effect.

Every intervention is recorded with its reason, and the after-action review
reads them, so the window says what will happen in words, asks why, and
refuses an empty reason on screen rather than letting the engine refuse it
later. For a delay it also asks the turn. Nothing happens until Control
clicks the button that names the action; Esc or Cancel changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UILabel,
    UITextBox,
    UITextEntryLine,
    UIWindow,
)

from game.engine.control import Intervention
from game.ui.gui import oid

EMPTY_REASON = "Give a reason first: every intervention is recorded with its reason."


def centred(size: tuple[int, int], w: int, h: int) -> pygame.Rect:
    return pygame.Rect((size[0] - w) // 2, (size[1] - h) // 2, w, h)


class ReasonDialog:
    """Confirm an intervention with a reason; ``handle`` returns (command, reason) on OK.

    ``command`` is the intervention, or a function of the chosen
    turn when ``turns`` offers a choice (a delay).
    """

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        size: tuple[int, int],
        *,
        title: str,
        what_html: str,
        ok_label: str,
        command: Intervention | Callable[[int], Intervention],
        turns: tuple[int, ...] = (),
    ):
        self.command = command
        self.turns = turns
        h = 376 if turns else 334
        self.window = UIWindow(
            centred(size, 660, h), manager, title, object_id=oid(None, "#reason_window")
        )
        c = self.window.get_container()
        iw = c.get_rect().width - 24
        UITextBox(
            what_html,
            pygame.Rect(12, 8, iw, 140),
            manager,
            container=c,
            object_id=oid(None, "#reason_what"),
        )
        y = 156
        self.turn_menu: UIDropDownMenu | None = None
        if turns:
            UILabel(pygame.Rect(12, y, 200, 30), "Delay it to turn", manager, container=c)
            self.turn_menu = UIDropDownMenu(
                [str(t) for t in turns],
                str(turns[0]),
                pygame.Rect(212, y, 120, 30),
                manager,
                container=c,
                object_id=oid(None, "#reason_turn"),
                expansion_height_limit=180,
            )
            y += 42
        UILabel(
            pygame.Rect(12, y, iw, 22),
            "Reason (required; recorded in the log and the report):",
            manager,
            container=c,
            object_id=oid("@heading"),
        )
        self.entry = UITextEntryLine(
            pygame.Rect(12, y + 24, iw, 32),
            manager,
            container=c,
            object_id=oid(None, "#reason_entry"),
        )
        self.entry.focus()
        self.error = UILabel(
            pygame.Rect(12, y + 60, iw, 22),
            "",
            manager,
            container=c,
            object_id=oid("@error", "#reason_error"),
        )
        self.ok = UIButton(
            pygame.Rect(iw + 12 - 110 - 190, y + 88, 190, 34),
            ok_label,
            manager,
            container=c,
            object_id=oid("@primary", "#reason_ok"),
        )
        self.cancel = UIButton(
            pygame.Rect(iw + 12 - 100, y + 88, 100, 34),
            "Cancel",
            manager,
            container=c,
            object_id=oid(None, "#reason_cancel"),
        )

    def alive(self) -> bool:
        return self.window.alive()

    def kill(self) -> None:
        self.window.kill()

    def say(self, text: str) -> None:
        """Show a problem (an empty reason, the engine's refusal) in the window."""
        self.error.set_text(text)

    def _chosen(self) -> tuple[Intervention, str] | None:
        reason = self.entry.get_text().strip()
        if not reason:
            self.say(EMPTY_REASON)
            self.entry.focus()
            return None
        if callable(self.command):
            assert self.turn_menu is not None
            turn = int(self.turn_menu.selected_option[0])
            return self.command(turn), reason
        return self.command, reason

    def handle(self, event: pygame.event.Event) -> tuple[Intervention, str] | None:
        """(command, reason) once Control confirmed with a reason; None otherwise."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.ok:
                return self._chosen()
            if event.ui_element is self.cancel:
                self.kill()
        if (
            event.type == pygame.KEYDOWN
            and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER)
            and self.entry.is_focused
        ):
            return self._chosen()
        return None
