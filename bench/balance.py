"""Balance and plausibility of a scenario under competent play (a benchmark, not a test).

Run: .venv/bin/python bench/balance.py [--scenario DIR] [--games 300] [--seed 9000]
     [--workers 2] [--bots heuristic] [--bot russia=heuristic:defensive] [--out FILE.jsonl]
     .venv/bin/python bench/balance.py --summary FILE.jsonl [--scenario DIR]

Every seat is played by the same kind of bot (heuristic by default, each with its
actor's doctrine from the YAML); game ``i`` uses seed ``seed + i``. Each finished
game is appended to the JSON Lines file as it ends (seed, bots, result, VP,
margins, objectives achieved, indicators), so a long run can be stopped and its
games read back with ``--summary``. The summary gives each seat's share of
games won or shared (95% Wilson intervals), its VP and margin, every
indicator's rate, the mean distance from history, and the targets of issue 11
(``docs/thesis.md``) where the scenario defines the indicators they read.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine.indicators import readings  # noqa: E402
from game.ruleset.load import load_ruleset  # noqa: E402
from game.ruleset.model import Ruleset  # noqa: E402
from game.sim.batch import Job, run_job  # noqa: E402
from game.sim.stats import wilson  # noqa: E402

CAPITALS = {
    "baku_azerbaijani": "Baku",
    "yerevan_armenian": "Yerevan",
    "tbilisi_georgian": "Tbilisi",
}
"""Indicators read by the capitals target, when the scenario has them (caucasus-2020)."""


def play(job: Job) -> dict[str, Any]:
    t0 = time.perf_counter()
    r = run_job(job)
    return {
        "seed": r.seed,
        "bots": r.bots,
        "result": r.kind,
        "winners": list(r.winners),
        "reason": r.reason,
        "sudden_death": r.sudden_death,
        "turns": r.turns,
        "steps": r.steps,
        "vp": r.vp,
        "margins": r.margins,
        "objectives": list(r.objectives),
        "indicators": r.indicators,
        "seconds": round(time.perf_counter() - t0, 2),
    }


def load(path: str) -> list[dict[str, Any]]:
    games = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if line.strip():
                try:
                    games.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    sys.exit(f"{path}:{n}: not a game record ({exc.msg})")
    if not games:
        sys.exit(f"{path}: no games in it")
    return games


def pct(k: float, n: int) -> str:
    lo, hi = wilson(k, n)
    return f"{100 * k / n:5.1f}% [{100 * lo:4.1f}–{100 * hi:5.1f}]"


def summary(rules: Ruleset, games: list[dict[str, Any]]) -> str:
    n = len(games)
    seats = list(rules.manifest.seats)
    seeds = sorted(g["seed"] for g in games)
    lines = [
        f"{n} games of {rules.id} {rules.manifest.version} (seeds {seeds[0]}..{seeds[-1]}); "
        f"bots: {', '.join(sorted({f'{k}={v}' for g in games for k, v in g['bots'].items()}))}",
        f"{'seat':<12}{'wins or shares':>24}{'sole':>6}{'mean VP':>9}{'sd':>6}{'margin':>8}",
    ]
    shares = {}
    for seat in seats:
        won = sum(1 for g in games if seat in g["winners"])
        sole = sum(1 for g in games if g["winners"] == [seat])
        vps = [g["vp"][seat] for g in games]
        margins = [g["margins"].get(seat, g["vp"][seat]) for g in games]
        shares[seat] = won / n
        lines.append(
            f"{seat:<12}{pct(won, n):>24}{sole:>6}{statistics.mean(vps):>9.1f}"
            f"{statistics.pstdev(vps):>6.1f}{statistics.mean(margins):>8.1f}"
        )
    nobody = sum(1 for g in games if not g["winners"])
    lines.append(
        f"nobody wins: {nobody}; endings: "
        + "; ".join(f"{k} ×{v}" for k, v in Counter(g["reason"] for g in games).most_common())
    )
    lines.append("indicators (share of games as in history; numbers: mean):")
    dists, matched = [], []
    for g in games:
        rs = readings(rules, g["indicators"])
        if rs:
            dists.append(sum(r.distance for r in rs) / len(rs))
            matched.append(sum(r.matches for r in rs))
    for iid, ind in rules.indicators.items():
        vals = [g["indicators"][iid] for g in games if iid in g["indicators"]]
        if not vals:
            continue
        if isinstance(ind.historical, bool):
            same = sum(1 for v in vals if bool(v) == ind.historical)
            lines.append(f"  {pct(same, len(vals)):>24}  {ind.title} ({iid})")
        else:
            lines.append(
                f"  {'mean ' + format(statistics.mean(vals), '.2f'):>24}  {ind.title} "
                f"({iid}; history {ind.historical:g})"
            )
    if dists:
        lines.append(
            f"distance from history: mean {statistics.mean(dists):.3f}; indicators as in "
            f"history per game: mean {statistics.mean(matched):.1f} of {len(rules.indicators)}; "
            f"distribution {dict(sorted(Counter(matched).items()))}"
        )
    objectives = Counter(o for g in games for o in g["objectives"])
    lines.append("objectives achieved:")
    for oid, o in rules.objectives.items():
        lines.append(f"  {o.actor:<11}{100 * objectives[oid] / n:6.1f}%  {oid}")
    lines.append("targets:")
    lines.append(
        "  every seat wins or shares 8-30%: "
        + ("yes" if all(0.08 <= v <= 0.30 for v in shares.values()) else "no")
        + " ("
        + ", ".join(f"{k} {100 * v:.0f}%" for k, v in shares.items())
        + ")"
    )
    for iid, name in CAPITALS.items():
        if iid in rules.indicators:
            k = sum(1 for g in games if g["indicators"].get(iid))
            lines.append(f"  {name} held by its own state >= 85%: {pct(k, n)}")
    if "ru_mediator" in rules.objectives:
        lines.append(f"  Russia's mediator objective 25-75%: {pct(objectives['ru_mediator'], n)}")
    if "turkey_outside_talks" in rules.indicators:
        k = sum(1 for g in games if not g["indicators"].get("turkey_outside_talks", True))
        lines.append(f"  Turkey in the talks <= 50%: {pct(k, n)}")
    if matched:
        k = sum(1 for m in matched if m >= 5)
        lines.append(f"  at least 5 indicators as in history: {pct(k, len(matched))}")
    return "\n".join(lines)


def bot_spec(rules: Ruleset, everyone: str, items: list[str]) -> dict[str, str]:
    spec = dict.fromkeys(rules.manifest.seats, everyone)
    for item in items:
        seat, sep, kind = item.partition("=")
        if not sep or seat not in spec:
            sys.exit(f"--bot {item}: write SEAT=KIND[:DOCTRINE] with a seat of {rules.id}")
        spec[seat] = kind
    return spec


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenario", default=str(ROOT / "rules" / "caucasus-2020"))
    ap.add_argument("--games", type=int, default=300)
    ap.add_argument("--seed", type=int, default=9000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--bots", default="heuristic", help="the bot of every seat")
    ap.add_argument("--bot", action="append", default=[], help="SEAT=KIND[:DOCTRINE]")
    ap.add_argument("--out", help="append each game to this JSON Lines file")
    ap.add_argument("--summary", metavar="FILE", help="summarise a file of games; play none")
    args = ap.parse_args()
    rules = load_ruleset(args.scenario)
    if args.summary:
        print(summary(rules, load(args.summary)))
        return
    spec = bot_spec(rules, args.bots, args.bot)
    todo = [Job(str(Path(args.scenario).resolve()), args.seed + i, spec) for i in range(args.games)]
    out = open(args.out, "a", encoding="utf-8") if args.out else None  # noqa: SIM115
    games = []
    t0 = time.perf_counter()
    try:
        with ProcessPoolExecutor(max_workers=max(1, args.workers)) as pool:
            for i, g in enumerate(pool.map(play, todo), start=1):
                games.append(g)
                if out:
                    out.write(json.dumps(g, sort_keys=True) + "\n")
                    out.flush()
                if i % 10 == 0 or i == len(todo):
                    print(
                        f"{i}/{len(todo)} games, {time.perf_counter() - t0:.0f} s", file=sys.stderr
                    )
    finally:
        if out:
            out.close()
    print(summary(rules, games))


if __name__ == "__main__":
    main()
