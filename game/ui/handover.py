"""'Done — pass the screen': the button that ends a person's time at the screen.

When a move hands the decision to another person, the board stays as it is, so
the player sees what the move did (dice, effects, the log), and one button in
the action row says who is next. Pressing it, or Enter, brings the cover down;
the next person then uncovers the screen. A cover that fell the instant a move
ended hid the outcome from the one who made it.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.render import style
from game.render.projection import Rect
from game.ui.gui import oid


class PassButton:
    """The button, shown while a hand-over waits; None otherwise."""

    def __init__(self, manager: pygame_gui.UIManager, area: Rect):
        self.manager = manager
        self.area = area
        self.button: UIButton | None = None
        self.to = ""

    def update(self, pending: bool, to: str) -> None:
        """Show the button for ``to`` while ``pending``; remove it when not."""
        if not pending:
            self.kill()
            return
        if self.button is not None and self.to == to:
            return
        self.kill()
        self.to = to
        text = f"Done \u2014 pass the screen to {to}"
        x, y, w, _ = self.area
        width = min(w - 20, style.fonts.font(14, True).size(text)[0] + 40)
        self.button = UIButton(
            pygame.Rect(x + w - 10 - width, y + 29, width, 28),
            style.fit(text, 14, width - 20, bold=True),
            self.manager,
            tool_tip_text="Your move is done: the cover comes down for the next player (Enter)",
            object_id=oid("@primary", "#pass_screen"),
        )

    def pressed(self, event: pygame.event.Event) -> bool:
        """True for a press of the button, or Enter while it shows."""
        if self.button is None:
            return False
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.button:
            return True
        return event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER)

    def kill(self) -> None:
        if self.button is not None:
            self.button.kill()
            self.button = None
