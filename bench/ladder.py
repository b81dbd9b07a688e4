"""The strength ladder (a benchmark, not a test): ISMCTS vs heuristic, heuristic vs random.

Run: .venv/bin/python bench/ladder.py [--games 200] [--workers 2] [--scenario DIR]
     [--pairing ismcts:heuristic --pairing heuristic:random] [--out FILE.json]

Seats are split half and half: in each pair of games one bot plays a set of
seats and the other bot the rest, then the two swap, with the same seed. With
six seats the ten ways of splitting them into two threes are used in turn, so
every bot plays every actor equally often and with every set of allies. With
equal bots each side would win half the games, whatever the scenario's
balance; a side's *win share* (shared wins split, games that everyone loses
left out) is reported with a 95% Wilson interval, with the share of victory
points as a second measure.

When one seat wins most games whoever plays it (Azerbaijan, in the default
scenario, when both sides play competently), the win share of every pair is
one win each and says nothing about the bots. So each pair of games is also
scored as a *duplicate* match, as in duplicate bridge: every seat was played
once by each bot with the same seed, and the bot whose seats scored more
victory points in total wins the pair (a tie counts half). The share of pairs
won is reported with its Wilson interval, and the mean VP gain of a seat.

Budgets are fixed iteration counts (``--iterations``), so results do not depend
on the machine's speed, and every game is seeded by its number, so the numbers
are the same whatever the worker count.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import multiprocessing
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.ai import KINDS, make_bot  # noqa: E402
from game.engine import new_game  # noqa: E402
from game.ruleset.load import load_ruleset  # noqa: E402
from game.ruleset.model import Ruleset  # noqa: E402
from game.sim.batch import play_out  # noqa: E402
from game.sim.stats import wilson  # noqa: E402

_RULES: dict[str, Ruleset] = {}


def splits(seats: tuple[str, ...]) -> list[frozenset[str]]:
    """Sets of seats for side A: half of them, each split once (its complement is the swap)."""
    half = len(seats) // 2 or 1
    out: list[frozenset[str]] = []
    for combo in itertools.combinations(seats, half):
        s = frozenset(combo)
        if frozenset(seats) - s not in out:
            out.append(s)
    return out


def play(job: dict[str, Any]) -> dict[str, Any]:
    """One game: side A's bots on ``job['a_seats']``, side B's on the rest."""
    folder = job["scenario"]
    rules = _RULES.get(folder) or _RULES.setdefault(folder, load_ruleset(folder))
    state = new_game(rules, seed=job["seed"])
    bots = {}
    for i, seat in enumerate(state.seats):
        side = "a" if seat in job["a_seats"] else "b"
        kind = job[side]
        bots[seat] = make_bot(
            kind, seat, rules, seed=job["seed"] * 31 + i, **job["settings"].get(kind, {})
        )
    t0 = time.perf_counter()
    state = play_out(state, bots)
    returns = dict(zip(state.seats, state.returns(), strict=True))
    scores = state.scores()
    a_seats = set(job["a_seats"])
    return {
        "game": job["game"],
        "a_share": sum(v for k, v in returns.items() if k in a_seats),
        "decided": bool(state.result and state.result.winners),
        "a_vp": sum(v for k, v in scores.items() if k in a_seats),
        "vp": sum(max(0, v) for v in scores.values()),
        "winners": list(state.result.winners) if state.result else [],
        "a_seats": sorted(a_seats),
        "reason": state.result.reason if state.result else "",
        "scores": scores,
        "seconds": time.perf_counter() - t0,
    }


def duplicate(results: list[dict[str, Any]], seats: tuple[str, ...]) -> dict[str, float]:
    """Duplicate scoring of game pairs (2k, 2k+1: same seed, seats swapped): A wins a pair
    when the seats it played scored more VP in total than the same seats under B."""
    by_game = {r["game"]: r for r in results}
    wins = 0.0
    pairs = 0
    for g in sorted(by_game):
        if g % 2 or g + 1 not in by_game:
            continue
        x, y = by_game[g], by_game[g + 1]
        a_vp = sum(x["scores"][s] for s in x["a_seats"]) + sum(y["scores"][s] for s in y["a_seats"])
        b_vp = sum(x["scores"][s] for s in seats if s not in x["a_seats"]) + sum(
            y["scores"][s] for s in seats if s not in y["a_seats"]
        )
        pairs += 1
        wins += 1.0 if a_vp > b_vp else 0.5 if a_vp == b_vp else 0.0
    return {"pairs": pairs, "a_wins": wins}


def run_pairing(
    a: str,
    b: str,
    games: int,
    workers: int,
    scenario: str,
    settings: dict[str, Any],
    stream: Path | None = None,
) -> dict[str, Any]:
    """Play the pairing's games; each result is also appended to ``stream`` (JSON Lines) as
    it comes, so a long run can be read before it ends."""
    rules = load_ruleset(scenario)
    seats = tuple(rules.manifest.seats)
    sides = splits(seats)
    jobs = []
    for g in range(games):
        side = sides[(g // 2) % len(sides)]
        a_seats = side if g % 2 == 0 else frozenset(seats) - side
        jobs.append(
            {
                "game": g,
                "seed": 1000 + g // 2,
                "scenario": scenario,
                "a": a,
                "b": b,
                "a_seats": sorted(a_seats),
                "settings": settings,
            }
        )
    results = []
    t0 = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for r in pool.imap_unordered(play, jobs):
            results.append(r)
            if stream is not None:
                with stream.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps({"a": a, "b": b, **r}) + "\n")
            done = len(results)
            if done % max(1, games // 20) == 0 or done == games:
                wins = sum(x["a_share"] for x in results if x["decided"])
                dec = sum(1 for x in results if x["decided"])
                dup = duplicate(results, seats)
                print(
                    f"  {a} vs {b}: {done}/{games} games, {a} win share "
                    f"{wins / max(1, dec):.3f}, duplicate pairs won "
                    f"{dup['a_wins']:.1f}/{dup['pairs']}, {time.perf_counter() - t0:.0f} s",
                    flush=True,
                )
    return summarize(a, b, results, seats, settings, time.perf_counter() - t0)


def summarize(
    a: str,
    b: str,
    results: list[dict[str, Any]],
    seats: tuple[str, ...],
    settings: dict[str, Any],
    seconds: float,
) -> dict[str, Any]:
    """The figures of a pairing from its games' results (also from a saved ``--out`` file)."""
    games = len(results)
    results = sorted(results, key=lambda r: r["game"])
    decided = [r for r in results if r["decided"]]
    wins = sum(r["a_share"] for r in decided)
    lo, hi = wilson(wins, len(decided))
    vp_share = sum(r["a_vp"] for r in results) / max(1, sum(r["vp"] for r in results))
    # Paired: the same seat in the two games of a pair (same seed, sides swapped).
    diffs: list[float] = []
    by_game = {r["game"]: r for r in results}
    for g in sorted(by_game):
        if g % 2 or g + 1 not in by_game:
            continue
        x, y = by_game[g], by_game[g + 1]
        for s in seats:
            ax, ay = s in x["a_seats"], s in y["a_seats"]
            if ax != ay:
                a_game, b_game = (x, y) if ax else (y, x)
                diffs.append(a_game["scores"][s] - b_game["scores"][s])
    dup = duplicate(results, seats)
    d_lo, d_hi = wilson(dup["a_wins"], dup["pairs"])
    vp_gain = statistics.mean(diffs) if diffs else 0.0
    vp_half = 1.96 * statistics.stdev(diffs) / math.sqrt(len(diffs)) if len(diffs) > 1 else 0.0
    per_seat: dict[str, list[float]] = {s: [0.0, 0.0] for s in seats}
    for r in decided:
        for s in r["a_seats"]:
            per_seat[s][0] += 1 if s in r["winners"] else 0
            per_seat[s][1] += 1
    return {
        "a": a,
        "b": b,
        "games": games,
        "decided": len(decided),
        "everyone_lost": games - len(decided),
        "a_win_share": wins / max(1, len(decided)),
        "wilson95": [lo, hi],
        "a_vp_share": vp_share,
        "duplicate_pairs": dup["pairs"],
        "a_duplicate_share": dup["a_wins"] / max(1, dup["pairs"]),
        "duplicate_wilson95": [d_lo, d_hi],
        "a_vp_gain": vp_gain,
        "a_vp_gain_ci95": [vp_gain - vp_half, vp_gain + vp_half],
        "a_wins_by_seat": {s: f"{w:.0f}/{n:.0f}" for s, (w, n) in per_seat.items()},
        "seconds": seconds,
        "seats": list(seats),
        "mean_game_seconds": sum(r["seconds"] for r in results) / max(1, len(results)),
        "settings": settings,
        "results": results,
    }


