"""Speed against an older commit (not a test): the same benchmarks on two trees, interleaved.

Run: .venv/bin/python bench/compare.py --base 0e1b190 [--rounds 5] [--json FILE]

The older commit is extracted with ``git archive`` into a temporary folder. One
worker process runs the working tree's code and one the base's (each imports
``game`` from its own tree; the worker checks it did); the parent sends each a
task in turn, round after round, alternating which goes first, so a machine
that slows down or speeds up during the run slows both alike. Each figure is
the median over the rounds, and the ratio says how many times faster the
working tree is (above 1: faster). OpenSpiel's Python tic-tac-toe is timed in
the same run as the yardstick the issue names.

Both trees play the same rules, so the ratio is the engine's, not the
scenario's: the working tree's scenario folders when the base can load them,
else the base's when the working tree can (``--rules base`` prefers those),
else each plays its own and the output says so. The JSON names the folders.

Figures:

- ``engine``: random play with ``legal_actions()`` at every step (and the
  state's own chance draws), in actions per second.
- ``replay``: a finished random game's save parsed and replayed to a live
  session (``storage.loads`` + ``replay.resume``, digests checked), in steps
  per second (the two trees' games differ in length when their rules do).
- ``heuristic``: the heuristic bot's decision on positions of seeded random
  games, in ms per decision.
- ``load``: ``load_ruleset`` of the scenario folder, in ms.
- ``ismcts``: the ISMCTS bot's search at a fixed budget of iterations (no time
  limit) on the heuristic figure's positions, in iterations per second: at the
  same time per decision a tree that runs more iterations searches deeper.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ("caucasus-2020", "georgia-2008")
HIGHER_IS_BETTER = {"engine": True, "replay": True, "heuristic": False, "load": False,
                    "ismcts": True}  # fmt: skip
UNITS = {"engine": "actions/s", "replay": "steps/s", "heuristic": "ms", "load": "ms",
         "ismcts": "iterations/s"}  # fmt: skip


# -- the worker: one tree's code ---------------------------------------------------------------
class Worker:
    """Runs tasks with the ``game`` package of one tree (already first on sys.path)."""

    def __init__(self) -> None:
        self.rules: dict[str, Any] = {}
        self.saves: dict[str, str] = {}
        self.positions: dict[str, list[tuple[Any, str]]] = {}
        self.state: Any = None
        self.bots: dict[str, Any] = {}
        """The game of a match against the other tree (match_*), and this tree's bots in it."""

    def ruleset(self, folder: str) -> Any:
        from game.ruleset.load import load_ruleset

        if folder not in self.rules:
            self.rules[folder] = load_ruleset(folder)
        return self.rules[folder]

    def engine(self, folder: str, games: int, seed: int) -> float:
        from game.engine import new_game

        rules = self.ruleset(folder)
        rng = random.Random(seed)
        actions = 0
        t0 = time.perf_counter()
        for g in range(games):
            s = new_game(rules, seed=seed * 1000 + g)
            while not s.is_over():
                acts = s.legal_actions()
                s = s.apply(s.sample_chance() if s.is_chance_node() else rng.choice(acts))
                actions += 1
        return actions / (time.perf_counter() - t0)

    def replay(self, folder: str, repeats: int) -> float:
        from game.session import storage
        from game.session.replay import resume
        from game.session.session import Session

        rules = self.ruleset(folder)
        if folder not in self.saves:
            session = Session(rules, seed=5)
            rng = random.Random(5)
            while not session.state.is_over():
                session.act(rng.choice(session.state.legal_actions()))
            self.saves[folder] = storage.dumps(session.record)
        text = self.saves[folder]
        steps = 0
        t0 = time.perf_counter()
        for _ in range(repeats):
            steps += len(resume(storage.loads(text), rules).record.steps)
        return steps / (time.perf_counter() - t0)

    def ismcts(self, folder: str, positions: int, iterations: int) -> float:
        from game.ai.determinize import observe
        from game.ai.registry import make_bot

        rules = self.ruleset(folder)
        self.find_positions(folder, positions)
        views = [(observe(s, seat), seat) for s, seat in self.positions[folder][:positions]]
        bots = {seat: make_bot("ismcts", seat, rules, seed=3, iterations=iterations,
                               seconds=None) for seat in rules.manifest.seats}  # fmt: skip
        t0 = time.perf_counter()
        for view, seat in views:
            bots[seat].choose(view)
        return len(views) * iterations / (time.perf_counter() - t0)

    def find_positions(self, folder: str, positions: int) -> None:
        """Seat decisions of seeded random games (the same on both trees' engines)."""
        from game.engine import new_game

        rules = self.ruleset(folder)
        if len(self.positions.get(folder, ())) < positions:
            found: list[tuple[Any, str]] = []
            rng = random.Random(11)
            seats = set(rules.manifest.seats)
            for g in range(200):
                s = new_game(rules, seed=100 + g)
                while not s.is_over() and len(found) < positions:
                    seat = s.current_actor()
                    if seat in seats and rng.random() < 0.08:
                        found.append((s, seat))
                    acts = s.legal_actions()
                    s = s.apply(s.sample_chance() if s.is_chance_node() else rng.choice(acts))
                if len(found) >= positions:
                    break
            self.positions[folder] = found

    def heuristic(self, folder: str, positions: int) -> float:
        from game.ai.determinize import observe
        from game.ai.registry import make_bot

        rules = self.ruleset(folder)
        self.find_positions(folder, positions)
        bots = {seat: make_bot("heuristic", seat, rules, seed=3) for seat in rules.manifest.seats}
        views = [(observe(s, seat), seat) for s, seat in self.positions[folder][:positions]]
        t0 = time.perf_counter()
        for view, seat in views:
            bots[seat].choose(view)
        return (time.perf_counter() - t0) / len(views) * 1e3

    def load(self, folder: str, repeats: int) -> float:
        from game.ruleset.load import load_ruleset

        t0 = time.perf_counter()
        for _ in range(repeats):
            load_ruleset(folder)
        return (time.perf_counter() - t0) / repeats * 1e3

    # -- a game against the other tree's bots (bench/ladder_base.py) -------------------------
    def match_start(self, folder: str, seed: int, mine: list[str], settings: dict[str, Any],
                    bot_seed: int) -> list[Any]:  # fmt: skip
        """A new game of ``folder`` from ``seed``; this tree's ISMCTS plays the seats in
        ``mine`` (the other tree's, the rest). Returns who is to act and whether it is over."""
        from game.ai.registry import make_bot
        from game.engine import new_game

        rules = self.ruleset(folder)
        self.state = new_game(rules, seed=seed)
        self.bots = {seat: make_bot("ismcts", seat, rules, seed=bot_seed + i, **settings)
                     for i, seat in enumerate(rules.manifest.seats) if seat in mine}  # fmt: skip
        return self.match_where()

    def match_where(self) -> list[Any]:
        """What the two trees must agree on after every step: who acts, whether it is over,
        every legal action (by its text) and the scores."""
        s = self.state
        return [s.current_actor(), s.is_over(), sorted(map(str, s.legal_actions())),
                s.scores()]  # fmt: skip

    def match_chance(self) -> str:
        return str(self.state.sample_chance())

    def match_decide(self, seat: str) -> list[Any]:
        """This tree's bot's action for ``seat`` and the seconds it took."""
        t0 = time.perf_counter()
        action = self.bots[seat].choose(self.state.view_for(seat, with_log=False))
        return [str(action), time.perf_counter() - t0]

    def match_apply(self, action: str) -> list[Any]:
        self.state = self.state.apply(action)
        return self.match_where()

    def match_end(self) -> dict[str, Any]:
        s = self.state
        return {"scores": s.scores(), "returns": dict(zip(s.seats, s.returns(), strict=True)),
                "winners": list(s.result.winners), "reason": s.result.reason}  # fmt: skip

    def tictactoe(self, games: int) -> float:
        import open_spiel.python.games  # noqa: F401  (registers python_tic_tac_toe)
        import pyspiel

        game = pyspiel.load_game("python_tic_tac_toe")
        rng = random.Random(1)
        actions = 0
        t0 = time.perf_counter()
        for _ in range(games):
            state = game.new_initial_state()
            while not state.is_terminal():
                state.apply_action(rng.choice(state.legal_actions()))
                actions += 1
        return actions / (time.perf_counter() - t0)


