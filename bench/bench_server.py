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
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server_load import (  # noqa: E402
    P99_TARGET_MS,
    RESUME_TARGET_S,
    Run,
    ServerProc,
    cpu_s,
    create_games,
    finish,
    lat_summary,
    make_tables,
    rss_mb,
    start_players,
)
from bench.server_resume import memory_and_resume  # noqa: E402


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
                r = await load_run(server, conns, args, think, args.seed + i, compress, partial)
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
