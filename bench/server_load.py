"""The load of bench/bench_server.py: the server in its own process and the websocket
clients that play through it (kept apart from the runs and the report so that each file
holds one thing; not a test).

``ServerProc`` starts ``near-abroad serve`` on 127.0.0.1 and reads its memory and CPU from
/proc; ``Player`` is one seat's connection, which answers whenever an update says its seat
is to act and times each action until its ``ack``; ``Table`` and ``Run`` hold a game's
players and a run's counters; ``lat_summary`` gives the percentiles a run reports.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

V = 2
P99_TARGET_MS = 50.0
RESUME_TARGET_S = 2.0
CLK = os.sysconf("SC_CLK_TCK")
_PLAIN = "import sys; from game.cli import main; sys.exit(main())"
_PROFILED = (
    "import cProfile, sys; out = sys.argv.pop(1); from game.cli import main; "
    "cProfile.run('main()', out)"
)


# -- the server process --------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK


class ServerProc:
    """``near-abroad serve`` in its own process; its stdout lines are kept with their times."""

    def __init__(self, db: Path, log: Path, profile: Path | None = None):
        self.port = free_port()
        self.url = f"ws://127.0.0.1:{self.port}"
        args = ["serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(self.port)]
        script = Path(sys.executable).with_name("near-abroad")
        if profile is not None:
            cmd = [sys.executable, "-c", _PROFILED, str(profile), *args]
        elif script.exists():
            cmd = [str(script), *args]
        else:
            cmd = [sys.executable, "-c", _PLAIN, *args]
        self.cmd = cmd
        self.lines: list[tuple[float, str]] = []
        self.resumed_at: float | None = None
        self.serving_at: float | None = None
        self.reported_s: float | None = None
        self.resumed_n: int | None = None
        self._log = open(log, "ab")  # noqa: SIM115 (closed in stop())
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=self._log, text=True, bufsize=1
        )
        self.pid = self.proc.pid
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            t = time.perf_counter()
            self.lines.append((t - self.t0, line.rstrip()))
            if "resumed from" in line and self.resumed_at is None:
                self.resumed_at = t
                words = line.split()
                self.resumed_n = int(words[0])
                self.reported_s = float(words[words.index("in") + 1])
            elif line.startswith("serving on") and self.serving_at is None:
                self.serving_at = t

    def wait_serving(self, timeout: float = 120.0) -> None:
        deadline = time.perf_counter() + timeout
        while self.serving_at is None:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited ({self.proc.returncode}): {self.lines}")
            if time.perf_counter() > deadline:
                raise RuntimeError(f"the server did not start within {timeout:g} s")
            time.sleep(0.01)

    def kill(self) -> None:
        """SIGKILL: the crash the server promises to survive."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self._done()

    def interrupt(self) -> None:
        """SIGINT (Ctrl+C): the server stops cleanly (a profiled server writes its profile)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        self._done()

    def _done(self) -> None:
        self._reader.join(timeout=5)
        self._log.close()


async def accepting(url: str, timeout: float = 60.0) -> float:
    """Poll until the server completes a websocket handshake and answers a ping; returns when."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            async with connect(url, open_timeout=5, close_timeout=1) as ws:
                await ws.send(json.dumps({"type": "ping", "v": V, "seq": 1}))
                for _ in range(10):
                    msg = json.loads(await asyncio.wait_for(ws.recv(), 5))
                    if msg.get("type") == "pong":
                        return time.perf_counter()
        except (OSError, WebSocketException, TimeoutError):
            await asyncio.sleep(0.01)
    raise RuntimeError(f"{url} did not accept a connection within {timeout:g} s")


async def create_games(
    url: str, n: int, scenario: str, seed0: int
) -> tuple[list[dict[str, Any]], list[float]]:
    """``n`` games (every seat human, seeds seed0...), ``create`` by ``create``; a new
    connection every 40 creates, below the server's burst of 60 messages a connection."""
    out: list[dict[str, Any]] = []
    times: list[float] = []
    for first in range(0, n, 40):
        async with connect(url, max_size=2**24, open_timeout=30) as ws:
            for i in range(first, min(n, first + 40)):
                t = time.perf_counter()
                msg = {
                    "type": "create",
                    "v": V,
                    "seq": i + 1,
                    "scenario": scenario,
                    "seed": seed0 + i,
                }
                await ws.send(json.dumps(msg))
                for _ in range(100):
                    got = json.loads(await asyncio.wait_for(ws.recv(), 60))
                    if got.get("type") in ("error", "refused"):
                        raise RuntimeError(f"create refused: {got}")
                    if got.get("type") == "created" and got.get("ref") == i + 1:
                        break
                times.append(time.perf_counter() - t)
                out.append(got)
    return out, times


