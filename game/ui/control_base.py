"""What the Control panel's tabs share: a content area they fill, and the desk they act through.

Each tab (argument, injects, adjust, timer, notes) builds its widgets in the
panel's content area and acts only through the desk (the panel), which talks
to the table, shows the engine's refusals and tells the table what happened.
So a tab never applies anything to the game itself, and every intervention
goes through the one place that insists on a reason.
"""

from __future__ import annotations

from typing import Protocol

import pygame
import pygame_gui
from pygame_gui.core import UIContainer

from game.engine import Action
from game.ui.controller import Table
from game.ui.gui import oid
from game.ui.reason import ReasonDialog
from game.ui.seminar import TimerKeeper


class Desk(Protocol):
    """The Control panel as its tabs see it."""

    table: Table
    keeper: TimerKeeper
    size: tuple[int, int]
    manager: pygame_gui.UIManager

    def intervene(self, command: str, reason: str) -> str | None:
        """Apply an intervention; None, or the refusal in words."""
        ...

    def rule(self, action: Action, reason: str) -> str | None:
        """Rule on the pending argument; None, or the refusal in words."""
        ...

    def open_dialog(self, dialog: ReasonDialog) -> None: ...

    def notify(self, text: str) -> None: ...

    def note(self, text: str, tag: str) -> None: ...

    def rewind(self) -> None: ...


class Tab:
    """A tab's content: a panel of widgets, rebuilt when what it shows has changed."""

    title = ""

    def __init__(self, desk: Desk, rect: pygame.Rect, container: object = None):
        """``rect`` is relative to ``container`` (the Control panel's frame)."""
        self.desk = desk
        self.manager = desk.manager
        self.rect = rect
        # A plain container (the panel draws the background): nested pygame_gui panels and
        # scrolling containers make every widget in them slow to build.
        self.panel = UIContainer(
            rect,
            desk.manager,
            container=container,  # type: ignore[arg-type]
            object_id=oid(None, "#ctl_content"),
        )
        self.c = self.panel
        self._key: object = None

    @property
    def width(self) -> int:
        return self.rect.width - 12

    def kill(self) -> None:
        self.panel.kill()

    def clear(self) -> None:
        """Remove every widget of the tab (before a rebuild)."""
        for element in list(self.c.elements):
            element.kill()

    def key(self) -> object:
        """What the tab shows depends on; a change rebuilds it."""
        return len(self.desk.table.session.record.steps)

    def refresh(self) -> None:
        key = self.key()
        if key != self._key:
            self._key = key
            self.clear()
            self.build()

    def build(self) -> None:
        raise NotImplementedError

    def handle(self, event: pygame.event.Event) -> None:
        pass

    def draw(self, surface: pygame.Surface, texts: list[str] | None) -> None:
        pass
