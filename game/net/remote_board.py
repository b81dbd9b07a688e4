"""The board at the end of a connection: the hotseat board's scene over a remote table.

:class:`RemoteTable` stands where the board's :class:`~game.ui.controller.Table`
stands, so the screen, the hand, the keys and Control's panel are the ones
people know from hotseat play. The differences are all here: a decision is
*sent* (nothing changes on screen until the server's update says it was
accepted), the view on screen is the one the server sent for this role, and
a lost connection is said on screen while the client reconnects by itself.
Network I/O stays in the client's worker thread; the render thread only
drains its queue once a frame (:meth:`RemoteTable.poll`).

The board's code also asks a few questions of a full engine state (which
regions changed, what an action would do): it gets one world consistent with
this role's view (game.ai.determinize), which holds nothing the role may not
see. The role's own view is always the one from the server.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from game.ai.determinize import determinize
from game.engine import CONTROL, OBSERVER, Action, IllegalAction, View
from game.engine.choices import Decision
from game.engine.control import Intervention, to_action
from game.net.agents import ClientError, rules_of, scenario_folder, wait_update, wait_welcome
from game.net.client import Client
from game.net.stack import stack_from_wire
from game.net.wire import entry_from_wire, view_from_wire
from game.ruleset.model import Ruleset
from game.session.record import Record, SeatConfig
from game.session.session import Session
from game.ui.controller import Move, Table
from game.ui.seminar import TimerKeeper

BANNER_EVERY = 4.0
"""Seconds between repeats of the 'connection lost' notice while it lasts."""


class RemoteTable(Table):
    """A table whose game lives on a server; this screen is one role's."""

    def __init__(self, client: Client, welcome: dict[str, Any], rules: Ruleset,
                 update: dict[str, Any]):  # fmt: skip
        self.client = client
        self.role = str(welcome["role"])
        self.me = {"control": CONTROL, "observer": OBSERVER}.get(self.role, str(welcome["seat"]))
        self._rules = rules
        self._update: dict[str, Any] = {}
        self._view: View | None = None
        self.pending: int | None = None
        """The sequence number of a decision sent and not yet answered."""
        self._lost_since: float | None = None
        self._said_at = 0.0
        self._ready = False
        session = self._mirror(update)
        super().__init__(session, {}, autosave=None, handoff=False)
        self._ready = True
        self.control = self.role == "control"
        self.humans = () if self.me in (CONTROL, OBSERVER) else (self.me,)
        self.people = (self.me,)
        self.viewer = self.me
        self.revealed_for = self.me

    # -- the server's word ------------------------------------------------------------------
    def _mirror(self, update: dict[str, Any]) -> Session:
        """Take an update: the role's view, and a world consistent with it for the board."""
        view = view_from_wire(update["view"], stack_from_wire(update["stack"], self._rules))
        kept = self._view.log if self._view is not None and not update["reset"] else ()
        new = tuple(entry_from_wire(e) for e in update["log"])
        view = attrs.evolve(view, log=(*kept, *new))  # the server sends each line once
        self._update, self._view = update, view
        self.received_at = time.monotonic()
        seats = tuple(SeatConfig(s) for s in view.seats)
        record = Record(self._rules.id, self._rules.manifest.version, self._rules.digest, 0, seats)
        world = determinize(view, self._rules, random.Random(update["step"]))
        return Session.from_states(self._rules, record, [world])

    def poll(self) -> list[str]:
        """Drain the connection's messages (once a frame); returns notices for the screen."""
        notes: list[str] = []
        for _ in range(200):
            msg = self.client.next(0)
            if msg is None:
                break
            kind = msg.get("type")
            if kind == "update":
                self.session = self._mirror(msg)
                self.pending = None
                self._decision = None
            elif kind == "status":
                if msg["status"] == "online":
                    if self._lost_since is not None:
                        notes.append("Connected again.")
                    self._lost_since = None
                else:
                    self._lost_since = self._lost_since or time.monotonic()
                    self.pending = None
            elif kind in ("refused", "error"):
                self.pending = None
                notes.append(f"The server refused: {msg.get('reason')}")
            elif kind == "message":
                sender = self.seat_name(msg["sender"]) if msg["sender"] != "server" else "Server"
                notes.append(f"Message from {sender}: {msg['text']}")
        if self._lost_since is not None and time.monotonic() - self._said_at > BANNER_EVERY:
            self._said_at = time.monotonic()
            notes.append(f"Connection lost ({self.client.reason}); reconnecting\u2026")
        return notes

    @property
    def online(self) -> bool:
        return self._lost_since is None

    @property
    def update(self) -> dict[str, Any]:
        """The server's last update (its view on the wire, timer, who is online...)."""
        return self._update

    def timer_left(self) -> float | None:
        """Seconds left for the acting seat, counted down here from the server's last word
        (it sends an update when the game moves, not every second); None without a timer."""
        left = self._update.get("timer")
        if left is None:
            return None
        if self.paused:
            return float(left)
        return max(0.0, float(left) - (time.monotonic() - self.received_at))

    @property
    def paused(self) -> bool:
        """Control paused the game: as the server last said."""
        return bool(self._update.get("paused", False))

    @paused.setter
    def paused(self, value: bool) -> None:
        if getattr(self, "_ready", False) and self.role == "control":
            self.client.send("pause", paused=bool(value))  # shown once the server says so

    # -- what the screen asks ---------------------------------------------------------------
    @property
    def rules(self) -> Ruleset:
        return self._rules

    def holder(self) -> str | None:
        """This screen is always its own role's: no cover, no hand-off."""
        return self.me

    def reveal(self) -> None:
        self.viewer = self.revealed_for = self.me

    def release_control(self) -> str | None:
        return "This screen is Control's own."

    @property
    def acting(self) -> str | None:
        assert self._view is not None
        return None if self._view.result is not None else self._view.acting

    def is_over(self) -> bool:
        assert self._view is not None
        return self._view.result is not None

    def view(self) -> View:
        assert self._view is not None
        return self._view

    def decision(self) -> Decision:
        return self.view().decision

    def scores(self) -> dict[str, int]:
        return dict(self.view().vp)

    def objectives_met(self) -> dict[str, bool]:
        return {o.id: o.holds or o.achieved for o in self.view().objectives}

    # -- deciding: sent, then shown when the server says so --------------------------------
    def act(self, action: Action, *, text: str = "", reason: str = "") -> Move:
        seat = self.acting
        if seat is None or seat != self.me or self.me == OBSERVER:
            raise IllegalAction(f"it is {self.seat_name(seat)}'s decision, not yours")
        if self.pending is not None:
            raise IllegalAction("the last decision is still on its way to the server")
        if not self.online:
            raise IllegalAction("the connection is lost; the board reconnects by itself")
        said = self._words(action)
        self.pending = self.client.act(str(action), text=text, reason=reason)
        region = action.arg if action.kind == "target" else None
        return Move(seat, action, said, False, region)

    def intervene(self, command: Intervention | str, reason: str) -> list[str]:
        if self.role != "control":
            raise IllegalAction("only Control steps in")
        if not reason.strip():
            raise IllegalAction("give a reason: every intervention is recorded with its reason")
        action = command if isinstance(command, str) else str(to_action(command))
        self.client.intervene(action, reason.strip())
        return ["Sent to the server."]

    def undo(self) -> str:
        if self.role != "control":
            return "On a networked game only Control takes moves back."
        up = self._update
        self.client.send("undo", step=up.get("step", 0), digest=up.get("digest", ""))
        return "Asked the server to take the last decision back."

    def bot_step(self) -> Move | None:
        return None  # the server runs the bots

    def save(self, path: Any) -> str:
        return "A networked game is saved on its server: Control exports it (near-abroad export)."

    def save_auto(self) -> None:
        pass

    def annotate(self, author: str, text: str, tag: str = "", step: int | None = None) -> None:
        self.client.send("say", text=f"[note] {text}"[:500], to=CONTROL)