# -- the bots ------------------------------------------------------------------------------
@dataclass
class Table:
    """One game and its connections (one a seat)."""

    game: str
    tokens: dict[str, str]
    step: int = 0
    """The newest step this table has seen (from an ack or an update)."""
    digest: str = ""
    over: bool = False
    creating: bool = False
    players: list[Player] = field(default_factory=list)
    played: list[str] = field(default_factory=list)
    """The ids of the games finished on these connections."""


@dataclass
class Run:
    """What the bots of one run share: whether to act, and what they counted."""

    scenario: str
    seed: int
    think: float = 0.0
    cap: int | None = None
    """Stop acting once a game has this many steps (None: play on)."""
    replace: bool = True
    compression: str | None = "deflate"
    delta: bool = True
    """Ask for partial updates (hello's ``delta``), as the game's own clients do."""
    end: float = 0.0
    """The hard deadline (perf_counter) of every loop."""
    go: bool = False
    stopping: bool = False
    stop: bool = False
    measuring: bool = False
    ready: int = 0
    lat: list[float] = field(default_factory=list)
    acked: int = 0
    acked_all: int = 0
    ack_times: list[float] = field(default_factory=list)
    refused: Counter[str] = field(default_factory=Counter)
    refused_all: Counter[str] = field(default_factory=Counter)
    lost: int = 0
    stuck: int = 0
    errors: list[str] = field(default_factory=list)
    created: int = 0
    seed_next: int = 0


class Player:
    """One connection playing one seat: a random legal action whenever its seat acts."""

    def __init__(self, run: Run, table: Table, seat: str, rng: random.Random):
        self.run, self.table, self.seat, self.rng = run, table, seat, rng
        self.ws: ClientConnection | None = None
        self.seq = 0
        self.pending: tuple[int, float, bool] | None = None
        """(seq, time sent, sent while measuring) of the action awaiting its ack."""
        self.update: dict[str, Any] | None = None
        self.acted = -1
        self.tries = 0
        self.due: float | None = None
        self.ready = False
        self.create_seq = 0

    async def main(self, url: str, gate: asyncio.Semaphore) -> None:
        run = self.run
        try:
            async with gate:
                ws = await connect(
                    url, max_size=2**24, open_timeout=120, compression=run.compression
                )
            self.ws = ws
            try:
                await self.hello()
                for _ in range(10_000_000):  # bounded by the deadline as well
                    if run.stop or time.perf_counter() > run.end:
                        break
                    wait = 0.25
                    if self.due is not None:
                        wait = max(0.0, min(wait, self.due - time.perf_counter()))
                    try:
                        raw = await asyncio.wait_for(ws.recv(), wait)
                    except TimeoutError:
                        raw = None
                    if raw is not None:
                        await self.on(json.loads(raw))
                    await self.maybe_act()
            finally:
                await ws.close()
        except (OSError, WebSocketException, TimeoutError) as e:
            if not run.stop:
                run.errors.append(f"{self.seat}: {type(e).__name__}: {e}")

    async def hello(self) -> None:
        assert self.ws is not None
        token = self.table.tokens[self.seat]
        await self.ws.send(
            json.dumps(
                {
                    "type": "hello",
                    "v": V,
                    "game": self.table.game,
                    "token": token,
                    "detail": False,
                    "delta": self.run.delta,
                }
            )
        )

    async def on(self, msg: dict[str, Any]) -> None:
        run, table, kind = self.run, self.table, msg.get("type")
        now = time.perf_counter()
        if kind == "update":
            if msg["game"] != table.game:
                return
            if msg.get("partial") and self.update is not None:  # set the changes over the last
                msg["view"] = {**self.update["view"], **msg["view"]}
            self.update = msg
            if msg["step"] >= table.step:
                table.step, table.digest = msg["step"], msg["digest"]
            if not self.ready:
                self.ready = True
                run.ready += 1
            if msg["view"].get("result"):
                table.over = True
                if run.replace and self is table.players[0] and not table.creating:
                    await self.new_game()
        elif kind == "ack":
            if self.pending is not None and msg["ref"] == self.pending[0]:
                _, sent, measured = self.pending
                self.pending = None
                self.tries = 0
                if msg["step"] >= table.step:
                    table.step, table.digest = msg["step"], msg["digest"]
                run.acked_all += 1
                if measured:
                    run.lat.append(now - sent)
                if run.measuring:
                    run.acked += 1
                    run.ack_times.append(now)
        elif kind in ("refused", "error"):
            code = str(msg.get("code"))
            run.refused_all[code] += 1
            if run.measuring:
                run.refused[code] += 1
            if self.pending is not None and (
                msg["ref"] == self.pending[0] or code == "rate-limited"
            ):
                self.pending = None
                self.tries += 1
                if self.tries > 5:
                    run.stuck += 1
                    table.over = True
                else:
                    self.acted = -1  # decide again on the same update
                    if code == "rate-limited":
                        self.due = now + 0.5
        elif kind == "created" and msg.get("ref") == self.create_seq and table.creating:
            table.played.append(table.game)
            table.game, table.tokens = msg["game"], msg["tokens"]
            table.step, table.digest, table.over = 0, "", False
            run.created += 1
            for p in table.players:
                p.update, p.acted, p.tries, p.due = None, -1, 0, None
                await p.hello()
            table.creating = False

    async def new_game(self) -> None:
        """A finished game makes way for a new one on the same connections."""
        assert self.ws is not None
        self.table.creating = True
        self.seq += 1
        self.create_seq = self.seq
        self.run.seed_next += 1
        await self.ws.send(
            json.dumps(
                {
                    "type": "create",
                    "v": V,
                    "seq": self.seq,
                    "scenario": self.run.scenario,
                    "seed": self.run.seed_next,
                }
            )
        )

    async def maybe_act(self) -> None:
        run, table, up = self.run, self.table, self.update
        if not run.go or run.stopping or self.pending is not None or self.ws is None:
            return
        if table.over or table.creating or up is None or up["game"] != table.game:
            return
        if up["step"] != table.step or up["step"] == self.acted:
            return  # an older position than the table's, or already answered
        view = up["view"]
        if view.get("acting") != self.seat or not view.get("legal"):
            return
        if run.cap is not None and up["step"] >= run.cap:
            return
        now = time.perf_counter()
        if run.think > 0 or self.due is not None:
            if self.due is None:
                self.due = now + self.rng.expovariate(1.0 / run.think)
                return
            if now < self.due:
                return
        self.due = None
        item = self.rng.choice(view["legal"])
        action = f"{item['kind']} {item['arg']}" if item.get("arg") else str(item["kind"])
        self.seq += 1
        self.acted = up["step"]
        self.pending = (self.seq, time.perf_counter(), run.measuring)
        await self.ws.send(
            json.dumps(
                {
                    "type": "act",
                    "v": V,
                    "game": table.game,
                    "seq": self.seq,
                    "step": up["step"],
                    "digest": up["digest"],
                    "action": action,
                }
            )
        )


