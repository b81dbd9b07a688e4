"""Server benchmarks (not tests): actions/s and the latency of an action through
``near-abroad serve`` on loopback, the server's memory per game, and the time to resume
100 games after the server is killed.

Run: .venv/bin/python bench/bench_server.py [--conns 50 200] [--seconds 30] [--actions 20000]
         [--think 1.0] [--games 100] [--steps 200] [--profile] [--json FILE]

The server runs in its own process (``near-abroad serve --db TMP --port P`` on 127.0.0.1,
P found by binding port 0), so the clients' CPU never shares its event loop. The clients
are asyncio websocket connections in this process, one per seat of caucasus-2020 (6 seats,
so N connections are N/6 games, every seat human), each saying hello with ``detail: false``
and, whenever an update says its seat is to act, sending a random legal action and timing
it until its ``ack``. With no thinking time (the default) the loop is closed: the server
always has an action of every game waiting, so the figures are its capacity and the latency
is mostly the wait behind the other games' actions. ``--think S`` adds a run where each bot
thinks for an exponential time of mean S seconds first (a paced load, closer to people).
A finished game is replaced by a new one on the same connections (seat 1 creates it, every
connection says hello with its new token), so the number of live games stays N/6.

Memory: the server's VmRSS (/proc/PID/status) after one warm-up game, after creating
--games games, and after playing each for --steps steps through the clients. Resume: that
server is SIGKILLed and a fresh ``near-abroad serve`` on the same file is timed until its
"N game(s) resumed ... in X s" line and until it answers a ping on a websocket; every game
is checked to be at the step and digest of its last acknowledged action; then
``Server(Store(db)).load_all()`` is timed in this process.

Targets (issue 14), on a 2-core machine: 200 connections served with p99 < 50 ms;
100 games resumed in < 2 s. Timings on a shared machine are noisy: the load average is
recorded at the start and end of each run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from websockets.asyncio.client import ClientConnection, connect  # noqa: E402
from websockets.exceptions import WebSocketException  # noqa: E402

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


async def load_run(
    server: ServerProc,
    conns: int,
    args: argparse.Namespace,
    think: float,
    seed: int,
    deflate: bool,
    delta: bool = True,
) -> dict[str, Any]:
    """``conns`` connections (conns/6 games) playing for --seconds or --actions."""
    load0 = os.getloadavg()
    ngames = max(1, conns // 6)
    created, create_s = await create_games(server.url, ngames, args.scenario, seed * 1000)
    run = Run(
        args.scenario,
        seed,
        think=think,
        replace=True,
        seed_next=seed * 1000 + ngames,
        compression="deflate" if deflate else None,
        delta=delta,
        end=time.perf_counter() + args.warmup + args.seconds + 300,
    )
    tables = make_tables(run, created)
    t_conn = time.perf_counter()
    rss_idle = rss_mb(server.pid)
    tasks = await start_players(server.url, run, tables)
    connect_s = time.perf_counter() - t_conn
    rss_connected = rss_mb(server.pid)
    run.go = True
    await asyncio.sleep(args.warmup)
    cpu0, t0 = cpu_s(server.pid), time.perf_counter()
    client_cpu0 = time.process_time()
    run.measuring = True
    for _ in range(1_000_000):
        if time.perf_counter() - t0 >= args.seconds or run.acked >= args.actions:
            break
        if run.errors and all(t.done() for t in tasks):
            break
        await asyncio.sleep(0.02)
    run.measuring = False
    t1, cpu1 = time.perf_counter(), cpu_s(server.pid)
    client_cpu = time.process_time() - client_cpu0
    rss_end = rss_mb(server.pid)
    await finish(run, tasks, tables)
    window = t1 - t0
    per_s = Counter(int(t - t0) for t in run.ack_times)
    return {
        "connections": sum(len(t.players) for t in tables),
        "games": len(tables),
        "think_mean_s": think,
        "deflate": deflate,
        "delta": delta,
        "seed": seed,
        "game_seeds": f"{seed * 1000}..{run.seed_next}",
        "connect_s": round(connect_s, 3),
        "create_ms_median": round(statistics.median(create_s) * 1000, 2),
        "window_s": round(window, 3),
        "actions": run.acked,
        "actions_per_s": round(run.acked / window, 1),
        "latency": lat_summary(run.lat),
        "refused": dict(run.refused),
        "refused_whole_run": dict(run.refused_all),
        "lost": run.lost,
        "stuck": run.stuck,
        "errors": run.errors[:10],
        "games_finished_and_replaced": run.created,
        "server_cpu_share": round((cpu1 - cpu0) / window, 3),
        "client_cpu_share": round(client_cpu / window, 3),
        "server_rss_mb": {
            "games_created": round(rss_idle, 1),
            "connected": round(rss_connected, 1),
            "end": round(rss_end, 1),
        },
        "actions_each_second": [per_s.get(i, 0) for i in range(int(window) + 1)],
        "loadavg_start": [round(x, 2) for x in load0],
        "loadavg_end": [round(x, 2) for x in os.getloadavg()],
    }


async def play_to(
    url: str, run: Run, created: list[dict[str, Any]], batch: int
) -> tuple[list[Table], float, int]:
    """Play every game until it has ``run.cap`` steps (or ends), ``batch`` games at a time."""
    tables_all: list[Table] = []
    t0 = time.perf_counter()
    acked0 = run.acked_all
    for first in range(0, len(created), batch):
        run.go = run.stopping = run.stop = False
        run.ready = 0
        tables = make_tables(run, created[first : first + batch], first)
        tasks = await start_players(url, run, tables)
        run.go = True
        for _ in range(10_000_000):
            if all(t.over or t.step >= (run.cap or 0) for t in tables):
                break
            if time.perf_counter() > run.end:
                raise RuntimeError("playing the games took longer than the deadline")
            await asyncio.sleep(0.02)
        await finish(run, tasks, tables)
        tables_all += tables
    return tables_all, time.perf_counter() - t0, run.acked_all - acked0


async def check_games(url: str, tables: list[Table]) -> dict[str, Any]:
    """Each game's step and digest on the server, against its last acknowledged ones."""
    bad = []
    for first in range(0, len(tables), 40):
        async with connect(url, max_size=2**24, open_timeout=30) as ws:
            for t in tables[first : first + 40]:
                seat = next(iter(t.tokens))
                await ws.send(
                    json.dumps(
                        {
                            "type": "hello",
                            "v": V,
                            "game": t.game,
                            "token": t.tokens[seat],
                            "detail": False,
                        }
                    )
                )
                for _ in range(100):
                    msg = json.loads(await asyncio.wait_for(ws.recv(), 60))
                    if msg.get("type") in ("error", "refused"):
                        bad.append((t.game, msg.get("reason")))
                        break
                    if msg.get("type") == "update" and msg.get("game") == t.game:
                        if (msg["step"], msg["digest"]) != (t.step, t.digest):
                            bad.append((t.game, f"step {msg['step']} != {t.step}"))
                        break
    return {"games_checked": len(tables), "mismatches": bad[:10], "ok": not bad}


