"""Memory and resume for bench/bench_server.py: games played to a step through the server,
the server SIGKILLed and started again on the same database, and every game checked to be
back at the step and digest of its last acknowledged action (not a test).

``memory_and_resume`` is the whole measurement: the server's VmRSS after a warm-up game,
after creating ``--games`` games and after playing each ``--steps`` steps; then the time a
fresh ``near-abroad serve`` takes to resume them (its own log line, and its first answer
on a websocket); then ``Server(Store(db)).load_all()`` timed in this process.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from websockets.asyncio.client import connect  # noqa: E402

from bench.server_load import (  # noqa: E402
    Run,
    ServerProc,
    Table,
    V,
    accepting,
    create_games,
    finish,
    make_tables,
    rss_mb,
    start_players,
)


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
