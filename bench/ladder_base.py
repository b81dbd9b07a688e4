"""ISMCTS against an older commit's ISMCTS at the same time per decision (a benchmark, not a
test): issue 17's "stronger search at the same time budget".

Run: .venv/bin/python bench/ladder_base.py --base 0e1b190 [--pairs 100] [--seconds 0.05]
     [--tables 2] [--scenario NAME] [--out FILE.json]

The two trees' bots cannot share one process (both are the package ``game``), so each
table runs one worker process per tree (``bench/compare.py``'s workers, each importing its
own tree). Both workers keep the same game: the parent asks the seat's owner for its move,
draws chance in the working tree's state, and applies every action in both, checking after
each step that the two engines agree on who acts next, whether the game is over, every
legal action and the scores (they play the same rules folder, one both trees load: the
base's, as in compare.py). A game where they disagree stops the run, naming the step and
what differs; so does any other error (a lost game would drop its pair in silence).

Seats and seeds are those of ``bench/ladder.py``: in each pair of games the working tree's
ISMCTS plays half the seats and the base's the other half, then they swap with the same
seed, the ten splits of six seats taken in turn. A pair is won by the tree whose seats
scored more VP over its two games (duplicate scoring); the share of pairs won is reported
with its 95% Wilson interval, with the win share and the same-seat VP gain beside it. Each
decision has the same wall-clock budget (``--seconds``) on both sides: a tree that searches
faster runs more iterations in it. Tables run side by side, one per core; only one worker
of a table thinks at a time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare import Side, extract, git_head  # noqa: E402
from ladder import show, splits, summarize, writable  # noqa: E402

NEW, BASE = "new ismcts", "base ismcts"


class Diverged(RuntimeError):
    """The two engines disagree about a game: the comparison would mean nothing."""


def play_game(new: Side, base: Side, job: dict[str, Any]) -> dict[str, Any]:
    """One game: the working tree's bots on ``job['a_seats']``, the base's on the rest."""
    a_seats = set(job["a_seats"])
    others = [s for s in job["seats"] if s not in a_seats]
    common = {"folder": job["folder"], "seed": job["seed"], "settings": job["settings"],
              "bot_seed": job["seed"] * 31}  # fmt: skip
    where = new.run("match_start", mine=sorted(a_seats), **common)
    theirs = base.run("match_start", mine=others, **common)
    if theirs != where:
        raise Diverged(f"game {job['game']}: the trees start differently: "
                       f"{_difference(where, theirs)}")  # fmt: skip
    think = {NEW: [0.0, 0], BASE: [0.0, 0]}
    t0 = time.perf_counter()
    steps = 0
    while not where[1]:
        actor = where[0]
        if actor == "chance":
            action = new.run("match_chance")
        elif actor in job["seats"]:
            owner, name = (new, NEW) if actor in a_seats else (base, BASE)
            action, took = owner.run("match_decide", seat=actor)
            think[name][0] += took
            think[name][1] += 1
        else:
            raise Diverged(f"game {job['game']}: {actor!r} is to act, not a seat or chance")
        where = new.run("match_apply", action=action)
        steps += 1
        theirs = base.run("match_apply", action=action)
        if theirs != where:
            raise Diverged(f"game {job['game']}, step {steps}: after {action} the trees "
                           f"disagree: {_difference(where, theirs)}")  # fmt: skip
    end = new.run("match_end")
    if base.run("match_end") != end:
        raise Diverged(f"game {job['game']}: the trees score the end differently")
    scores, returns = end["scores"], end["returns"]
    return {
        "game": job["game"],
        "seed": job["seed"],
        "a_share": sum(v for k, v in returns.items() if k in a_seats),
        "decided": bool(end["winners"]),
        "a_vp": sum(v for k, v in scores.items() if k in a_seats),
        "vp": sum(max(0, v) for v in scores.values()),
        "winners": end["winners"],
        "a_seats": sorted(a_seats),
        "reason": end["reason"],
        "scores": scores,
        "steps": steps,
        "think_s": {k: v[0] for k, v in think.items()},
        "decisions": {k: v[1] for k, v in think.items()},
        "seconds": time.perf_counter() - t0,
    }


def play_all(tables: list[tuple[Any, Any]], jobs: list[dict[str, Any]],
             stream: Path | None = None) -> tuple[list[dict[str, Any]], list[str]]:  # fmt: skip
    """Play ``jobs`` on ``tables`` (pairs of sides), one thread a table; returns the games'
    results and the errors that stopped tables (any error stops the run: a lost game would
    leave its pair out of the figures in silence)."""
    todo = list(jobs)
    results: list[dict[str, Any]] = []
    errors: list[str] = []
    lock = threading.Lock()
    t0 = time.perf_counter()

    def run_table(new: Any, base: Any) -> None:
        while True:
            with lock:
                if not todo or errors:
                    return
                job = todo.pop(0)
            try:
                r = play_game(new, base, job)
            except Exception as exc:  # reported, and the run fails
                with lock:
                    errors.append(f"game {job['game']}: {type(exc).__name__}: {exc}")
                return
            with lock:
                results.append(r)
                if stream is not None:
                    with stream.open("a", encoding="utf-8") as fh:
                        fh.write(json.dumps({"a": NEW, "b": BASE, **r}) + "\n")
                print(f"  game {r['game']}: {len(results)} done, "
                      f"{time.perf_counter() - t0:.0f} s", flush=True)  # fmt: skip

    threads = [threading.Thread(target=run_table, args=t) for t in tables]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if not errors and len(results) != len(jobs):
        errors.append(f"only {len(results)} of {len(jobs)} games were played")
    return results, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="0e1b190", help="the older commit (default 0e1b190)")
    ap.add_argument("--pairs", type=int, default=100, help="duplicate pairs (two games each)")
    ap.add_argument("--first-pair", type=int, default=0, help="start at this pair (resume)")
    ap.add_argument("--seconds", type=float, default=0.05, help="ISMCTS seconds a decision")
    ap.add_argument("--tables", type=int, default=2, help="games played at once")
    ap.add_argument("--scenario", default="caucasus-2020")
    ap.add_argument("--out", help="write the results as JSON (each game also to OUT.partial.jsonl)")
    args = ap.parse_args()
    if args.pairs < 1 or args.tables < 1 or not args.seconds > 0 or args.first_pair < 0:
        raise SystemExit("--pairs, --tables and --seconds: give positive numbers")
    stream = writable(Path(args.out + ".partial.jsonl")) if args.out else None
    settings = {"seconds": args.seconds, "iterations": None}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="near-abroad-ladder-base-") as tmp:
        base_rev = extract(args.base, Path(tmp))
        folder = str(Path(tmp) / "tree" / "rules" / args.scenario)
        seats = tuple(_seats(folder))
        sides = splits(seats)
        jobs = []
        for g in range(2 * args.first_pair, 2 * (args.first_pair + args.pairs)):
            side = sides[(g // 2) % len(sides)]
            a_seats = side if g % 2 == 0 else frozenset(seats) - side
            jobs.append({"game": g, "seed": 1000 + g // 2, "folder": folder, "seats": seats,
                         "a_seats": sorted(a_seats), "settings": settings})  # fmt: skip
        with contextlib.ExitStack() as workers:  # every worker ends, whatever happens
            tables = []
            for _ in range(args.tables):
                new = Side("new", ROOT)
                workers.callback(new.close)
                base = Side("base", Path(tmp) / "tree")
                workers.callback(base.close)
                tables.append((new, base))
            results, errors = play_all(tables, jobs, stream)
    if errors:
        raise SystemExit("stopped: " + "; ".join(errors))
    r = summarize(NEW, BASE, results, seats, settings, time.perf_counter() - t0)
    think = {k: sum(x["think_s"][k] for x in results) for k in (NEW, BASE)}
    made = {k: sum(x["decisions"][k] for x in results) for k in (NEW, BASE)}
    r.update(base=base_rev, head=git_head(), scenario=args.scenario,
             mean_think_s={k: think[k] / max(1, made[k]) for k in think})  # fmt: skip
    show(r)
    print(f"  mean thinking a decision: new {r['mean_think_s'][NEW]:.3f} s, "
          f"base {r['mean_think_s'][BASE]:.3f} s", flush=True)  # fmt: skip
    if args.out:
        # A list of pairings, as ladder.py --out writes: ladder.py --summary reads it.
        Path(args.out).write_text(json.dumps([r], indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


def _difference(new: list[Any], base: list[Any]) -> str:
    """Which of (actor, over, legal actions, scores) the two trees disagree on."""
    names = ("who acts", "whether it is over", "the legal actions", "the scores")
    return "; ".join(f"{n}: new {a!r:.200} vs base {b!r:.200}"
                     for n, a, b in zip(names, new, base, strict=False) if a != b)  # fmt: skip


def _seats(folder: str) -> list[str]:
    from game.ruleset.load import load_ruleset

    return list(load_ruleset(folder).manifest.seats)


if __name__ == "__main__":
    main()