def make_tables(run: Run, created: list[dict[str, Any]], first: int = 0) -> list[Table]:
    tables = []
    for g, got in enumerate(created, start=first):
        table = Table(got["game"], dict(got["tokens"]))
        for s, seat in enumerate(got["tokens"]):
            rng = random.Random(run.seed * 100_003 + g * 16 + s)
            table.players.append(Player(run, table, seat, rng))
        tables.append(table)
    return tables


async def start_players(url: str, run: Run, tables: list[Table]) -> list[asyncio.Task[None]]:
    """Connect every seat (32 handshakes at a time) and wait for every first update."""
    gate = asyncio.Semaphore(32)
    players = [p for t in tables for p in t.players]
    tasks = [asyncio.create_task(p.main(url, gate)) for p in players]
    for _ in range(100_000):
        if run.ready >= len(players) or time.perf_counter() > run.end:
            break
        if all(t.done() for t in tasks):
            break
        await asyncio.sleep(0.02)
    if run.ready < len(players):
        raise RuntimeError(
            f"only {run.ready} of {len(players)} connections got an update: {run.errors[:3]}"
        )
    return tasks


async def finish(run: Run, tasks: list[asyncio.Task[None]], tables: list[Table]) -> None:
    """No new actions; wait (bounded) for the acks in flight, then close every connection."""
    run.stopping = True
    players = [p for t in tables for p in t.players]
    deadline = time.perf_counter() + 30
    while any(p.pending for p in players) and time.perf_counter() < deadline:
        await asyncio.sleep(0.02)
    run.lost += sum(1 for p in players if p.pending)
    run.stop = True
    await asyncio.wait(tasks, timeout=30)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * len(s) + 0.5) - 1))]


def lat_summary(lat_s: list[float]) -> dict[str, Any]:
    ms = [x * 1000 for x in lat_s]
    return {
        "n": len(ms),
        "mean_ms": round(statistics.fmean(ms), 2) if ms else None,
        "p50_ms": round(pct(ms, 50), 2),
        "p90_ms": round(pct(ms, 90), 2),
        "p99_ms": round(pct(ms, 99), 2),
        "p999_ms": round(pct(ms, 99.9), 2),
        "max_ms": round(max(ms), 2) if ms else None,
        "min_ms": round(min(ms), 2) if ms else None,
        "percentiles_ms": [round(pct(ms, q), 2) for q in range(1, 101)],
    }
