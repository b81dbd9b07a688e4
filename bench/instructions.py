"""Speed against an older commit counted in instructions, not seconds (not a test).

Run: .venv/bin/python bench/instructions.py --base 0e1b190 [--games 2] [--positions 8]
     [--only engine heuristic replay replay-all]
     [--warm G] [--warm-decisions D] [--warm-loads L]
     [--scenario caucasus-2020 georgia-2008] [--json FILE]

On this 2-core machine the same code timed twice differs by up to 30% from one round to
the next (see docs/performance.md), which hides a 10% change and blurs a 3x target.
Valgrind's callgrind counts the instructions a process runs: the same code, inputs and
hash seed give the same count, whatever else the machine is doing. Each figure runs the
tree's code under ``valgrind --tool=callgrind`` twice, once with the work and once
without it (loading the rules, finding the positions), and takes the difference, so
start-up and loading cancel out:

- ``engine``: random play with ``legal_actions()`` at every step, as in compare.py
  (seeds 1000, 1001...), in instructions per action; with ``--warm G``, both runs first
  play G games (seeds 900...) so that what a process does once (caches filled on first
  use) is left out and the figure is the steady rate of a long run;
- ``replay``: loading compare.py's save (seed 5, a random game) three times, parsed,
  replayed and its digests checked, in instructions per step (the game is played in
  both runs, so the figure is the load alone); with ``--warm-loads L``, both runs first
  load it L times, so that what a process does once on its first load (importing and
  compiling the loading modules, building the save's schema validator) is left out and
  the figure is the steady rate of a process that loads many games (a server, a batch
  report);
- ``replay-all``: the same loads, each followed by reading every state of the loaded game
  (what the replay view and a report do; a load makes only some states and the rest when
  first read), in instructions per step;
- ``heuristic``: the heuristic bot's decision on compare.py's positions, in instructions
  per decision; with ``--warm-decisions D``, the same bots first decide D positions found
  after the measured ones, in both runs, so that what a process does once (conditions
  specialised on first use, tables built) is left out and the figure is a long game's
  rate per decision.

Both trees play the same rules folder (the base's, which both load, as in compare.py) and
the same games: each run prints how many actions it played, and the two must agree. A
ratio above 1 means the working tree runs fewer instructions. Instructions are not time
(a cache miss costs more than an add), but for an interpreter's work they track it
closely; the timed figures stay in compare.py.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare import extract, git_head  # noqa: E402

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def run_task(tree: Path, task: str, folder: str, n: int, positions: int, warm: int = 0) -> None:
    """In a process under callgrind: the task with ``tree``'s code; prints what it did."""
    sys.path.insert(0, str(tree))
    import game

    where = Path(game.__file__).resolve()
    if tree.resolve() not in where.parents:
        raise SystemExit(f"imported game from {where}, not from {tree}")
    from compare import Worker

    w = Worker()
    rules = w.ruleset(folder)
    done = 0
    if task == "engine":
        from game.engine import new_game

        for g in range(warm):  # in both runs: their cost cancels
            rng = random.Random(2)
            s = new_game(rules, seed=900 + g)
            while not s.is_over():
                acts = s.legal_actions()
                s = s.apply(s.sample_chance() if s.is_chance_node() else rng.choice(acts))
        rng = random.Random(1)
        for g in range(n):
            s = new_game(rules, seed=1000 + g)
            while not s.is_over():
                acts = s.legal_actions()
                s = s.apply(s.sample_chance() if s.is_chance_node() else rng.choice(acts))
                done += 1
    elif task in ("replay", "replay-all"):
        from game.session import storage
        from game.session.replay import resume
        from game.session.session import Session

        session = Session(rules, seed=5)  # the save compare.py replays, made in both runs
        rng = random.Random(5)
        while not session.state.is_over():
            session.act(rng.choice(session.state.legal_actions()))
        text = storage.dumps(session.record)
        for _ in range(warm):  # in both runs: their cost cancels
            resume(storage.loads(text), rules)
        for _ in range(n):
            loaded = resume(storage.loads(text), rules)
            if task == "replay-all":
                for _state in loaded.states:  # every state read, as the replay view does
                    pass
            done += len(loaded.record.steps)
    else:
        from game.ai.determinize import observe
        from game.ai.registry import make_bot

        w.find_positions(folder, positions + warm)
        found = w.positions[folder][:positions]
        bots = {seat: make_bot("heuristic", seat, rules, seed=3)
                for seat in rules.manifest.seats}  # fmt: skip
        for s, seat in w.positions[folder][positions : positions + warm]:  # in both runs
            bots[seat].choose(observe(s, seat))
        for s, seat in found[: positions if n else 0]:
            bots[seat].choose(observe(s, seat))
            done += 1
    print(json.dumps({"done": done}))


