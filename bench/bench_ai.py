"""Bot benchmark (not a test): ISMCTS speed, decision times, and OpenSpiel's MCTS as a yardstick.

Run: .venv/bin/python bench/bench_ai.py [--positions 16] [--h2h-games 20] [--h2h-seconds 0.2]
     [--skip-h2h] [--workers 2]
     [--h2h-only --h2h-first 24 --h2h-out FILE.jsonl]  (more head-to-head games, to pool)

1. ISMCTS iterations per second on positions of seeded random games of the
   default scenario (the whole decision, candidates included, and the search
   alone), for the default bot and for plain ISMCTS (single-action root edges).
2. Decision time of each bot at each difficulty (median and maximum): the
   ``normal`` ISMCTS target is 1 s.
3. OpenSpiel's Python MCTS (``open_spiel.python.algorithms.mcts.MCTSBot``) on
   the same game through the adapter (``game/integrations/openspiel.py``):
   - as shipped, with ``RandomRolloutEvaluator`` (roll-outs to the end);
   - with *the same settings* as ours: a roll-out of the same length, then
     our evaluation (shares per seat) -- so the ratio measures the search
     machinery, not the choice of roll-out;
   iterations per second of both and their ratio (target >= 1.5x); and
   ``pyspiel.ISMCTSBot`` when it can run on a Python game.
4. Head-to-head at equal time per decision: our ISMCTS (``seconds``) on half
   the seats against OpenSpiel's MCTS (same settings, its simulations
   calibrated to the same time) on the other half, seats swapped every other
   game; our win share with a 95% Wilson interval (target >= 55%). OpenSpiel's
   MCTS searches the true state (it sees every hand): it is a perfect-information
   algorithm, which only makes it a harder yardstick.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from open_spiel.python.algorithms import mcts  # noqa: E402

from bench.ladder import duplicate, splits, writable  # noqa: E402
from game.ai import ISMCTSBot, make_bot, observe  # noqa: E402
from game.ai.rollout import RolloutPolicy  # noqa: E402
from game.ai.value import Evaluator  # noqa: E402
from game.engine import State  # noqa: E402
from game.integrations.openspiel import load_game  # noqa: E402
from game.ruleset.load import load_ruleset  # noqa: E402
from game.sim.stats import wilson  # noqa: E402

SCENARIO = ROOT / "rules" / "caucasus-2020"
ROLLOUT = 12
"""Roll-out length of both searches in the equal-settings comparison."""


class TruncatedEvaluator(mcts.Evaluator):  # type: ignore[misc]
    """OpenSpiel evaluator with our settings: ``ROLLOUT`` actions of our roll-out policy
    (uniform, no focus), then our objective-based shares of every seat."""

    def __init__(self, rules: Any, seed: int):
        self.evaluator = Evaluator(rules, tuple(rules.manifest.seats), {})
        self.policy = RolloutPolicy(rules, {})
        self.rng = random.Random(seed)

    def evaluate(self, state: Any) -> np.ndarray:
        s = self.policy.play(state.engine_state, ROLLOUT, self.rng)
        return np.array(self.evaluator.shares(s))

    def prior(self, state: Any) -> list[tuple[int, float]]:
        if state.is_chance_node():
            return list(state.chance_outcomes())
        legal = state.legal_actions()
        return [(a, 1.0 / len(legal)) for a in legal]


def positions(rules: Any, n: int, seed: int = 1) -> list[tuple[State, list[int]]]:
    """Decision positions (more than one legal action) of seeded random games, with the
    OpenSpiel action ids that lead to each (to rebuild it in the adapter)."""
    game = load_game(rules)
    rng = random.Random(seed)
    out: list[tuple[State, list[int]]] = []
    g = 0
    while len(out) < n:
        st = game.new_initial_state()
        ids: list[int] = []
        while not st.is_terminal() and len(out) < n:
            if st.is_chance_node():
                acts, probs = zip(*st.chance_outcomes(), strict=True)
                a = rng.choices(acts, probs)[0]
            else:
                legal = st.legal_actions()
                if len(legal) > 1 and rng.random() < 0.02:
                    out.append((st.engine_state, list(ids)))
                a = rng.choice(legal)
            st.apply_action(a)
            ids.append(a)
        g += 1
    return out


def spiel_state(game: Any, ids: list[int]) -> Any:
    st = game.new_initial_state()
    for a in ids:
        st.apply_action(a)
    return st


def ours_speed(rules: Any, pos: list[tuple[State, list[int]]], **kw: Any) -> tuple[float, float]:
    """(iterations per second of whole decisions, of the search alone)."""
    its = 0
    total = search = 0.0
    for s, _ in pos:
        seat = s.current_actor()
        bot = ISMCTSBot(seat, rules, seed=1, **kw)
        view = observe(s, seat)
        t0 = time.perf_counter()
        cands = bot.candidates(view)
        t1 = time.perf_counter()
        bot.search(view, cands)
        t2 = time.perf_counter()
        its += bot.last_iterations
        total += t2 - t0
        search += t2 - t1
    return its / total, its / search


def spiel_speed(rules: Any, pos: list[tuple[State, list[int]]], evaluator: Any, sims: int) -> float:
    game = load_game(rules)
    elapsed = 0.0
    for _, ids in pos:
        st = spiel_state(game, ids)
        bot = mcts.MCTSBot(
            game, 2.0, sims, evaluator, solve=False, random_state=np.random.RandomState(1)
        )
        t0 = time.perf_counter()
        bot.step(st)
        elapsed += time.perf_counter() - t0
    return sims * len(pos) / elapsed


def shared_fraction(run: Any) -> float:
    """Under cProfile, the share of ``run()``'s time spent in the roll-out policy and the
    evaluation -- the parts both searches share in the equal-settings comparison."""
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    run()
    prof.disable()
    stats = pstats.Stats(prof)
    shared = sum(
        cumulative
        for (file, _, name), (_, _, _, cumulative, _) in stats.stats.items()  # type: ignore[attr-defined]
        if (name, Path(file).name) in (("play", "rollout.py"), ("shares", "value.py"))
    )
    return shared / stats.total_tt  # type: ignore[attr-defined]


def spiel_ismcts(rules: Any, pos: list[tuple[State, list[int]]]) -> str:
    """pyspiel's C++ ISMCTS on the Python game, if it can run there; a line for the report.

    Run in a child process: with pyspiel 2.0.2 the C++ ISMCTS crashes (segmentation
    fault) on this Python game, also when the state is given a
    ``resample_from_infostate`` built on our determinization (tried by hand).
    """
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "import time, pyspiel\n"
        "from game.integrations.openspiel import load_game\n"
        "from game.ruleset.load import load_ruleset\n"
        f"game = load_game(load_ruleset({str(SCENARIO)!r})); st = game.new_initial_state()\n"
        f"for a in {pos[0][1]!r}: st.apply_action(a)\n"
        "bot = pyspiel.ISMCTSBot(1, pyspiel.RandomRolloutEvaluator(1, 1), 2.0, 5)\n"
        "t0 = time.perf_counter(); bot.step(st)\n"
        "print(f'{5 / (time.perf_counter() - t0):.1f} iterations/s')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    if run.returncode == 0:
        return "ran: " + run.stdout.strip()
    why = run.stderr.strip().splitlines()[-1:] or [f"exit status {run.returncode}"]
    if run.returncode < 0:
        why = [f"killed by signal {-run.returncode} (a crash inside pyspiel)"]
    return f"cannot run on the Python game: {why[0][:200]}"


def decision_times(rules: Any, pos: list[tuple[State, list[int]]]) -> None:
    for kind in ("heuristic", "ismcts"):
        for difficulty in ("easy", "normal", "hard"):
            sample = pos if not (kind == "ismcts" and difficulty == "hard") else pos[:4]
            times = []
            for s, _ in sample:
                seat = s.current_actor()
                bot = make_bot(kind, seat, rules, difficulty, seed=1)
                t0 = time.perf_counter()
                bot.choose(observe(s, seat))
                times.append(time.perf_counter() - t0)
            print(
                f"  {kind:9s} {difficulty:6s}: median {statistics.median(times) * 1000:7.0f} ms,"
                f" max {max(times) * 1000:7.0f} ms ({len(times)} positions, a fresh search each)"
            )


def ours_decision_seconds(rules: Any, pos: list[tuple[State, list[int]]], seconds: float) -> float:
    """Mean wall time of our ISMCTS decision under a ``seconds`` limit, on ``pos``."""
    took = []
    for s, _ in pos:
        seat = s.current_actor()
        bot = ISMCTSBot(seat, rules, seed=1, iterations=None, seconds=seconds)
        t0 = time.perf_counter()
        bot.choose(observe(s, seat))
        took.append(time.perf_counter() - t0)
    return statistics.mean(took)


# -- head to head ------------------------------------------------------------------------------
def h2h_game(job: dict[str, Any]) -> dict[str, Any]:
    rules = load_ruleset(job["scenario"])
    game = load_game(rules)
    st = game.new_initial_state()
    seats = tuple(rules.manifest.seats)
    ours = {
        seat: ISMCTSBot(seat, rules, seed=job["seed"] + i, iterations=None, seconds=job["seconds"])
        for i, seat in enumerate(seats)
        if seat in job["ours"]
    }
    theirs = mcts.MCTSBot(
        game,
        2.0,
        job["sims"],
        TruncatedEvaluator(rules, job["seed"]),
        solve=False,
        random_state=np.random.RandomState(job["seed"]),
    )
    rng = random.Random(job["seed"])
    t_ours = t_theirs = 0.0
    n_ours = n_theirs = 0
    while not st.is_terminal():
        if st.is_chance_node():
            acts, probs = zip(*st.chance_outcomes(), strict=True)
            st.apply_action(rng.choices(acts, probs)[0])
            continue
        seat = seats[st.current_player()]
        if len(st.legal_actions()) == 1:
            st.apply_action(st.legal_actions()[0])
            continue
        t0 = time.perf_counter()
        if seat in ours:
            action = ours[seat].choose(observe(st.engine_state, seat))
            st.apply_action(st.action_id(action))
            t_ours += time.perf_counter() - t0
            n_ours += 1
        else:
            st.apply_action(theirs.step(st))
            t_theirs += time.perf_counter() - t0
            n_theirs += 1
    returns = st.returns()
    end = st.engine_state
    scores = end.scores()
    share = sum(r for s, r in zip(seats, returns, strict=True) if s in job["ours"])
    return {  # the ladder's fields too, so ``ladder.py --summary`` reads a saved run
        "game": job["game"],
        "a_seats": job["ours"],
        "scores": scores,
        "share": share,
        "a_share": share,
        "decided": sum(returns) > 0,
        "winners": list(end.result.winners) if end.result else [],
        "reason": end.result.reason if end.result else "",
        "a_vp": sum(v for k, v in scores.items() if k in job["ours"]),
        "vp": sum(max(0, v) for v in scores.values()),
        "seconds": t_ours + t_theirs,
        "decisions": n_ours + n_theirs,
        "ours_ms": 1000 * t_ours / max(1, n_ours),
        "theirs_ms": 1000 * t_theirs / max(1, n_theirs),
    }


def head_to_head(
    rules: Any,
    games: int,
    seconds: float,
    sims: int,
    workers: int,
    first: int = 0,
    out: Path | None = None,
) -> None:
    """Games ``first`` .. ``first + games - 1`` (game g: seed 7000 + g // 2), each result
    appended to ``out`` (JSON Lines) so runs can be pooled with ``ladder.py --summary``."""
    seats = tuple(rules.manifest.seats)
    sides = splits(seats)
    jobs = []
    for g in range(first, first + games):
        side = sides[(g // 2) % len(sides)]
        mine = side if g % 2 == 0 else frozenset(seats) - side
        jobs.append(
            {
                "game": g,
                "scenario": str(SCENARIO),
                "seed": 7000 + g // 2,
                "ours": sorted(mine),
                "seconds": seconds,
                "sims": sims,
            }
        )
    t0 = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        results = list(pool.imap_unordered(h2h_game, jobs))
    if out is not None:
        with out.open("a", encoding="utf-8") as fh:
            for r in sorted(results, key=lambda r: r["game"]):
                fh.write(json.dumps({"a": "ismcts", "b": "openspiel-mcts", **r}) + "\n")
    decided = [r for r in results if r["decided"]]
    wins = sum(r["share"] for r in decided)
    lo, hi = wilson(wins, len(decided))
    dup = duplicate(results, seats)
    d_lo, d_hi = wilson(dup["a_wins"], dup["pairs"])
    ours_ms = statistics.mean(r["ours_ms"] for r in results)
    theirs_ms = statistics.mean(r["theirs_ms"] for r in results)
    print(
        f"  our ISMCTS ({seconds:.2f} s a decision) vs OpenSpiel MCTS ({sims} simulations, same "
        f"roll-out and evaluation): we win {wins / max(1, len(decided)):.1%} of "
        f"{len(decided)} decided games (95% CI {lo:.1%}-{hi:.1%}); "
        f"{games - len(decided)} ended with everyone losing"
    )
    print(
        f"  duplicate pairs (same seed, seats swapped, more VP wins): we win "
        f"{dup['a_wins'] / max(1, dup['pairs']):.1%} of {dup['pairs']} "
        f"(95% CI {d_lo:.1%}-{d_hi:.1%})"
    )
    print(
        f"  mean decision: ours {ours_ms:.0f} ms, theirs {theirs_ms:.0f} ms; "
        f"{time.perf_counter() - t0:.0f} s"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--positions", type=int, default=16)
    ap.add_argument("--h2h-games", type=int, default=20)
    ap.add_argument("--h2h-seconds", type=float, default=0.2)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip-h2h", action="store_true")
    ap.add_argument("--h2h-only", action="store_true", help="only the head-to-head")
    ap.add_argument("--h2h-first", type=int, default=0, help="number of the first game")
    ap.add_argument("--h2h-out", help="append each head-to-head game to this JSON Lines file")
    args = ap.parse_args()
    rules = load_ruleset(SCENARIO)
    pos = positions(rules, args.positions)
    print(f"{rules.id}: {len(pos)} positions from seeded random games")
    if args.h2h_only:
        h2h(args, rules, pos, spiel_speed(rules, pos, TruncatedEvaluator(rules, 1), 100))
        return

    print("ISMCTS iterations per second (200 iterations a decision):")
    whole, alone = ours_speed(rules, pos, iterations=200)
    print(
        f"  default (4 candidate card plays, roll-out 24): {whole:6.0f} it/s whole decision, "
        f"{alone:6.0f} it/s search alone"
    )
    whole0, _ = ours_speed(rules, pos, iterations=200, lines=0, rollout=ROLLOUT, focus=False)
    print(f"  plain (single actions at the root, roll-out {ROLLOUT}): {whole0:6.0f} it/s")
    whole_full, _ = ours_speed(rules, pos[:4], iterations=4, lines=0, rollout=10**6, focus=False)
    print(f"  plain, random roll-outs to the end of the game: {whole_full:6.1f} it/s")

    print("decision time by difficulty:")
    decision_times(rules, pos)

    print("OpenSpiel's Python MCTS on the same game (adapter):")
    full = spiel_speed(rules, pos[:4], mcts.RandomRolloutEvaluator(1, np.random.RandomState(1)), 4)
    print(
        f"  as shipped (random roll-outs to the end): {full:7.1f} it/s -> ours: plain with the "
        f"same roll-outs {whole_full / full:.2f}x, default {whole / full:.0f}x"
    )
    same = spiel_speed(rules, pos, TruncatedEvaluator(rules, 1), 100)
    print(
        f"  same settings (roll-out {ROLLOUT}, our evaluation): {same:7.0f} it/s -> ours (plain) "
        f"{whole0 / same:.2f}x, ours (default) {whole / same:.2f}x"
    )
    ours_shared = shared_fraction(
        lambda: ours_speed(rules, pos[:8], iterations=200, lines=0, rollout=ROLLOUT, focus=False)
    )
    theirs_shared = shared_fraction(
        lambda: spiel_speed(rules, pos[:8], TruncatedEvaluator(rules, 1), 200)
    )
    print(
        f"  time in the shared roll-out and evaluation (profiled): ours {ours_shared:.0%}, "
        f"OpenSpiel's {theirs_shared:.0%} -> at most {1 / theirs_shared:.2f}x with no search "
        "overhead at all"
    )
    print(f"  pyspiel.ISMCTSBot: {spiel_ismcts(rules, pos)}")

    if not args.skip_h2h:
        h2h(args, rules, pos, same)


def h2h(
    args: argparse.Namespace, rules: Any, pos: list[tuple[State, list[int]]], same: float
) -> None:
    """The head-to-head at equal time; ``same``: OpenSpiel's it/s with our settings."""
    out = writable(Path(args.h2h_out)) if args.h2h_out else None
    # Equal time: OpenSpiel's simulations fill the time our decisions really take
    # (the candidates' set-up comes on top of the search's time limit).
    took = ours_decision_seconds(rules, pos, args.h2h_seconds)
    sims = max(1, int(same * took))
    print(
        f"  our decision with a {args.h2h_seconds:.2f} s limit takes {took * 1000:.0f} ms "
        f"on average: OpenSpiel's MCTS gets {sims} simulations"
    )
    print(f"head to head at equal time ({args.h2h_games} games, {args.workers} workers):")
    head_to_head(rules, args.h2h_games, args.h2h_seconds, sims, args.workers, args.h2h_first, out)


if __name__ == "__main__":
    main()
