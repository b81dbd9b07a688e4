"""The start screen's Join window: a server, a game id and a token, then the board.

Connecting happens in the client's worker thread; the window only reads its
queue once a frame (:meth:`JoinDialog.poll`), so the screen never freezes on a
slow or absent server. What goes wrong (no server there, a wrong token, rules
that differ from the server's) is said in the window, which stays open.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UITextEntryLine, UIWindow

from game.i18n import in_language
from game.net.agents import ClientError, rules_of
from game.net.client import Client
from game.net.commands import DEFAULT_URL
from game.net.remote_board import RemoteTable
from game.ui.dialogs import centred
from game.ui.gui import oid


class JoinDialog:
    """Asks where the game is; :meth:`poll` gives the table once the server has answered."""

    def __init__(self, manager: pygame_gui.UIManager, size: tuple[int, int]):
        self.window = UIWindow(centred(size, 560, 270), manager, "Join a networked game",
                               object_id=oid(None, "#join_window"))  # fmt: skip
        box = self.window.get_container()
        self.entries: dict[str, UITextEntryLine] = {}
        y = 12
        for key, label in (("url", "Server"), ("game", "Game id"), ("token", "Your token")):
            UILabel(pygame.Rect(16, y, 110, 30), label, manager, container=box)
            rect = pygame.Rect(130, y, 392, 30)
            ident = oid(None, f"#join_{key}")
            self.entries[key] = UITextEntryLine(rect, manager, container=box, object_id=ident)
            y += 44
        self.entries["url"].set_text(DEFAULT_URL)
        self.status = UILabel(pygame.Rect(16, y, 506, 28), "Ask the game's creator for the id "
                              "and your token.", manager, container=box)  # fmt: skip
        self.button = UIButton(pygame.Rect(402, y + 40, 120, 34), "Join", manager, container=box,
                               object_id=oid("@primary", "#join_go"))  # fmt: skip
        self.client: Client | None = None
        self.welcome: dict[str, object] | None = None

    def alive(self) -> bool:
        return bool(self.window.alive())

    def kill(self) -> None:
        self.window.kill()

    def close_client(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def handle(self, event: pygame.event.Event) -> None:
        pressed = event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.button
        entered = event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED
        if not (pressed or entered) or self.client is not None:
            return
        url, game, token = (self.entries[k].get_text().strip() for k in ("url", "game", "token"))
        if not url.startswith(("ws://", "wss://")):
            self.status.set_text("The server is ws://HOST:PORT (or wss:// behind TLS).")
            return
        if not game or not token:
            self.status.set_text("Give the game id and your token.")
            return
        self.status.set_text(f"Connecting to {url}\u2026")
        self.button.disable()
        self.welcome = None
        self.client = Client(url, game, token, attempts=3, open_timeout=5).start()

    def poll(self) -> RemoteTable | None:
        """Once a frame: the table when the server has welcomed us and sent the view."""
        client = self.client
        for _ in range(50):
            msg = client.next(0) if client is not None else None
            if msg is None or client is None:
                return None
            kind = msg.get("type")
            if kind == "welcome":
                self.welcome = msg
            elif kind == "update" and self.welcome is not None:
                try:
                    rules = in_language(rules_of(self.welcome))
                except ClientError as e:
                    return self._failed(str(e))
                return RemoteTable(client, self.welcome, rules, msg)
            elif kind == "error" or (kind == "status" and msg.get("status") == "closed"):
                return self._failed(str(msg.get("reason", "")))
        return None

    def _failed(self, reason: str) -> None:
        self.close_client()
        self.status.set_text(reason[:90] or "The server did not answer.")
        self.button.enable()
        return None