def worker_main(tree: Path) -> None:
    """Answer one JSON task per line on stdin with one JSON line on stdout."""
    sys.path.insert(0, str(tree))
    import game

    where = Path(game.__file__).resolve()
    if tree.resolve() not in where.parents:
        raise SystemExit(f"the worker for {tree} imported game from {where}")
    w = Worker()
    print(json.dumps({"ready": str(where.parent)}), flush=True)
    for line in sys.stdin:
        task = json.loads(line)
        try:
            value = getattr(w, task["task"])(**task["args"])
            print(json.dumps({"value": value}), flush=True)
        except Exception as e:  # the parent says which task failed on which tree
            print(json.dumps({"error": f"{type(e).__name__}: {e}"}), flush=True)


# -- the parent ---------------------------------------------------------------------------------
class Side:
    """A worker process for one tree."""

    def __init__(self, name: str, tree: Path):
        self.name, self.tree = name, tree
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker", str(tree)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=tree,
        )  # fmt: skip
        hello = self._read()
        if "ready" not in hello:
            raise SystemExit(f"{name}: the worker did not start: {hello}")

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"{self.name}: the worker stopped (see its error above)")
        return dict(json.loads(line))

    def run(self, task: str, **args: Any) -> Any:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"task": task, "args": args}) + "\n")
        self.proc.stdin.flush()
        got = self._read()
        if "error" in got:
            raise RuntimeError(f"{self.name}: {task} {args}: {got['error']}")
        return got["value"]

    def close(self) -> None:
        """End the worker: it stops when its input closes, or is killed after 30 s."""
        if self.proc.stdin is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