def parse_pairing(text: str) -> tuple[str, str]:
    """'A:B' with two bot kinds; exits with a message naming the kinds otherwise."""
    a, _, b = text.partition(":")
    if a not in KINDS or b not in KINDS:
        raise SystemExit(
            f"ladder.py: --pairing {text!r}: give two bot kinds as A:B, each one of "
            f"{', '.join(KINDS)} (e.g. ismcts:heuristic)"
        )
    return a, b


def writable(path: Path) -> Path:
    """``path``, after checking results can be appended to it: a long run must not find
    out at its end that it cannot keep them."""
    try:
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise SystemExit(
            f"cannot write {path}: {exc.strerror or exc}; choose another file"
        ) from None
    return path


def load_saved(path: str) -> list[dict[str, Any]]:
    """The pairings of a saved ``--out`` file, or of a JSON Lines stream of games (perhaps
    unfinished, or ``bench_ai.py --h2h-out``); exits with a message if it cannot be read."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        if not path.endswith(".jsonl"):
            saved: list[dict[str, Any]] = json.loads(text)
            return saved
        games = [json.loads(line) for line in text.splitlines() if line.strip()]
        pairs = sorted({(g["a"], g["b"]) for g in games})
    except OSError as exc:
        raise SystemExit(f"cannot read {path}: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise SystemExit(
            f"{path}: not a ladder results file ({type(exc).__name__}: {exc}); give a file "
            "written by ladder.py --out or bench_ai.py --h2h-out"
        ) from None
    return [
        {
            "a": a,
            "b": b,
            "results": [g for g in games if (g["a"], g["b"]) == (a, b)],
            "settings": {},
            "seconds": 0.0,
        }
        for a, b in pairs
    ]


def show(r: dict[str, Any]) -> None:
    """Print a pairing's figures."""
    a, b = r["a"], r["b"]
    lo, hi = r["wilson95"]
    print(
        f"{a} vs {b}: {a} wins {r['a_win_share']:.1%} of {r['decided']} decided games "
        f"(95% CI {lo:.1%}–{hi:.1%}); {r['everyone_lost']} ended with everyone losing; "
        f"{a} VP share {r['a_vp_share']:.1%}; {r['seconds']:.0f} s",
        flush=True,
    )
    d_lo, d_hi = r["duplicate_wilson95"]
    print(
        f"  duplicate pairs (same seeds, seats swapped, more VP wins): {a} wins "
        f"{r['a_duplicate_share']:.1%} of {r['duplicate_pairs']} "
        f"(95% CI {d_lo:.1%}–{d_hi:.1%})",
        flush=True,
    )
    g_lo, g_hi = r["a_vp_gain_ci95"]
    print(
        f"  same seat, same seed: {a} scores {r['a_vp_gain']:+.2f} VP more than {b} "
        f"(95% CI {g_lo:+.2f} to {g_hi:+.2f})",
        flush=True,
    )
    print(f"  {a} wins by seat: {r['a_wins_by_seat']}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scenario", default=str(ROOT / "rules" / "caucasus-2020"))
    ap.add_argument(
        "--pairing",
        action="append",
        help="A:B, e.g. ismcts:heuristic (default: the two ladder rungs)",
    )
    ap.add_argument(
        "--iterations", type=int, default=200, help="ISMCTS iterations per decision (no time limit)"
    )
    ap.add_argument("--rollout", type=int, default=None, help="ISMCTS roll-out length")
    ap.add_argument(
        "--out", help="write the full results as JSON (and each game to OUT.partial.jsonl)"
    )
    ap.add_argument(
        "--summary", metavar="FILE", help="print the figures of a saved --out file; play nothing"
    )
    args = ap.parse_args()
    if args.summary:
        for r in load_saved(args.summary):
            seats = tuple(r.get("seats") or sorted({s for g in r["results"] for s in g["scores"]}))
            show(summarize(r["a"], r["b"], r["results"], seats, r["settings"], r["seconds"]))
        return
    pairings = [parse_pairing(p) for p in args.pairing or ["heuristic:random", "ismcts:heuristic"]]
    if args.out:
        writable(Path(args.out + ".partial.jsonl"))
    ismcts: dict[str, Any] = {"iterations": args.iterations, "seconds": None}
    if args.rollout is not None:
        ismcts["rollout"] = args.rollout
    settings = {"ismcts": ismcts, "heuristic": {}, "random": {}}
    report = []
    for a, b in pairings:
        print(f"{a} vs {b}: {args.games} games on {args.workers} workers", flush=True)
        stream = Path(args.out + ".partial.jsonl") if args.out else None
        r = run_pairing(a, b, args.games, args.workers, args.scenario, settings, stream)
        report.append(r)
        show(r)
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
