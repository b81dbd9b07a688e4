"""Small windows over the board: save to a file, load a file, help.

Saving asks for a path in a text field (prefilled with a fresh name in the
user data folder); loading uses pygame_gui's file dialog, which works under
every SDL driver. The help text is built from the scenario, so modded rules
get their own operations and victory text in it.
"""

from __future__ import annotations

import datetime
import html
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UITextBox, UITextEntryLine, UIWindow
from pygame_gui.windows import UIFileDialog

from game.ruleset.model import Ruleset
from game.session.paths import data_dir
from game.ui.gui import oid

KEYS = [
    ("Click a card", "read it; Play (or double-click) plays it"),
    ("Click a gold region", "choose it as the target"),
    ("Tab / Shift+Tab", "the next / previous card, or target region; Enter takes it"),
    ("1 … 9", "the n-th card, or the n-th button of the action row"),
    ("Enter", "uncover the screen; 'Done — pass the screen' after your move"),
    ("Mouse wheel / + -", "zoom about the cursor"),
    ("Drag / arrow keys", "pan the map; Home resets the view"),
    ("Ctrl+Z", "undo your last decision"),
    ("Ctrl+S / Ctrl+O", "save / load a game"),
    ("L", "show or hide the legend"),
    ("F1", "this help"),
    ("F5", "reload the scenario and mods from disk (the game goes on if it still fits)"),
    ("F11", "full screen"),
    ("F12", "screenshot (saved in the user data folder)"),
    ("Esc", "close a window, clear the selection"),
]


def default_save_path(rules: Ruleset) -> Path:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return data_dir() / "saves" / f"{rules.id}-{stamp}.json"


def centred(size: tuple[int, int], w: int, h: int) -> pygame.Rect:
    return pygame.Rect((size[0] - w) // 2, (size[1] - h) // 2, w, h)


class SaveDialog:
    """A window asking where to save; ``path()`` when the player clicked Save."""

    def __init__(self, manager: pygame_gui.UIManager, size: tuple[int, int], rules: Ruleset):
        self.window = UIWindow(
            centred(size, 640, 190), manager, "Save the game", object_id=oid(None, "#save_window")
        )
        c = self.window.get_container()
        UILabel(pygame.Rect(12, 8, 600, 22), "File:", manager, container=c)
        self.entry = UITextEntryLine(
            pygame.Rect(12, 32, 600, 32), manager, container=c, object_id=oid(None, "#save_path")
        )
        self.entry.set_text(str(default_save_path(rules)))
        self.ok = UIButton(
            pygame.Rect(392, 78, 110, 34),
            "Save",
            manager,
            container=c,
            object_id=oid("@primary", "#save_ok"),
        )
        self.cancel = UIButton(pygame.Rect(512, 78, 100, 34), "Cancel", manager, container=c)

    def alive(self) -> bool:
        return self.window.alive()

    def kill(self) -> None:
        self.window.kill()

    def handle(self, event: pygame.event.Event) -> str | None:
        """The chosen path when Save was clicked (the window closes); else None."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.ok:
                path = self.entry.get_text().strip()
                self.kill()
                return path or None
            if event.ui_element is self.cancel:
                self.kill()
        if event.type == pygame.KEYDOWN and event.key == pygame.K_RETURN and self.entry.is_focused:
            path = self.entry.get_text().strip()
            self.kill()
            return path or None
        return None


class LoadDialog:
    """pygame_gui's file dialog, opened in the saves folder."""

    def __init__(self, manager: pygame_gui.UIManager, size: tuple[int, int]):
        start = data_dir() / "saves"
        if not start.is_dir():
            start = data_dir() if data_dir().is_dir() else Path.cwd()
        self.window = UIFileDialog(
            centred(size, 640, 460),
            manager,
            window_title="Load a saved game",
            initial_file_path=str(start),
            allow_existing_files_only=True,
            object_id=oid(None, "#load_window"),
        )

    def alive(self) -> bool:
        return self.window.alive()

    def kill(self) -> None:
        self.window.kill()

    def handle(self, event: pygame.event.Event) -> str | None:
        if event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED and event.ui_element is self.window:
            return str(event.text)
        return None


def help_html(rules: Ruleset) -> str:
    parts = [f"<b>{html.escape(rules.manifest.title)}</b>"]
    if rules.manifest.victory.text:
        parts.append(html.escape(rules.manifest.victory.text))
    parts.append("<br><b>A turn</b>")
    parts.append(
        f"Each seat plays {rules.manifest.action_rounds} cards a turn, one per round, in the order "
        f"{', '.join(rules.seats)}. A card is played for its event or for its operation points, "
        "spent on the operations below, one target region at a time."
    )
    parts.append("<br><b>Operations</b>")
    for op in rules.operations.values():
        parts.append(f"<b>{html.escape(op.name)}</b>: {html.escape(op.text or '')}")
    parts.append("<br><b>Keys and mouse</b>")
    for key, what in KEYS:
        parts.append(f"<b>{html.escape(key)}</b> — {html.escape(what)}")
    parts.append(
        "<br><b>The board</b><br>Each box is a region: its header takes the colour and symbol of "
        "the actor that controls it; the dark badge is its stability (the margin of influence "
        "needed to control it); bare symbols with numbers are influence; symbols on dark tiles are "
        "forces. Hover a box for everything about it."
    )
    return "<br>".join(parts)


class HelpWindow:
    def __init__(self, manager: pygame_gui.UIManager, size: tuple[int, int], rules: Ruleset):
        w, h = min(760, size[0] - 80), min(620, size[1] - 80)
        self.window = UIWindow(
            centred(size, w, h), manager, "Help", object_id=oid(None, "#help_window")
        )
        c = self.window.get_container()
        UITextBox(
            help_html(rules),
            pygame.Rect(0, 0, w - 8, h - 40),
            manager,
            container=c,
            object_id=oid(None, "#help_text"),
        )

    def alive(self) -> bool:
        return self.window.alive()

    def kill(self) -> None:
        self.window.kill()

    def handle(self, event: pygame.event.Event) -> str | None:
        return None
