"""One game on the server: its session, who plays each seat, and the rules of the door.

A room knows nothing of sockets. The server hands it a decoded message and the
role the connection's token grants; the room answers with what to send back
and whether the game moved. Every change is written to the store before the
room answers, and a change the store refused is taken back, so what the server
acknowledges is exactly what a restart rebuilds. Keeping this apart from the
network makes every refusal testable without a connection, and lets the fuzz
tests drive the handlers directly.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

import attrs

from game.ai.registry import Bot, check_bot, make_bot
from game.engine import (
    CONTROL,
    OBSERVER,
    Action,
    ActionError,
    ActionKind,
    IllegalAction,
    LogEntry,
    State,
)
from game.engine.decisions import Frame
from game.engine.views import public_fields, viewer_fields, visible
from game.net import protocol as p
from game.net.stack import stack_to_wire
from game.net.store import Role, Store
from game.net.wire import to_wire
from game.ruleset.model import Ruleset
from game.session.record import Annotation
from game.session.session import Session, UndoRefused
from game.session.timer import PhaseTimer

MAX_TIMER_SECONDS = 24 * 3600
"""The longest phase timer Control may set (a day), as at the board."""

Reply = Any
"""A server message (one of game.net.protocol's classes)."""


@attrs.define
class Outcome:
    """What handling one message did: the replies to its sender, and what to tell others."""

    replies: list[Reply] = attrs.Factory(list)
    moved: bool = False
    """The game changed: every connection gets an update."""
    reset: bool = False
    """The change took steps back (an undo): every connection gets a snapshot."""
    messages: list[p.Message] = attrs.Factory(list)
    """Private messages to pass on (to the seat or Control named in ``to``)."""


def refuse(game: str, ref: int, code: str, reason: str) -> p.Refused:
    return p.Refused(type="refused", v=p.PROTOCOL_VERSION, game=game, ref=ref, code=code,
                     reason=reason)  # fmt: skip


_NONE = object()


def _same(a: Any, b: Any) -> bool:
    return a is b or a == b


def changed_fields(shown: dict[str, Any], view: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``view`` that differ from ``shown`` (the last view a connection got): a
    partial update. Views always have the same fields, so setting these over ``shown``
    gives ``view`` again (tests/unit/test_net_delta.py checks it over random games)."""
    return {k: v for k, v in view.items() if not _same(shown.get(k, _NONE), v)}


class Room:
    """A game the server holds: the authoritative session and its players."""

    def __init__(
        self,
        gid: str,
        rules: Ruleset,
        session: Session,
        meta: dict[str, Any],
        store: Store,
        clock: Callable[[], str],
        monotonic: Callable[[], float] = time.monotonic,
    ):
        self.id = gid
        self.rules = rules
        self.session = session
        self.meta = meta
        self.store = store
        self.clock = clock
        self.players: dict[str, str] = dict(meta.get("players", {}))
        """Seat -> ``human`` or the bot the server runs for it."""
        for seat in rules.manifest.seats:
            self.players.setdefault(seat, "human")
        self.bots: dict[str, Bot] = {}
        self.online: dict[str, int] = {}
        """Seat or role -> how many connections it has now."""
        timer = rules.manifest.timer
        self.timer = PhaseTimer(timer.seconds, monotonic, timer.on_expiry)
        self.paused = False
        """Control paused the game (kept in the store: a restart keeps it paused)."""
        for _, kind, data in store.events(gid):  # what Control and the creator changed
            if kind == "seat":
                self.players[str(data["seat"])] = str(data["player"])
            elif kind == "pause":
                self.paused = bool(data["paused"])
            elif kind == "timer":
                self.timer.set_seconds(int(data["seconds"]))
        if self.paused:
            self.timer.pause()
        self._timed: object = None
        self._digest = public_digest(session.state)
        self._shared: tuple[object, dict[bool, dict[str, Any]], Any] = (None, {}, None)
        """(state, its public view fields on the wire by detail, its stack on the wire)."""
        self._before: dict[bool, tuple[dict[str, Any], dict[str, Any]]] = {}
        """By detail, the last position's public fields and their wire form: a field equal
        to the last one keeps the same wire object (converted once; a delta sees it by id)."""
        self._mine: dict[tuple[str, bool], tuple[dict[str, Any], dict[str, Any]]] = {}
        """The same for each viewer's own fields, by (viewer, detail)."""

    # -- what everyone sees -------------------------------------------------------------------
    @property
    def step(self) -> int:
        return len(self.session.record.steps)

    @property
    def digest(self) -> str:
        """The digest of the public position (see :func:`public_digest`)."""
        return self._digest

    def viewer(self, role: Role) -> str:
        return {"control": CONTROL, "observer": OBSERVER}.get(role.role, role.seat)

    def update(self, role: Role, seq: int, detail: bool, since: int | None) -> p.Update:
        """The role's view now, with the log lines after step ``since`` (all when None).

        The part of the view that is everyone's, and the decision stack, are converted once
        per position and shared by every connection; only the viewer's own fields (hand,
        options, refusals) are built per role. The result is the role's own view exactly
        (tests/unit/test_net_room.py checks it against the engine's view_for)."""
        state = self.session.state
        who = self.viewer(role)
        public = self._public(detail)
        own = viewer_fields(state, who, with_log=detail)
        stack = own.pop("stack")  # not in the view on the wire: see game.net.stack
        raw, wire = self._mine.get((who, detail), ({}, {}))
        mine = {k: wire[k] if _same(raw.get(k, _NONE), v) else to_wire(v) for k, v in own.items()}
        self._mine[(who, detail)] = (own, mine)
        body = {**public, **mine, "log": []}
        log = _new_entries(state, since, who)
        return p.Update(
            type="update", v=p.PROTOCOL_VERSION, game=self.id, seq=seq, step=self.step,
            digest=self.digest, reset=since is None, view=body,
            log=tuple(to_wire(e) for e in log), stack=self._wire_stack(stack),
            players=dict(self.players), online=tuple(sorted(self.online)),
            timer=self.timer_left(), timer_seconds=self.timer.seconds, paused=self.paused,
        )  # fmt: skip

    def _public(self, detail: bool) -> dict[str, Any]:
        """The everyone's part of the view now, on the wire: converted once per position
        (and per ``detail``), each field that did not change keeping its last wire object."""
        state = self.session.state
        if self._shared[0] is not state:
            self._shared = (state, {}, [])
        public = self._shared[1].get(detail)
        if public is None:
            fields = public_fields(state, with_log=detail)
            raw, wire = self._before.get(detail, ({}, {}))
            public = self._shared[1][detail] = {
                k: wire[k] if _same(raw.get(k, _NONE), v) else to_wire(v) for k, v in fields.items()
            }
            self._before[detail] = (fields, public)
        return public

    def _public_digest(self) -> str:
        """:func:`public_digest` of the position now, from the shared public part (the same
        text, so the same digest, without building and converting the whole view again)."""
        own = viewer_fields(self.session.state, OBSERVER, with_log=False)
        own.pop("stack")
        body = {**self._public(False), **{k: to_wire(v) for k, v in own.items()}, "log": []}
        return _digest_text(body)

    def _wire_stack(self, stack: tuple[Frame, ...]) -> list[dict[str, Any]]:
        """The stack on the wire, converted once per position for every viewer who sees it
        whole, once more for each other version (a private inject's frames hidden)."""
        kept: list[tuple[tuple[Frame, ...], list[dict[str, Any]]]] = self._shared[2]
        for frames, wire in kept:
            if frames is stack or frames == stack:
                return wire
        kept.append((stack, stack_to_wire(stack, self.rules)))
        return kept[-1][1]

    def timer_left(self) -> float | None:
        if not self.timer.enabled or self.session.state.is_over():
            return None
        return round(self.timer.remaining(), 1)

    # -- the door ----------------------------------------------------------------------------
    def handle(self, role: Role, msg: p.ClientMessage) -> Outcome:
        """Answer one message from a connection holding ``role``; never raises for bad input."""
        if isinstance(msg, p.Act):
            return self.act(role, msg)
        if isinstance(msg, p.Intervene):
            return self.intervene(role, msg)
        if isinstance(msg, p.Undo):
            return self.undo(role, msg)
        if isinstance(msg, p.Seat):
            return self.set_seat(role, msg)
        if isinstance(msg, p.Say):
            return self.say(role, msg)
        if isinstance(msg, p.Pause):
            return self.pause(role, msg)
        if isinstance(msg, p.Timer):
            return self.set_timer(role, msg)
        ref = getattr(msg, "seq", 0)
        return Outcome([refuse(self.id, ref, "unexpected", f"'{msg.type}' is not for a game")])

    def _ack(self, ref: int) -> p.Ack:
        """Message ``ref`` was accepted (and kept): the game's step and digest now."""
        return p.Ack(type="ack", v=p.PROTOCOL_VERSION, game=self.id, ref=ref, step=self.step,
                     digest=self.digest)  # fmt: skip

    def _stale(self, msg: p.Act | p.Intervene | p.Undo) -> p.Refused | None:
        if msg.step != self.step or msg.digest != self.digest:
            return refuse(
                self.id,
                msg.seq,
                "stale",
                f"this answers the position after step {msg.step}, but the game is at step "
                f"{self.step}: wait for the update and decide again",
            )
        return None

    def act(self, role: Role, msg: p.Act) -> Outcome:
        stale = self._stale(msg)
        if stale is not None:
            return Outcome([stale])
        acting = self.session.state.current_actor()
        if role.role == "observer":
            return Outcome(
                [refuse(self.id, msg.seq, "not-yours", "observers watch; they never act")]
            )
        if role.role == "seat" and acting != role.seat:
            who = acting or "no one"
            return Outcome(
                [
                    refuse(
                        self.id, msg.seq, "not-yours", f"it is {who}'s decision, not {role.seat}'s"
                    )
                ]
            )
        if role.role == "control" and acting != CONTROL:
            return Outcome(
                [refuse(self.id, msg.seq, "not-yours",
                        f"it is {acting}'s decision; Control steps in with 'intervene'")]
            )  # fmt: skip
        if acting in self.bots:
            return Outcome([refuse(self.id, msg.seq, "bot-seat", f"a bot plays {acting} now")])
        if self.paused and role.role != "control":
            return Outcome([refuse(self.id, msg.seq, "paused", "Control has paused the game")])
        return self._apply(
            msg.seq, lambda s: s.act(msg.action, acting, text=msg.text, reason=msg.reason)
        )

    def intervene(self, role: Role, msg: p.Intervene) -> Outcome:
        if role.role != "control":
            return Outcome([refuse(self.id, msg.seq, "not-yours", "only Control steps in")])
        stale = self._stale(msg)
        if stale is not None:
            return Outcome([stale])
        return self._apply(msg.seq, lambda s: s.control(msg.action, msg.reason))

    def _apply(self, seq: int, change: Callable[[Session], object]) -> Outcome:
        """Make a change, keep its steps in the store, then acknowledge; refuse otherwise."""
        before = self.step
        try:
            change(self.session)
        except (IllegalAction, ActionError, ValueError) as e:
            return Outcome([refuse(self.id, seq, "illegal", str(e))])
        new = list(self.session.record.steps[before:])
        try:
            self.store.append(self.id, before, new, self.session.state.digest())
        except Exception:
            self.session = self.session.branch(before)  # what is not kept did not happen
            raise
        self._digest = self._public_digest()
        ack = self._ack(seq)
        return Outcome([ack], moved=True)

    def undo(self, role: Role, msg: p.Undo) -> Outcome:
        if role.role != "control":
            return Outcome([refuse(self.id, msg.seq, "not-yours", "only Control takes moves back")])
        stale = self._stale(msg)
        if stale is not None:
            return Outcome([stale])
        try:
            self.session.undo()
        except UndoRefused as e:
            return Outcome([refuse(self.id, msg.seq, "undo-refused", str(e))])
        keep = self.step
        self.store.truncate(
            self.id, keep, self.clock(), {"keep": keep}, self.session.state.digest()
        )
        self._digest = self._public_digest()
        ack = self._ack(msg.seq)
        return Outcome([ack], moved=True, reset=True)

    def set_seat(self, role: Role, msg: p.Seat) -> Outcome:
        if role.role != "control":
            return Outcome(
                [refuse(self.id, msg.seq, "not-yours", "only Control hands seats to bots")]
            )
        if msg.seat not in self.rules.manifest.seats:
            seats = ", ".join(self.rules.manifest.seats)
            return Outcome([refuse(self.id, msg.seq, "no-seat", f"no seat '{msg.seat}': {seats}")])
        player = msg.player
        if player != "human":
            try:
                player = check_bot(player, msg.seat, self.rules)
            except ValueError as e:
                return Outcome([refuse(self.id, msg.seq, "bad-bot", str(e))])
        self.store.event(self.id, self.clock(), "seat", {"seat": msg.seat, "player": player})
        self.players[msg.seat] = player
        self.bots.pop(msg.seat, None)
        ack = self._ack(msg.seq)
        return Outcome([ack], moved=True)

    def pause(self, role: Role, msg: p.Pause) -> Outcome:
        if role.role != "control":
            return Outcome([refuse(self.id, msg.seq, "not-yours", "only Control pauses the game")])
        self.store.event(self.id, self.clock(), "pause", {"paused": msg.paused})
        self.paused = msg.paused
        if msg.paused:
            self.timer.pause()
        else:
            self.timer.resume()
        ack = self._ack(msg.seq)
        return Outcome([ack], moved=True)

    def set_timer(self, role: Role, msg: p.Timer) -> Outcome:
        """Control sets the seconds per seat's turn; the acting seat's countdown restarts."""
        if role.role != "control":
            return Outcome([refuse(self.id, msg.seq, "not-yours", "only Control sets the timer")])
        if not 0 <= msg.seconds <= MAX_TIMER_SECONDS:
            why = f"give 0 (no timer) to {MAX_TIMER_SECONDS} seconds"
            return Outcome([refuse(self.id, msg.seq, "bad-timer", why)])
        self.store.event(self.id, self.clock(), "timer", {"seconds": msg.seconds})
        self.timer.set_seconds(msg.seconds)
        self._timed = None
        ack = self._ack(msg.seq)
        return Outcome([ack], moved=True)

    def say(self, role: Role, msg: p.Say) -> Outcome:
        sender = CONTROL if role.role == "control" else role.seat
        if role.role == "observer":
            return Outcome([refuse(self.id, msg.seq, "not-yours", "observers send no messages")])
        if role.role == "seat" and msg.to != CONTROL:
            return Outcome([refuse(self.id, msg.seq, "not-yours", "a team writes only to Control")])
        if role.role == "control" and msg.to not in self.rules.manifest.seats:
            return Outcome([refuse(self.id, msg.seq, "no-seat", f"no seat '{msg.to}' to write to")])
        if not msg.text.strip() or len(msg.text) > 500:
            return Outcome(
                [refuse(self.id, msg.seq, "bad-text", "a message is 1 to 500 characters")]
            )
        at = self.clock()
        data = {"sender": sender, "to": msg.to, "text": msg.text, "step": self.step}
        self.store.event(self.id, at, "message", data)
        note = p.Message(type="message", v=p.PROTOCOL_VERSION, game=self.id, sender=sender,
                         to=msg.to, text=msg.text, at=at)  # fmt: skip
        ack = self._ack(msg.seq)
        return Outcome([ack], messages=[note])

    # -- bots and the clock -------------------------------------------------------------------
    def bot_to_move(self) -> str | None:
        """The seat a server bot must decide for now, if any."""
        state = self.session.state
        acting = state.current_actor()
        if state.is_over() or acting is None or self.players.get(acting, "human") == "human":
            return None
        if self.paused:
            return None
        if acting not in self.bots:
            n = self.rules.manifest.seats.index(acting)
            self.bots[acting] = make_bot(
                self.players[acting], acting, self.rules, seed=self.session.record.seed * 31 + n
            )
        return acting

    def bot_move(self, seat: str, step: int, action: Action) -> Outcome:
        """A server bot's decision, thought out off the event loop for the position at
        ``step``; dropped if the game moved on meanwhile."""
        if step != self.step or self.session.state.current_actor() != seat:
            return Outcome()
        if self.players.get(seat) == "human":
            return Outcome()
        return self._apply(-1, lambda s: s.act(action, seat))

    def tick(self) -> Outcome:
        """The phase timer: on expiry the seat passes when the scenario says so, else
        Control is told. Called about twice a second."""
        state = self.session.state
        seat = state.current_actor()
        if not self.timer.enabled or state.is_over() or seat not in self.rules.manifest.seats:
            return Outcome()
        if self.paused:
            return Outcome()
        assert seat is not None
        self.timer.restart((state.turn, state.round, seat))
        if not self.timer.expired() or self._timed == self.timer.key:
            return Outcome()
        self._timed = self.timer.key
        if self.timer.on_expiry == "pass":
            legal = state.legal_actions()
            given = next((Action(k) for k in (ActionKind.PASS, ActionKind.DONE)
                          if Action(k) in legal), None)  # fmt: skip
            if given is not None:
                return self._apply(-1, lambda s: s.act(given, seat))
        note = p.Message(type="message", v=p.PROTOCOL_VERSION, game=self.id, sender="server",
                         to=CONTROL, text=f"Time is up for {seat}: Control decides.",
                         at=self.clock())  # fmt: skip
        return Outcome(messages=[note])

    def annotations(self) -> tuple[Annotation, ...]:
        return self.store.annotations(self.id)


def public_digest(state: State) -> str:
    """A digest of what everyone may see of ``state``: the public board, the step, whose
    decision it is. Not the engine's digest of the whole state: that one depends on the hidden
    hands and deck, and a client could test guesses of another seat's cards against it."""
    return _digest_text(to_wire(state.view_for(OBSERVER, with_log=False)))


def _digest_text(view: dict[str, Any]) -> str:
    body = json.dumps(view, sort_keys=True)
    return hashlib.blake2b(body.encode("utf-8"), digest_size=10).hexdigest()


def _new_entries(state: State, since: int | None, viewer: str) -> list[LogEntry]:
    """The log entries after step ``since`` as ``viewer`` may read them. The log is a list
    linked newest first, so this reads only the new entries, not the whole game's log."""
    out = []
    node = state.log
    while node is not None:
        e, node = node
        if since is not None and e.step <= since:
            break
        shown = visible(e, viewer)
        if shown is not None:
            out.append(shown)
    out.reverse()
    return out