async def restart(db: Path, log: Path) -> tuple[ServerProc, dict[str, Any]]:
    """A fresh server on ``db``: seconds to its "resumed" line, to "serving on", to a pong."""
    server = ServerProc(db, log)
    accept_at = await accepting(server.url, timeout=300)
    server.wait_serving(timeout=60)
    for _ in range(500):  # the reader thread may lag the pong by a moment
        if server.resumed_at is not None:
            break
        await asyncio.sleep(0.01)
    assert server.resumed_at is not None and server.serving_at is not None
    return server, {
        "games": server.resumed_n,
        "reported_load_s": server.reported_s,
        "to_resumed_line_s": round(server.resumed_at - server.t0, 3),
        "to_serving_line_s": round(server.serving_at - server.t0, 3),
        "to_first_pong_s": round(accept_at - server.t0, 3),
        "rss_mb": round(rss_mb(server.pid), 1),
    }


def load_in_process(db: Path, scenario: str) -> dict[str, Any]:
    from game.net.server import Server
    from game.net.store import Store

    store = Store(db)
    try:
        t0 = time.perf_counter()
        server = Server(store)
        server.rules_for(scenario, ())
        t1 = time.perf_counter()
        n = server.load_all()
        t2 = time.perf_counter()
        steps = sum(r.step for r in server.rooms.values())
    finally:
        store.close()
    return {
        "games": n,
        "steps": steps,
        "rules_s": round(t1 - t0, 3),
        "replay_s": round(t2 - t1, 3),
        "total_s": round(t2 - t0, 3),
    }


