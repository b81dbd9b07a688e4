"""The game server: many games, each authoritative here, over websockets on asyncio.

One process holds every game in memory (a :class:`~game.net.room.Room` each) and
in one SQLite file (:class:`~game.net.store.Store`). A connection proves its
role with a token, then receives only that role's view and log lines; every
action it sends is checked by the room, written to the database, and only then
acknowledged and shown to the others. Bots the server runs think in a worker
thread, so a slow search never stalls other games. Restarting the server
replays every game from the database to exactly its last acknowledged step.

The websocket library (``websockets``) does the framing, the size limit, pings
and the origin check; this module does the rest of the door: a rate limit per
connection, an error reply (never a crash) for anything malformed, and a log
line for each refusal.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import gc
import logging
import re
import secrets
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
from websockets.asyncio.server import Server as WsServer
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from game.ai.determinize import observe
from game.ai.registry import check_bot
from game.engine import CONTROL
from game.net import protocol as p
from game.net.export import export_message
from game.net.rebuild import rebuild, seats_of
from game.net.room import Outcome, Room, changed_fields, refuse
from game.net.store import Role, Store
from game.ruleset.model import Ruleset
from game.session.record import Record
from game.session.session import Session
from game.shipped import shipped

log = logging.getLogger("near_abroad.server")
_HOUR = 3600.0
_ADDRESSES_KEPT = 4096
"""Client addresses remembered for the creation quota before the quiet ones are forgotten."""
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def new_token() -> str:
    """A join token: 128 random bits in hex, so it never starts with '-' (which a command
    line would read as an option: ``join --token -x...`` failed one time in 64) and needs
    no quoting in a shell, a URL or an e-mail."""
    return secrets.token_hex(16)


def utc_now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")


@attrs.define(eq=False)
class Conn:
    """One websocket: who it is (after hello) and what it has been sent."""

    ws: Any
    role: Role | None = None
    detail: bool = True
    delta: bool = False
    """Send each update's view as the fields changed since the last one (hello's delta)."""
    shown: dict[str, Any] | None = None
    """The whole view this connection was last sent (what a partial update is taken from)."""
    sent: int = 0
    """Server messages sent on this connection (the ``seq`` of updates)."""
    since: int | None = None
    """The last step whose log lines it has received (None: it needs a snapshot)."""
    tokens: float = 0.0
    last: float = 0.0
    strikes: int = 0


class Server:
    """Every game of one server process."""

    def __init__(
        self,
        store: Store,
        *,
        scenario_roots: tuple[Path, ...] = (),
        rate: float = 30.0,
        burst: int = 60,
        clock: Callable[[], str] = utc_now,
        max_games: int = 10_000,
        creates_per_hour: int = 600,
    ):
        self.store = store
        self.max_games = max_games
        """Games the server keeps at most; ``create`` is refused beyond."""
        self.creates_per_hour = creates_per_hour
        """Games one client address may create in an hour (a sliding window)."""
        self._created: dict[str, list[float]] = {}
        self.roots = (*scenario_roots, shipped("rules"))
        self.rate, self.burst = rate, burst
        self.clock = clock
        self.rooms: dict[str, Room] = {}
        self.conns: dict[str, set[Conn]] = {}
        self._rules: dict[tuple[str, tuple[str, ...]], Ruleset] = {}
        self._thinking: set[str] = set()
        self._tasks: set[asyncio.Task[Any]] = set()
        self.broken: dict[str, str] = {}
        """Games that could not be rebuilt at start, with why (the server runs the others)."""

    # -- games ------------------------------------------------------------------------------
    def rules_for(self, scenario: str, mods: tuple[str, ...]) -> Ruleset:
        """A scenario by id from the server's scenario folders, with mods by id."""
        from game.ruleset.load import check_ruleset
        from game.session.library import mod_folders

        key = (scenario, mods)
        if key in self._rules:
            return self._rules[key]
        if not _NAME.match(scenario):
            raise ValueError(f"'{scenario}' is not a scenario id (letters, digits, _ . -)")
        folder = next(
            (r / scenario for r in self.roots if (r / scenario / "scenario.yaml").is_file()), None
        )
        if folder is None:
            known = sorted({d.name for r in self.roots if r.is_dir() for d in r.iterdir()
                            if (d / "scenario.yaml").is_file()})  # fmt: skip
            raise ValueError(f"no scenario '{scenario}' on this server; it has: {', '.join(known)}")
        found = mod_folders()
        missing = [m for m in mods if m not in found]
        if missing:
            raise ValueError(f"no mod '{missing[0]}' on this server; it has: {', '.join(found)}")
        rules, _, _ = check_ruleset(folder, [str(found[m]) for m in mods])
        if rules is None:
            raise ValueError(f"the scenario '{scenario}' does not load on this server")
        self._rules[key] = rules
        return rules

    def create(self, msg: p.Create) -> p.Created:
        """A new game, kept in the store; raises ValueError with what to change."""
        rules = self.rules_for(msg.scenario, msg.mods)
        seats = rules.manifest.seats
        players = {s: "human" for s in seats}
        for seat, player in msg.seats.items():
            if seat not in seats:
                raise ValueError(f"no seat '{seat}' in {rules.id}: {', '.join(seats)}")
            players[seat] = player if player == "human" else check_bot(player, seat, rules)
        if msg.control and not rules.manifest.seats:
            raise ValueError("a game needs seats")
        seed = msg.seed if msg.seed is not None else secrets.randbelow(1_000_000)
        gid = secrets.token_hex(5)
        tokens = {s: new_token() for s in seats}
        control, observer = new_token(), new_token()
        roles = [(t, Role(gid, "seat", s)) for s, t in tokens.items()]
        roles += [(control, Role(gid, "control", "control")),
                  (observer, Role(gid, "observer", "observer"))]  # fmt: skip
        meta = {"scenario": msg.scenario, "mods": list(msg.mods), "seed": seed,
                "control": msg.control, "players": players}  # fmt: skip
        session = self._session(rules, meta)
        digest = session.state.digest()
        self.store.create(gid, self.clock(), meta, roles, session.record.steps, digest)
        self.rooms[gid] = Room(gid, rules, session, meta, self.store, self.clock)
        self.kick(gid)
        log.info("game %s created: %s, seed %s", gid, msg.scenario, seed)
        return p.Created(type="created", v=p.PROTOCOL_VERSION, game=gid, ref=msg.seq, seed=seed,
                         tokens=tokens, control=control, observer=observer)  # fmt: skip

    def _session(self, rules: Ruleset, meta: dict[str, Any]) -> Session:
        return Session(rules, seats_of(meta), seed=int(meta["seed"]), clock=self.clock,
                       control=bool(meta["control"]))  # fmt: skip

    def load_all(self) -> int:
        """Rebuild every stored game by replaying its steps; returns how many. A game that
        cannot be rebuilt (its scenario changed or is gone) is set aside with the reason.

        The cyclic garbage collector is off meanwhile: replay makes hundreds of thousands of
        states that all stay alive (the games' undo history), and the collector would scan
        them again and again for nothing (half the restart time). Afterwards they are frozen
        out of its reach (gc.freeze), so it does not scan them while the server plays on."""
        was_on = gc.isenabled()
        gc.disable()
        try:
            return self._load_all()
        finally:
            if was_on:
                gc.enable()
            gc.freeze()

    def _load_all(self) -> int:
        for gid, meta in self.store.games():
            try:
                rules = self.rules_for(str(meta["scenario"]), tuple(meta.get("mods", ())))
                session = rebuild(self.store, gid, rules, meta, self.clock)
            except Exception as e:  # a broken game must not stop the others
                self.broken[gid] = str(e)
                log.error("game %s cannot be rebuilt: %s", gid, e)
                continue
            self.rooms[gid] = Room(gid, rules, session, meta, self.store, self.clock)
        return len(self.rooms)

    def record(self, gid: str) -> Record:
        room = self.rooms[gid]
        return attrs.evolve(room.session.record, annotations=room.annotations())

    # -- connections ------------------------------------------------------------------------
    async def handler(self, ws: ServerConnection) -> None:
        conn = Conn(ws, tokens=float(self.burst), last=asyncio.get_running_loop().time())
        try:
            async for raw in ws:
                if not self._allow(conn):
                    conn.strikes += 1
                    limit = f"at most {self.rate:g} messages a second"
                    await self._send(conn, _error("rate-limited", limit))
                    if conn.strikes > 100:
                        await ws.close(1008, "too many messages")
                        return
                    continue
                await self._message(conn, raw)
        except ConnectionClosed:
            pass
        finally:
            self._leave(conn)

    def _quota(self, conn: Conn) -> str | None:
        """Why ``conn`` may not create a game now, or None (and the creation is counted)."""
        if len(self.rooms) + len(self.broken) >= self.max_games:
            return (f"this server keeps at most {self.max_games} games and has them all: ask "
                    "its host to start it with a larger --max-games or a new --db")  # fmt: skip
        now, address = asyncio.get_running_loop().time(), _address(conn.ws)
        when = [t for t in self._created.get(address, []) if now - t < _HOUR]
        if len(when) >= self.creates_per_hour:
            wait = int(_HOUR - (now - when[0])) + 1
            return (f"at most {self.creates_per_hour} new games an hour from one address: try "
                    f"again in {wait} s")  # fmt: skip
        if len(self._created) >= _ADDRESSES_KEPT:  # forget addresses quiet for an hour
            self._created = {a: ts for a, ts in self._created.items() if now - ts[-1] < _HOUR}
        self._created[address] = [*when, now]
        return None

    def _allow(self, conn: Conn) -> bool:
        now = asyncio.get_running_loop().time()
        conn.tokens = min(float(self.burst), conn.tokens + (now - conn.last) * self.rate)
        conn.last = now
        if conn.tokens < 1.0:
            return False
        conn.tokens -= 1.0
        return True

    async def _message(self, conn: Conn, raw: str | bytes) -> None:
        try:
            msg = p.decode(raw)
        except p.ProtocolError as e:
            log.info("refused a message: %s", e)
            await self._send(conn, _error(e.code, e.reason))
            return
        try:
            await self._dispatch(conn, msg)
        except ConnectionClosed:
            raise
        except Exception:  # a bug of ours: say so, keep serving
            log.exception("error handling %s", msg.type)
            await self._send(conn, _error("internal", "the server failed on this message"))

    async def _dispatch(self, conn: Conn, msg: p.ClientMessage) -> None:
        if isinstance(msg, p.Ping):
            await self._send(conn, p.Pong(type="pong", v=p.PROTOCOL_VERSION, ref=msg.seq))
        elif isinstance(msg, p.Create):
            over = self._quota(conn)
            if over is not None:
                log.info("refused create from %s: %s", _address(conn.ws), over)
                await self._send(conn, _error("quota", over, msg.seq))
                return
            try:
                created = self.create(msg)
            except ValueError as e:
                await self._send(conn, _error("bad-game", str(e), msg.seq))
                return
            await self._send(conn, created)
        elif isinstance(msg, p.Hello):
            await self._hello(conn, msg)
        elif conn.role is None:
            await self._send(conn, _error("hello-first", "send 'hello' with a token first",
                                          msg.seq))  # fmt: skip
        elif msg.game != conn.role.game:
            await self._send(conn, _error("wrong-game", f"this connection is for game "
                                          f"{conn.role.game}", msg.seq))  # fmt: skip
        elif isinstance(msg, p.Export):
            if conn.role.role != "control":
                await self._send(conn, refuse(msg.game, msg.seq, "not-yours",
                                              "only Control's token exports the game"))  # fmt: skip
                return
            await self._send(conn, export_message(self, msg.game, msg.seq))
        else:
            room = self.rooms[conn.role.game]
            outcome = room.handle(conn.role, msg)
            if outcome.replies and isinstance(outcome.replies[0], p.Refused):
                log.info("game %s: refused %s from %s: %s", room.id, msg.type, conn.role.seat,
                         outcome.replies[0].reason)  # fmt: skip
            for reply in outcome.replies:
                await self._send(conn, reply)
            await self._after(room, outcome)

    async def _hello(self, conn: Conn, msg: p.Hello) -> None:
        room = self.rooms.get(msg.game)
        role = self.store.role(msg.game, msg.token) if room is not None else None
        if room is None or role is None:
            conn.strikes += 10
            if conn.strikes > 50:  # guessing tokens: no more tries on this connection
                await conn.ws.close(1008, "too many wrong tokens")
                return
            why = self.broken.get(msg.game)
            reason = (f"game {msg.game} cannot be played on this server: {why}" if why
                      else "no game with that id and token here; check both")  # fmt: skip
            await self._send(conn, _error("bad-token", reason, msg.seq))
            return
        self._leave(conn)
        conn.role, conn.detail, conn.since = role, msg.detail, None
        conn.delta, conn.shown = msg.delta, None
        self.conns.setdefault(room.id, set()).add(conn)
        room.online[role.seat] = room.online.get(role.seat, 0) + 1
        rules = room.rules
        await self._send(conn, p.Welcome(
            type="welcome", v=p.PROTOCOL_VERSION, game=room.id, role=role.role, seat=role.seat,  # type: ignore[arg-type]
            scenario=str(room.meta["scenario"]), ruleset_digest=rules.digest,
            mods=tuple(room.meta.get("mods", ()))))  # fmt: skip
        await self.broadcast(room)  # the snapshot for this one, and who is online for all
        for at, _, data in self.store.events(room.id, "message"):  # what came while away
            if data.get("to") == (CONTROL if role.role == "control" else role.seat):
                await self._send(conn, p.Message(type="message", v=p.PROTOCOL_VERSION,
                                                 game=room.id, sender=str(data["sender"]),
                                                 to=str(data["to"]), text=str(data["text"]),
                                                 at=at))  # fmt: skip

    def _leave(self, conn: Conn) -> None:
        """Forget a connection; the others hear who is online now."""
        if conn.role is None:
            return
        room = self.rooms.get(conn.role.game)
        with contextlib.suppress(RuntimeError):  # no loop (tests call this directly)
            if room is not None:
                task = asyncio.get_running_loop().create_task(self.broadcast(room))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
        self.conns.get(conn.role.game, set()).discard(conn)
        if room is not None:
            n = room.online.get(conn.role.seat, 0) - 1
            if n > 0:
                room.online[conn.role.seat] = n
            else:
                room.online.pop(conn.role.seat, None)
        conn.role = None

    async def _send(self, conn: Conn, msg: Any, **changes: Any) -> None:
        """Send ``msg`` (with ``changes`` over its fields: see protocol.encode)."""
        with contextlib.suppress(ConnectionClosed):
            await conn.ws.send(p.encode(msg, **changes))

    async def broadcast(self, room: Room, reset: bool = False) -> None:
        """Each connection of ``room`` gets its role's update (a snapshot when it needs one)."""
        cache: dict[tuple[Any, ...], p.Update] = {}
        for conn in list(self.conns.get(room.id, ())):
            if conn.role is None:
                continue
            since = None if reset else conn.since
            shown = conn.shown
            key = (conn.role.role, conn.role.seat, conn.detail, since)
            if key not in cache:
                cache[key] = room.update(conn.role, 0, conn.detail, since)
            conn.sent += 1
            conn.since = room.step
            update = cache[key]
            whole, conn.shown = update.view, update.view if conn.delta else None
            if conn.delta and shown is not None and since is not None:
                partial = changed_fields(shown, whole)
                await self._send(conn, update, seq=conn.sent, view=partial, partial=True)
            else:
                await self._send(conn, update, seq=conn.sent)

    async def _after(self, room: Room, outcome: Outcome) -> None:
        if outcome.moved:
            await self.broadcast(room, outcome.reset)
        for note in outcome.messages:
            for conn in list(self.conns.get(room.id, ())):
                if conn.role is not None and (
                    (note.to == "control" and conn.role.role == "control")
                    or (conn.role.role == "seat" and conn.role.seat == note.to)
                ):
                    await self._send(conn, note)
        if outcome.moved:
            self.kick(room.id)

    # -- bots and timers --------------------------------------------------------------------
    def kick(self, gid: str) -> None:
        """Start the server's bot for the seat to move, if a bot plays it."""
        room = self.rooms.get(gid)
        if room is None or gid in self._thinking or room.bot_to_move() is None:
            return
        with contextlib.suppress(RuntimeError):  # no running loop: load time, kicked later
            task = asyncio.get_running_loop().create_task(self._bots(room))
            self._thinking.add(gid)
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _bots(self, room: Room) -> None:
        try:
            for _ in range(100_000):  # a game's length bounds it; the count bounds a bug
                seat = room.bot_to_move()
                if seat is None:
                    return
                step, view = room.step, observe(room.session.state, seat)
                bot = room.bots[seat]
                action = await asyncio.to_thread(bot.choose, view)
                outcome = room.bot_move(seat, step, action)
                if outcome.moved:
                    await self.broadcast(room)
        except Exception:
            log.exception("game %s: a server bot failed", room.id)
        finally:
            self._thinking.discard(room.id)

    async def clock_loop(self, stop: asyncio.Event) -> None:
        """Phase timers: every half second each room looks at its clock."""
        while not stop.is_set():
            for room in list(self.rooms.values()):
                if room.timer.enabled:
                    await self._after(room, room.tick())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)

    # -- running ----------------------------------------------------------------------------
    async def run(
        self,
        host: str,
        port: int,
        origins: Sequence[Any] | None = None,
        started: Callable[[WsServer], None] | None = None,
        stop: asyncio.Event | None = None,
    ) -> None:
        """Serve until ``stop`` is set (or forever)."""
        stop = stop or asyncio.Event()
        async with serve(self.handler, host, port, max_size=p.MAX_MESSAGE_BYTES,
                         origins=origins, max_queue=32, ping_interval=20,
                         ping_timeout=20) as ws_server:  # fmt: skip
            for gid in list(self.rooms):
                self.kick(gid)
            if started is not None:
                started(ws_server)
            await self.clock_loop(stop)


def _address(ws: Any) -> str:
    """The client's address (the proxy's, behind one: limit creation there too)."""
    peer = getattr(ws, "remote_address", None)
    return str(peer[0]) if isinstance(peer, tuple) and peer else "?"


def _error(code: str, reason: str, ref: int = 0) -> p.Refused:
    return p.Refused(type="error", v=p.PROTOCOL_VERSION, game="", ref=ref, code=code,
                     reason=reason)  # fmt: skip
