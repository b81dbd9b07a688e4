"""The terminal at the end of a connection: one seat (or Control, or the public board).

It prints what the server sends as it comes (new log lines in words, the board
at each new turn, the options when the decision is this seat's) and sends what
the player types. Input is read in a thread of its own, so updates keep coming
while the prompt waits; nothing typed is applied here: the screen changes when
the server's update arrives, and a refusal is printed with its reason.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from game import terminal_text as txt
from game.engine import CONTROL, Action, ActionError, View, parse_action
from game.net.agents import ClientError, rules_of, wait_welcome
from game.net.client import Client
from game.net.stack import stack_from_wire
from game.net.wire import entry_from_wire, view_from_wire
from game.terminal import listed

HELP = """Commands:
  NUMBER or ACTION       take that option (e.g. 3, or 'target BAK')
  board | hand | objectives   show the position, your cards with their rules, your objectives
  say TEXT               a private message to Control (Control: 'say SEAT TEXT')
  intervene ACTION -- REASON   Control steps in (e.g. intervene adjust ceasefire:+1 -- talks stall)
  undo                   Control takes back the last decision
  seat SEAT PLAYER       Control hands a seat to a bot (random, heuristic, ismcts) or 'human'
  pause | resume         Control stops the game (no seat or bot moves, the timer stands) or resumes
  timer SECONDS          Control sets the phase timer per seat's turn (0: none; again: a fresh one)
  quit                   leave (the game goes on; join again with the same token)"""


class RemoteTerminal:
    """A terminal client of one game."""

    def __init__(self, client: Client, inp: TextIO, out: TextIO, wait: float = 30.0,
                 scenarios: Sequence[Path] = ()):  # fmt: skip
        self.client, self.inp, self.out, self.wait = client, inp, out, wait
        self.scenarios = tuple(scenarios)
        self.paused = False
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.view: View | None = None
        self.turn = -1
        self.asked = -1
        self.rules: Any = None
        self.seat = ""

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def said(self, text: str, indent: int = 4) -> None:
        """A paragraph wrapped to the terminal's width."""
        for line in txt.wrap(text, indent, ""):
            self.say(line)

    def _read(self) -> None:
        for line in iter(self.inp.readline, ""):
            self.lines.put(line.strip())
        self.lines.put(None)

    def run(self) -> int:
        welcome = wait_welcome(self.client, self.wait)
        from game.i18n import in_language, use_chosen_language

        use_chosen_language()
        self.rules = in_language(rules_of(welcome, self.scenarios))
        self.seat = {"control": CONTROL, "observer": "observer"}.get(
            welcome["role"], welcome["seat"]
        )
        who = txt.name(self.rules, self.seat) if self.seat in self.rules.actors else self.seat
        title = self.rules.manifest.title
        self.said(f"{title}: game {welcome['game']}, you are {who}. Type 'help' for commands.", 2)
        threading.Thread(target=self._read, daemon=True).start()
        while True:
            msg = self.client.next(0.1)
            if msg is not None and self.show(msg):
                return 0
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                continue
            if line is None or line.lower() in ("quit", "exit", "q"):
                self.say("left the game (it goes on; join again with the same token)")
                return 0
            if line:
                self.command(line)

    # -- what the server says ---------------------------------------------------------------------
    def show(self, msg: dict[str, Any]) -> bool:
        """Print one server message; True when the game is over."""
        kind = msg.get("type")
        if kind == "status":
            if msg["status"] == "online":
                self.say("[connected]")
            elif msg["status"] == "closed":
                raise ClientError(f"lost the server: {msg.get('reason')}")
            else:
                self.said(f"[connection lost: {msg.get('reason')}; reconnecting\u2026]")
        elif kind in ("refused", "error"):
            self.said(f"  refused: {msg.get('reason')}")
            self.asked = -1
        elif kind == "message":
            sender = txt.name(self.rules, msg["sender"]) if msg["sender"] != "server" else "Server"
            self.said(f"[message from {sender}] {msg['text']}")
        elif kind == "update":
            return self.updated(msg)
        return False

    def updated(self, msg: dict[str, Any]) -> bool:
        view = view_from_wire(msg["view"], stack_from_wire(msg["stack"], self.rules))
        self.view = view
        for data in msg["log"]:
            for line in txt.log_line(self.rules, entry_from_wire(data)):
                self.say(line)
        if msg["reset"] or view.turn != self.turn:
            self.turn = view.turn
            for line in txt.board(self.rules, view):
                self.say(line)
        if bool(msg.get("paused")) != self.paused:
            self.paused = bool(msg.get("paused"))
            self.say("[Control paused the game]" if self.paused else "[the game goes on]")
        if view.result is not None:
            r = view.result
            winners = ", ".join(txt.name(self.rules, w) for w in r.winners) or "nobody"
            self.said(f"\n=== Game over === {r.reason}. Winners: {winners}")
            return True
        if view.legal and view.acting == self.seat and self.asked != msg["step"]:
            self.asked = msg["step"]
            bot = msg["players"].get(self.seat, "human")
            if bot != "human":
                self.say(f"(a {bot} bot plays your seat now)")
                return False
            question = view.decision.question or view.prompt
            left = msg.get("timer")
            clock = f" ({int(left)} s on the clock)" if left is not None else ""
            self.say(f"\n{txt.name(self.rules, self.seat)}: {question}{clock}")
            for i, action in enumerate(listed(view), start=1):
                self.say(f"  {i:2}. {txt.describe(self.rules, action, view)}"[: txt.WIDTH])
        elif view.acting not in (None, self.seat) and self.asked != msg["step"]:
            self.asked = msg["step"]
            self.say(f"  (waiting for {txt.name(self.rules, view.acting)})")
        return False

    # -- what the player types ---------------------------------------------------------------
    def command(self, line: str) -> None:
        word, _, rest = line.partition(" ")
        view = self.view
        if word == "help":
            self.say(HELP)
        elif word == "board" and view is not None:
            for out in txt.board(self.rules, view):
                self.say(out)
        elif word == "hand" and view is not None:
            for cid in view.hand:
                for out in txt.card(self.rules, cid, view.event_notes.get(cid, "")):
                    self.say(out)
        elif word == "objectives" and view is not None:
            for out in txt.objectives(self.rules, view):
                self.say(out)
        elif word == "say":
            to, text = (CONTROL, rest)
            if self.seat == CONTROL:
                to, _, text = rest.partition(" ")
            self.client.send("say", text=text, to=to)
        elif word == "intervene":
            action, _, reason = rest.partition("--")
            self.client.intervene(action.strip(), reason.strip())
        elif word == "undo":
            up = self.client.update or {}
            self.client.send("undo", step=up.get("step", 0), digest=up.get("digest", ""))
        elif word == "seat":
            seat, _, player = rest.partition(" ")
            self.client.send("seat", seat=seat, player=player.strip())
        elif word in ("pause", "resume"):
            self.client.send("pause", paused=word == "pause")
        elif word == "timer":
            if not rest.strip().isdigit():
                self.say("  timer SECONDS: a whole number of seconds per turn (0: no timer)")
            else:
                self.client.send("timer", seconds=int(rest.strip()))
        elif view is not None and view.legal:
            self.choose(line, view)
        else:
            self.say("  not your decision now; type 'help' for commands")

    def choose(self, line: str, view: View) -> None:
        options = listed(view)
        action: Action | None = None
        if line.isdigit() and 1 <= int(line) <= len(options):
            action = options[int(line) - 1]
        else:
            try:
                action = parse_action(line)
            except ActionError as e:
                for out in txt.wrap(str(e), 4, "  "):
                    self.say(out)
                return
            if action not in options:
                self.say(f"  '{line}' is not an option now; type a number from 1 to "
                         f"{len(options)}")  # fmt: skip
                return
        self.client.act(str(action))
