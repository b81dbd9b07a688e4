"""A client's connection to one game: a worker thread that keeps it open and reconnects.

The shells (the board, the terminal, a bot) never touch the socket. A worker
thread runs a synchronous ``websockets`` client: it says hello with the token,
puts every server message (as a dict) in :attr:`Client.inbox`, and sends what
the shell queued with :meth:`Client.send`. When the connection drops it says so
(a ``status`` message in the inbox) and connects again with a growing pause;
the server answers a hello with a fresh snapshot, so a client never has to
patch its view together. A client applies nothing itself: its view changes
only when an update from the server arrives.
"""

from __future__ import annotations

import json
import queue
import socket
import threading
from typing import Any

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.sync.client import connect

from game.net.protocol import PROTOCOL_VERSION


class _Unusable(Exception):
    """The server keeps sending updates this client cannot build a view from."""


_GIVE_UP = (InvalidURI, _Unusable)
"""Errors no retry can mend: the client stops and says why."""


class Client:
    """One game's connection, kept in a worker thread."""

    def __init__(
        self,
        url: str,
        game: str,
        token: str,
        *,
        detail: bool = True,
        delta: bool = True,
        attempts: int | None = None,
        first_attempts: int | None = None,
        max_pause: float = 4.0,
        open_timeout: float = 5.0,
    ):
        self.url, self.game, self.token, self.detail = url, game, token, detail
        self.delta = delta
        """Ask for partial updates (hello's ``delta``); every update put in the inbox holds
        the whole view all the same: the changed fields are set over the last one here."""
        self._view: dict[str, Any] | None = None
        self._orphans = 0
        """Partial updates met in a row with no whole view to set them over (a few:
        reconnect; more: give up)."""
        self.attempts = attempts
        """How many times to (re)connect before giving up (None: until closed)."""
        self.first_attempts = first_attempts
        """How many refusals (nothing listens, no such host) before the first connection to
        give up after (None: as ``attempts``): a wrong address or port is said at once; a
        slow server, or one that restarts mid-game, is waited for."""
        self.max_pause = max_pause
        self.open_timeout = open_timeout
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self._outbox: queue.Queue[str] = queue.Queue()
        self._stop = threading.Event()
        self._seq = 0
        self._lock = threading.Lock()
        self.status = "connecting"
        """``connecting``, ``online``, ``reconnecting`` or ``closed``."""
        self.reason = ""
        self.welcome: dict[str, Any] | None = None
        self.update: dict[str, Any] | None = None
        """The newest update (the role's view now)."""
        self.connects = 0
        self._thread = threading.Thread(target=self._run, name=f"net-{game}", daemon=True)

    # -- the shell's side ---------------------------------------------------------------------
    def start(self) -> Client:
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def send(self, kind: str, **fields: Any) -> int:
        """Queue a message of ``kind``; returns its sequence number (replies name it)."""
        with self._lock:
            self._seq += 1
            seq = self._seq
        msg = {"type": kind, "v": PROTOCOL_VERSION, "game": self.game, "seq": seq, **fields}
        self._outbox.put(json.dumps(msg))
        return seq

    def act(self, action: str, text: str = "", reason: str = "") -> int:
        """Answer the decision of the newest update (the server refuses it if it is stale)."""
        up = self.update or {}
        return self.send("act", step=up.get("step", 0), digest=up.get("digest", ""),
                         action=action, text=text, reason=reason)  # fmt: skip

    def intervene(self, action: str, reason: str) -> int:
        up = self.update or {}
        return self.send("intervene", step=up.get("step", 0), digest=up.get("digest", ""),
                         action=action, reason=reason)  # fmt: skip

    def next(self, timeout: float) -> dict[str, Any] | None:
        """The next message from the server, or None after ``timeout`` seconds."""
        try:
            return self.inbox.get(timeout=timeout)
        except queue.Empty:
            return None

    # -- the worker thread --------------------------------------------------------------------
    def _note(self, status: str, reason: str = "") -> None:
        self.status, self.reason = status, reason
        self.inbox.put({"type": "status", "status": status, "reason": reason})

    def _run(self) -> None:
        pause, tries, refused = 0.2, 0, 0
        while not self._stop.is_set():
            if self.attempts is not None and tries >= self.attempts:
                self._note("closed", f"gave up after {tries} attempts: {self.reason}")
                return
            if not self.connects and self.first_attempts and refused >= self.first_attempts:
                self._note("closed", f"nothing answers at {self.url}: {self.reason}")
                return
            tries += 1
            try:
                with connect(self.url, open_timeout=self.open_timeout, close_timeout=1,
                             max_size=2**24) as ws:  # fmt: skip
                    hello = {"type": "hello", "v": PROTOCOL_VERSION, "game": self.game,
                             "token": self.token, "detail": self.detail,
                             "delta": self.delta}  # fmt: skip
                    self._view = None  # a new connection starts from a whole view
                    ws.send(json.dumps(hello))
                    self.connects += 1
                    self._note("online")
                    pause, tries = 0.2, 0
                    self._pump(ws)
                    if self._stop.is_set():
                        break
                    self._note("reconnecting", "the server closed the connection")
            except _GIVE_UP as e:
                self._note("closed", str(e))
                return
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError, EOFError) as e:
                # refused or no such host: nothing is there (a slow server is waited for)
                refused += isinstance(e, (ConnectionRefusedError, socket.gaierror))
                self._note("reconnecting", str(e) or type(e).__name__)
            self._stop.wait(pause)
            pause = min(self.max_pause, pause * 2)
        self.status = "closed"

    def _pump(self, ws: Any) -> None:
        while not self._stop.is_set():
            try:
                raw = ws.recv(timeout=0.05)
            except TimeoutError:
                raw = None
            if raw is not None:
                try:
                    msg = json.loads(raw)
                except ValueError:
                    continue
                if not isinstance(msg, dict):
                    continue
                if msg.get("type") == "welcome":
                    self.welcome = msg
                elif msg.get("type") == "update":
                    view = msg.get("view")
                    if not isinstance(view, dict):
                        continue  # no view to show: not an update this client can use
                    if msg.get("partial"):
                        if self._view is None:  # nothing to set it over: start again
                            self._orphans += 1
                            if self._orphans > 3:
                                raise _Unusable(
                                    "the server sends partial updates without a whole view "
                                    "first; update the game or the server"
                                )
                            raise ConnectionClosed(None, None)
                        view = msg["view"] = {**self._view, **view}
                    else:
                        self._orphans = 0  # "in a row": a whole view ends the count
                    self._view = view
                    self.update = msg
                self.inbox.put(msg)
            while True:
                try:
                    out = self._outbox.get_nowait()
                except queue.Empty:
                    break
                ws.send(out)