async def memory_and_resume(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    db, log = tmp / "memory.db", tmp / "memory-server.log"
    server = ServerProc(db, log)
    out: dict[str, Any] = {"games": args.games, "steps_each": args.steps}
    try:
        server.wait_serving()
        rss_empty = rss_mb(server.pid)
        await create_games(server.url, 1, args.scenario, 0)  # loads the rules
        await asyncio.sleep(0.5)
        rss0 = rss_mb(server.pid)
        created, create_s = await create_games(server.url, args.games, args.scenario, 1)
        await asyncio.sleep(0.5)
        rss1 = rss_mb(server.pid)
        run = Run(
            args.scenario,
            args.seed + 7,
            cap=args.steps,
            replace=False,
            compression=None if args.no_deflate else "deflate",
            end=time.perf_counter() + args.play_timeout,
        )
        tables, play_s, acts = await play_to(server.url, run, created, args.play_batch)
        await asyncio.sleep(0.5)
        rss2 = rss_mb(server.pid)
        steps = sum(t.step for t in tables)
        out.update(
            {
                "rss_mb": {
                    "empty": round(rss_empty, 1),
                    "one_warmup_game": round(rss0, 1),
                    "games_created": round(rss1, 1),
                    "games_played": round(rss2, 1),
                },
                "mb_per_game_created": round((rss1 - rss0) / args.games, 3),
                "mb_per_game_played": round((rss2 - rss0) / args.games, 3),
                "create_ms": {
                    "median": round(statistics.median(create_s) * 1000, 2),
                    "max": round(max(create_s) * 1000, 2),
                },
                "play": {
                    "seconds": round(play_s, 1),
                    "actions": acts,
                    "steps": steps,
                    "steps_per_game_mean": round(steps / len(tables), 1),
                    "refused": dict(run.refused_all),
                    "lost": run.lost,
                    "stuck": run.stuck,
                    "errors": run.errors[:10],
                    "batch": args.play_batch,
                },
            }
        )
    finally:
        server.kill()  # SIGKILL, mid-flight as a crash would be
    size = sum(f.stat().st_size for f in tmp.glob("memory.db*"))
    out["db_bytes_after_kill"] = size
    restarts = []
    for r in range(args.resume_repeats):
        server, figures = await restart(db, log)
        try:
            if r == 0:
                figures["check"] = await check_games(server.url, tables)
                figures["rss_mb_per_game_resumed"] = round(
                    (figures["rss_mb"] - rss0) / args.games, 3
                )
        finally:
            server.kill()
        restarts.append(figures)
    out["restarts"] = restarts
    out["in_process_load_all"] = [
        load_in_process(db, args.scenario) for _ in range(args.resume_repeats)
    ]
    return out


def profile_top(path: Path, n: int) -> dict[str, str]:
    import io
    import pstats

    out = {}
    for key in ("cumulative", "tottime"):
        buf = io.StringIO()
        pstats.Stats(str(path), stream=buf).strip_dirs().sort_stats(key).print_stats(n)
        out[key] = buf.getvalue()
    return out


def machine() -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "game"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    import websockets

    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor(),
        "python": platform.python_version(),
        "websockets": websockets.__version__,
        "commit": commit,
        "game_files_changed_in_checkout": dirty[1::2],
    }