class RemoteKeeper(TimerKeeper):
    """The phase timer as the server keeps it. The server counts down and acts when time
    runs out; this shows its figures and sends Control's changes (the Timer tab's Set and
    a fresh countdown) as ``timer`` messages, so no second clock runs here."""

    remote = True

    def __init__(self, table: RemoteTable):
        timer = table.rules.manifest.timer
        super().__init__(0, time.monotonic, timer.on_expiry)
        self.table = table

    def tick(self, table: Table) -> str | None:
        self.timer.seconds = int(self.table.update.get("timer_seconds", 0))
        left = self.table.timer_left()
        acting = table.acting
        timed = left is not None and acting in table.rules.seats
        self.seat = acting if timed else None
        out = left is not None and left <= 0 and self.timer.on_expiry != "pass"
        self.expired_for = acting if timed and out else None
        return None  # the server says when time is up (a message to Control)

    def set_seconds(self, seconds: int) -> None:
        if self.table.role == "control":
            self.table.client.send("timer", seconds=max(0, int(seconds)))
        self.timer.seconds = max(0, int(seconds))  # shown at once; the server's word follows

    def restart_now(self) -> None:
        self.set_seconds(self.timer.seconds)

    def text(self) -> str:
        left = self.table.timer_left()
        if self.seat is None or left is None:
            return ""
        if self.expired_for is not None:
            return "00:00 time is up"
        whole = int(left + 0.999)
        out = f"{whole // 60:02d}:{whole % 60:02d}"
        return out + " (paused)" if self.table.paused else out


def run_board(url: str, game: str, token: str, *, size: tuple[int, int] = (1600, 900),
              max_frames: int | None = None, scenarios: Sequence[Path] = ()) -> int:  # fmt: skip
    """Open the board on a networked game; returns the exit code."""
    import sys

    from game.i18n import in_language, use_chosen_language
    from game.session.settings import load_settings
    from game.ui.app import App

    use_chosen_language()
    client = Client(url, game, token, first_attempts=3).start()
    try:
        welcome = wait_welcome(client, 30)
        rules = in_language(rules_of(welcome, scenarios))
        first = wait_update(client, 30)
        settings, _ = load_settings()
        folder = scenario_folder(welcome, scenarios)
        app = App(scenario=folder, size=size, scale=settings.ui_scale)
        table = RemoteTable(client, welcome, rules, first)
        open_board(app, table)
        return app.run(max_frames)
    except ClientError as e:
        print(f"near-abroad join: {e}", file=sys.stderr)
        return 1
    finally:
        client.close()


def open_board(app: Any, table: RemoteTable) -> None:
    """Put ``table`` on ``app``'s screen; the end of the game is said, not left to a report
    screen that needs the whole record (Control exports it)."""
    app.play(table, keeper=RemoteKeeper(table))
    scene = app.scene
    told: list[bool] = []

    def over(_: Table) -> None:
        if not told:
            told.append(True)
            app.say("The game is over. Control exports it for the report (near-abroad export).")

    scene.on_over = over
