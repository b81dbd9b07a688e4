"""Engine benchmarks (not tests): random playouts, state copies, save and load of a full game.

Run: .venv/bin/python bench/bench_engine.py [SCENARIO] [--games N]
Targets (issue 3): >= 10,000 applied actions/s with legal_actions() at every step,
a state copy <= 20 us, save and load of a full game <= 100 ms each.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine import new_game  # noqa: E402
from game.ruleset.load import load_ruleset  # noqa: E402
from game.session import storage  # noqa: E402
from game.session.replay import resume  # noqa: E402
from game.session.session import Session  # noqa: E402


def playouts(rules, games: int) -> tuple[float, float, int]:
    rng = random.Random(1)
    actions = 0
    t0 = time.perf_counter()
    for g in range(games):
        s = new_game(rules, seed=g)
        while not s.is_over():
            acts = s.legal_actions()
            s = s.apply(s.sample_chance() if s.is_chance_node() else rng.choice(acts))
            actions += 1
    dt = time.perf_counter() - t0
    return actions / dt, games / dt, actions // games


def derive_time(rules) -> float:
    """A new state with one field changed (states are immutable: this is what a search
    that edits a position, such as a determinization, pays instead of a copy)."""
    s = new_game(rules, seed=3)
    rng = random.Random(2)
    for _ in range(200):
        if s.is_over():
            break
        s = s.apply(rng.choice(s.legal_actions()))
    n = 20000
    t0 = time.perf_counter()
    for _ in range(n):
        s.with_changes(vp=s.vp)
    return (time.perf_counter() - t0) / n * 1e6


def save_load(rules) -> tuple[float, float, int]:
    session = Session(rules, seed=5)
    rng = random.Random(5)
    while not session.state.is_over():
        session.act(rng.choice(session.state.legal_actions()))
    steps = len(session.record.steps)
    saves, loads = [], []
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "game.json"
        for _ in range(5):
            t0 = time.perf_counter()
            storage.save(session.record, path)
            saves.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            again = resume(storage.load(path), rules, str(path))
            loads.append(time.perf_counter() - t0)
            assert again.state.digest() == session.state.digest()
    return statistics.median(saves) * 1e3, statistics.median(loads) * 1e3, steps


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("scenario", nargs="?", default=str(ROOT / "rules" / "caucasus-2020"))
    p.add_argument("--games", type=int, default=30)
    args = p.parse_args()
    rules = load_ruleset(args.scenario)
    aps, gps, length = playouts(rules, args.games)
    print(
        f"scenario            {rules.id} ({len(rules.cards)} cards, {len(rules.regions)} regions)"
    )
    print(
        f"random playouts     {aps:,.0f} actions/s, {gps:.2f} games/s, "
        f"{length} actions/game (target >= 10,000 actions/s)"
    )
    print(f"derived state       {derive_time(rules):.2f} us (target <= 20 us)")
    save_ms, load_ms, steps = save_load(rules)
    print(f"save full game      {save_ms:.1f} ms ({steps} steps; target <= 100 ms)")
    print(
        f"load full game      {load_ms:.1f} ms (parse + replay + digest checks; target <= 100 ms)"
    )


if __name__ == "__main__":
    main()