def show_run(r: dict[str, Any]) -> str:
    lat = r["latency"]
    return (
        f"{r['connections']:>5} {r['games']:>5} {r['think_mean_s']:>6.1f} "
        f"{r['actions']:>7} {r['actions_per_s']:>9.1f} {lat['p50_ms']:>8.1f} "
        f"{lat['p99_ms']:>8.1f} {lat['max_ms'] or 0:>8.1f} "
        f"{sum(r['refused'].values()):>7} {r['lost']:>4} {r['server_cpu_share']:>6.0%} "
        f"{'yes' if r['deflate'] else 'no':>7} {'yes' if r.get('delta', False) else 'no':>5}"
    )


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {
        "benchmark": "bench/bench_server.py",
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "settings": {k: v for k, v in vars(args).items() if k != "json"},
        "machine": machine(),
        "targets": {
            "p99_ms_at_200_connections": P99_TARGET_MS,
            "resume_100_games_s": RESUME_TARGET_S,
        },
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="bench-server-") as d:
        tmp = Path(d)
        deflate = not args.no_deflate
        delta = not args.no_delta
        plan = [(c, 0.0, deflate, False, delta) for c in args.conns]
        if args.think > 0:
            plan.append((max(args.conns), args.think, deflate, False, delta))
        if args.compare_no_deflate and deflate:
            plan.append((max(args.conns), 0.0, False, False, delta))
        if args.compare_no_delta and delta:
            plan.append((max(args.conns), 0.0, deflate, False, False))
        if args.profile:
            plan.append((max(args.conns), 0.0, deflate, True, delta))
        print(
            "conns games  think actions  actions/s  p50 ms   p99 ms   max ms refused lost "
            "srvCPU deflate delta"
        )
        for i, (conns, think, compress, profiled, partial) in enumerate(plan):
            prof = tmp / f"server-{i}.prof" if profiled else None
            server = ServerProc(tmp / f"load-{i}.db", tmp / f"load-{i}.log", profile=prof)
            try:
                server.wait_serving()
                r = await load_run(
                    server, conns, args, think, args.seed + i, compress, partial
                )
            finally:
                server.interrupt()
            r["profiled"] = profiled
            if prof is not None and prof.exists():
                r["profile_top"] = profile_top(prof, args.profile_top)
            results["runs"].append(r)
            print(show_run(r) + ("  (server under cProfile)" if profiled else ""), flush=True)
        if args.games > 0:
            mem = await memory_and_resume(args, tmp)
            results["memory_and_resume"] = mem
    return results