def extract(rev: str, into: Path) -> str:
    """The commit ``rev`` as files under ``into``; returns its full hash."""
    full = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", f"{rev}^{{commit}}"],
                          capture_output=True, text=True)  # fmt: skip
    if full.returncode != 0:
        raise SystemExit(f"--base {rev}: not a commit of this repository")
    archive = into / "base.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), full.stdout.strip()],
                   check=True)  # fmt: skip
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    return full.stdout.strip()


def git_head() -> str:
    out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                         text=True)  # fmt: skip
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "game", "rules"],
                           capture_output=True, text=True).stdout.strip()  # fmt: skip
    return out.stdout.strip() + (" (+ uncommitted changes)" if dirty else "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", default="0e1b190", help="the older commit (default 0e1b190)")
    ap.add_argument("--rounds", type=int, default=5, help="rounds of every task (default 5)")
    ap.add_argument("--games", type=int, default=6, help="random games per engine task")
    ap.add_argument("--positions", type=int, default=60, help="heuristic bot positions")
    ap.add_argument("--only", nargs="*", choices=sorted(HIGHER_IS_BETTER), help="some figures")
    ap.add_argument("--scenario", nargs="*", default=list(SCENARIOS))
    ap.add_argument("--rules", choices=("new", "base"), default="new",
                    help="whose rules both trees play, if both can load them (default: the "
                    "working tree's; else the other's; else each its own)")  # fmt: skip
    ap.add_argument("--json", metavar="FILE", help="write every round's figures here")
    ap.add_argument("--worker", metavar="TREE", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker_main(Path(args.worker))
        return
    if args.rounds < 1 or args.games < 1 or args.positions < 1:
        raise SystemExit("--rounds, --games and --positions: give 1 or more")
    wanted = args.only or list(HIGHER_IS_BETTER)
    with tempfile.TemporaryDirectory(prefix="near-abroad-compare-") as tmp:
        base_rev = extract(args.base, Path(tmp))
        sides = [Side("new", ROOT), Side("base", Path(tmp) / "tree")]
        rules_of: dict[str, dict[str, str]] = {"new": {}, "base": {}}
        for sc in args.scenario:
            mine, theirs = str(ROOT / "rules" / sc), str(Path(tmp) / "tree" / "rules" / sc)
            for folder in ([mine, theirs] if args.rules == "new" else [theirs, mine]):
                try:  # the same rules on both sides, if both can load them
                    for side in sides:
                        side.run("load", folder=folder, repeats=1)
                except RuntimeError as e:
                    print(f"not both trees load {folder}: {str(e)[:160]}")
                    continue
                rules_of["new"][sc] = rules_of["base"][sc] = folder
                break
            else:
                print(f"{sc}: each tree plays its own rules")
                rules_of["new"][sc], rules_of["base"][sc] = mine, theirs
        tasks: list[tuple[str, str, dict[str, Any]]] = []
        for sc in args.scenario:
            for fig in wanted:
                extra = {"engine": {"games": args.games, "seed": 1}, "replay": {"repeats": 3},
                         "heuristic": {"positions": args.positions},
                         "load": {"repeats": 3},
                         "ismcts": {"positions": 8, "iterations": 150}}[fig]  # fmt: skip
                tasks.append((fig, sc, extra))
        raw: dict[str, dict[str, list[float]]] = {}
        ttt: list[float] = []
        for r in range(args.rounds):
            order = sides if r % 2 == 0 else sides[::-1]
            for fig, sc, extra in tasks:
                for side in order:
                    v = side.run(fig, folder=rules_of[side.name][sc], **extra)
                    raw.setdefault(f"{fig} {sc}", {}).setdefault(side.name, []).append(v)
            ttt.append(sides[0].run("tictactoe", games=2000))
            print(f"round {r + 1}/{args.rounds} done", file=sys.stderr, flush=True)
        for side in sides:
            side.close()
    report(args, base_rev, raw, ttt, rules_of)


def report(args: argparse.Namespace, base_rev: str, raw: dict[str, dict[str, list[float]]],
           ttt: list[float], rules_of: dict[str, dict[str, str]]) -> None:  # fmt: skip
    tic = statistics.median(ttt)
    print(f"\nworking tree {git_head()} vs base {base_rev[:10]}, {args.rounds} rounds, "
          f"medians; OpenSpiel Python tic-tac-toe {tic:,.0f} actions/s")  # fmt: skip
    print(f"{'figure':34} {'base':>12} {'new':>12} {'speed-up':>9}  {'new/tic-tac-toe':>15}")
    rows = []
    for name, by in raw.items():
        fig = name.split()[0]
        b, n = statistics.median(by["base"]), statistics.median(by["new"])
        up = n / b if HIGHER_IS_BETTER[fig] else b / n
        unit = UNITS[fig]
        vs = f"{n / tic:.3f}" if fig == "engine" else ""
        print(f"{name + ' (' + unit + ')':34} {b:12,.2f} {n:12,.2f} {up:8.2f}x  {vs:>15}")
        rows.append({"figure": name, "unit": unit, "base_median": b, "new_median": n,
                     "speedup": up, "base": by["base"], "new": by["new"]})  # fmt: skip
    if args.json:
        out = {"benchmark": "bench/compare.py", "base": base_rev, "head": git_head(),
               "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
               "cpu_count": os.cpu_count(), "python": sys.version.split()[0],
               "settings": {k: v for k, v in vars(args).items() if k != "worker"},
               "rules": rules_of, "tictactoe_actions_per_s": ttt, "figures": rows}  # fmt: skip
        Path(args.json).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