def count(tree: Path, task: str, folder: str, n: int, positions: int,
          warm: int = 0) -> tuple[int, int]:  # fmt: skip
    """(instructions, actions or decisions) of one run under callgrind."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
           sys.executable, str(Path(__file__).resolve()), "--run", str(tree), "--task", task,
           "--folder", folder, "--n", str(n), "--positions", str(positions),
           "--warm", str(warm)]  # fmt: skip
    got = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tree)
    found = _COLLECTED.search(got.stderr)
    if got.returncode != 0 or found is None:
        raise SystemExit(f"{tree}: {task} under callgrind failed:\n{got.stderr[-2000:]}")
    return int(found.group(1)), int(json.loads(got.stdout.strip().splitlines()[-1])["done"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", default="0e1b190", help="the older commit (default 0e1b190)")
    ap.add_argument("--games", type=int, default=2, help="random games of the engine figure")
    ap.add_argument("--positions", type=int, default=8, help="heuristic bot decisions")
    ap.add_argument("--warm", type=int, default=0, metavar="G",
                    help="engine: random games both runs play first (default 0: cold)")
    ap.add_argument("--warm-decisions", type=int, default=0, metavar="D",
                    help="heuristic: decisions both runs make first, on other positions "
                         "(default 0: cold)")  # fmt: skip
    ap.add_argument("--warm-loads", type=int, default=0, metavar="L",
                    help="replay: loads of the save both runs make first (default 0: cold)")
    ap.add_argument("--scenario", nargs="*", default=["caucasus-2020", "georgia-2008"])
    ap.add_argument("--only", nargs="*", choices=("engine", "heuristic", "replay", "replay-all"))
    ap.add_argument("--json", metavar="FILE", help="write the counts here")
    ap.add_argument("--run", metavar="TREE", help=argparse.SUPPRESS)
    ap.add_argument("--task", help=argparse.SUPPRESS)
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        run_task(Path(args.run), args.task, args.folder, args.n, args.positions, args.warm)
        return
    if args.games < 1 or args.positions < 1 or min(args.warm, args.warm_decisions,
                                                   args.warm_loads) < 0:
        raise SystemExit("--games and --positions: give 1 or more; --warm, --warm-decisions "
                         "and --warm-loads: 0 or more")  # fmt: skip
    try:
        subprocess.run(["valgrind", "--version"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        raise SystemExit("needs valgrind (Debian: apt-get install valgrind)") from None
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="near-abroad-instructions-") as tmp:
        base_rev = extract(args.base, Path(tmp))
        trees = {"new": ROOT, "base": Path(tmp) / "tree"}
        for sc in args.scenario:
            folder = str(trees["base"] / "rules" / sc)
            for task in args.only or ["engine", "heuristic", "replay"]:
                n = args.games if task == "engine" else 3 if task.startswith("replay") else 1
                row: dict[str, Any] = {"figure": f"{task} {sc}", "folder": folder}
                for name, tree in trees.items():
                    t0 = time.perf_counter()
                    warm = {"engine": args.warm, "heuristic": args.warm_decisions}.get(
                        task, args.warm_loads)  # fmt: skip
                    full, done = count(tree, task, folder, n, args.positions, warm)
                    empty, _ = count(tree, task, folder, 0, args.positions, warm)
                    row[name] = {"instructions": full, "without_the_work": empty, "done": done,
                                 "per_unit": (full - empty) / max(1, done),
                                 "seconds_under_callgrind": time.perf_counter() - t0}  # fmt: skip
                if row["new"]["done"] != row["base"]["done"]:
                    raise SystemExit(f"{row['figure']}: the trees played different games "
                                     f"({row['new']['done']} and {row['base']['done']} "
                                     "actions): the ratio would mean nothing")  # fmt: skip
                row["ratio"] = row["base"]["per_unit"] / row["new"]["per_unit"]
                unit = {"engine": "action", "heuristic": "decision"}.get(task, "step")
                print(f"{row['figure']:28} base {row['base']['per_unit']:>14,.0f}  new "
                      f"{row['new']['per_unit']:>14,.0f} instructions per {unit}  "
                      f"({row['new']['done']} {unit}s)  {row['ratio']:.2f}x",
                      flush=True)  # fmt: skip
                rows.append(row)
    if args.json:
        out = {"benchmark": "bench/instructions.py", "base": base_rev, "head": git_head(),
               "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
               "python": sys.version.split()[0], "settings": {k: v for k, v in vars(args).items()
               if k not in ("run", "task", "folder", "n")}, "figures": rows}  # fmt: skip
        Path(args.json).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