def report(results: dict[str, Any]) -> None:
    runs = [r for r in results["runs"] if not r["profiled"]]
    print()
    for r in runs:
        if r["think_mean_s"] == 0:
            lat = r["latency"]
            extra = ""
            if r["connections"] >= 200:
                met = "met" if lat["p99_ms"] < P99_TARGET_MS else "NOT met"
                extra = f"  target p99 < {P99_TARGET_MS:g} ms at 200: {met}"
            print(
                f"{r['connections']} connections, no thinking"
                f"{'' if r['deflate'] else ', no deflate'}: {r['actions_per_s']:.0f} "
                f"actions/s, p50 {lat['p50_ms']:.1f} ms, p99 {lat['p99_ms']:.1f} ms{extra}"
            )
        else:
            lat = r["latency"]
            met = "met" if lat["p99_ms"] < P99_TARGET_MS else "NOT met"
            print(
                f"{r['connections']} connections, {r['think_mean_s']:g} s thinking: "
                f"{r['actions_per_s']:.0f} actions/s, p50 {lat['p50_ms']:.1f} ms, "
                f"p99 {lat['p99_ms']:.1f} ms (p99 < {P99_TARGET_MS:g} ms: {met})"
            )
    for r in results["runs"]:
        if r.get("profile_top"):
            print(
                f"\nserver profile ({r['connections']} connections, no thinking), top by own time:"
            )
            print(r["profile_top"]["tottime"])
    mem = results.get("memory_and_resume")
    if mem:
        rss = mem["rss_mb"]
        print(
            f"memory: server {rss['empty']} MB empty, {rss['one_warmup_game']} MB with one "
            f"game, {rss['games_created']} MB with {mem['games']} more created, "
            f"{rss['games_played']} MB after {mem['play']['steps_per_game_mean']:.0f} steps "
            f"each: {mem['mb_per_game_created']:.3f} MB a new game, "
            f"{mem['mb_per_game_played']:.3f} MB a played game"
        )
        for i, r in enumerate(mem["restarts"]):
            met = "met" if r["to_first_pong_s"] < RESUME_TARGET_S else "NOT met"
            print(
                f"resume {i + 1}: {r['games']} games, the server says {r['reported_load_s']} s;"
                f" resumed line after {r['to_resumed_line_s']:.2f} s, first pong after "
                f"{r['to_first_pong_s']:.2f} s from the start of the process "
                f"(target < {RESUME_TARGET_S:g} s: {met})"
            )
        check = mem["restarts"][0].get("check", {})
        print(
            f"every game at its last acknowledged step and digest after SIGKILL: "
            f"{check.get('ok')} ({check.get('games_checked')} games)"
        )
        for r in mem["in_process_load_all"]:
            print(
                f"in process: Server(Store(db)).load_all() {r['games']} games, {r['steps']} "
                f"steps: {r['total_s']:.2f} s ({r['rules_s']:.2f} s rules, "
                f"{r['replay_s']:.2f} s replay)"
            )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--conns",
        type=int,
        nargs="+",
        default=[50, 200],
        help="connections of each load run (one per seat; 6 a game)",
    )
    p.add_argument("--seconds", type=float, default=30.0, help="measured seconds of a load run")
    p.add_argument("--actions", type=int, default=20_000, help="or this many acked actions")
    p.add_argument("--warmup", type=float, default=5.0, help="seconds played before measuring")
    p.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="mean thinking time of the extra paced run at max(--conns) (0: no paced run)",
    )
    p.add_argument("--scenario", default="caucasus-2020")
    p.add_argument("--seed", type=int, default=14)
    p.add_argument(
        "--no-deflate",
        action="store_true",
        help="clients do not offer permessage-deflate (default: they do, as "
        "browsers and websockets' clients do)",
    )
    p.add_argument(
        "--compare-no-deflate",
        action="store_true",
        help="one more run at max(--conns) with clients that do not offer deflate",
    )
    p.add_argument(
        "--no-delta",
        action="store_true",
        help="clients ask for whole views in every update (default: partial updates, as the "
        "game's own clients do)",
    )
    p.add_argument(
        "--compare-no-delta",
        action="store_true",
        help="one more run at max(--conns) with clients that ask for whole views",
    )
    p.add_argument(
        "--games", type=int, default=100, help="games of the memory/resume part (0: skip it)"
    )
    p.add_argument("--steps", type=int, default=200, help="steps each of those games plays")
    p.add_argument("--play-batch", type=int, default=17, help="games played at a time")
    p.add_argument("--play-timeout", type=float, default=1800.0)
    p.add_argument("--resume-repeats", type=int, default=3)
    p.add_argument(
        "--profile",
        action="store_true",
        help="one more run at max(--conns) with the server under cProfile",
    )
    p.add_argument("--profile-top", type=int, default=25)
    p.add_argument("--json", metavar="FILE", help="write the raw results here")
    args = p.parse_args()
    results = asyncio.run(main_async(args))
    report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
