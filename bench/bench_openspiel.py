"""OpenSpiel adapter benchmark (not a test): random playouts through pyspiel vs the raw engine.

Run: .venv/bin/python bench/bench_openspiel.py [SCENARIO] [--games N]
SCENARIO is a rules folder (default: rules/caucasus-2020 if it loads, else the tiny
test scenario). Both loops do the same work per step: the legal actions (or the
chance outcomes) of every state, a uniform random decision or a chance outcome
drawn by its probability, and the apply. The adapter adds pyspiel's C++/Python
crossings, the id mapping and its legality check; clone() and serialization
(which replays the game) are timed too.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyspiel  # noqa: E402

from game.engine import CHANCE, new_game  # noqa: E402
from game.integrations.openspiel import load_game  # noqa: E402
from game.ruleset.load import load_ruleset  # noqa: E402


def engine_playouts(rules, games: int) -> tuple[float, float, int]:
    rng = random.Random(1)
    actions = 0
    t0 = time.perf_counter()
    for g in range(games):
        s = new_game(rules, seed=g)
        while not s.is_over():
            if s.current_actor() == CHANCE:
                outcomes = s.chance_outcomes()
                a = rng.choices([a for a, _ in outcomes], [p for _, p in outcomes])[0]
            else:
                a = rng.choice(s.legal_actions())
            s = s.apply(a)
            actions += 1
    dt = time.perf_counter() - t0
    return actions / dt, games / dt, actions // games


def adapter_playouts(game, games: int) -> tuple[float, float, int]:
    rng = random.Random(1)
    actions = 0
    t0 = time.perf_counter()
    for _ in range(games):
        state = game.new_initial_state()
        while not state.is_terminal():
            if state.is_chance_node():
                outcomes = state.chance_outcomes()
                a = rng.choices([a for a, _ in outcomes], [p for _, p in outcomes])[0]
            else:
                a = rng.choice(state.legal_actions())
            state.apply_action(a)
            actions += 1
    dt = time.perf_counter() - t0
    return actions / dt, games / dt, actions // games


def midgame(game):
    state = game.new_initial_state()
    rng = random.Random(4)
    while not state.is_terminal() and len(state.history()) < 60:
        if state.is_chance_node():
            state.apply_action(rng.choice([a for a, _ in state.chance_outcomes()]))
        else:
            state.apply_action(rng.choice(state.legal_actions()))
    return state


def per_call_us(fn, n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", default=None)
    ap.add_argument("--games", type=int, default=200)
    args = ap.parse_args()
    if args.scenario:
        rules = load_ruleset(args.scenario)
    else:
        try:
            rules = load_ruleset(ROOT / "rules" / "caucasus-2020")
        except Exception as exc:
            print(f"rules/caucasus-2020 does not load ({str(exc).splitlines()[0][:120]}); tiny")
            rules = load_ruleset(ROOT / "tests" / "scenarios" / "tiny")
    game = load_game(rules)
    print(f"scenario {rules.id} ({game}), {args.games} random games each")
    print(
        f"  action ids: {game.num_distinct_actions()} decisions, "
        f"{game.max_chance_outcomes()} chance outcomes; max game length "
        f"{game.max_game_length()} decisions + {game.max_chance_nodes_in_history()} chance"
    )
    e_aps, e_gps, e_len = engine_playouts(rules, args.games)
    a_aps, a_gps, a_len = adapter_playouts(game, args.games)
    print(f"  raw engine : {e_aps:10,.0f} actions/s  {e_gps:8,.1f} games/s  ({e_len} actions/game)")
    print(f"  adapter    : {a_aps:10,.0f} actions/s  {a_gps:8,.1f} games/s  ({a_len} actions/game)")
    print(f"  adapter / engine: {a_aps / e_aps:.2f}x")
    state = midgame(game)
    n = len(state.history())
    print(f"  clone() after {n} actions: {per_call_us(state.clone, 2000):8.1f} us")
    text = pyspiel.serialize_game_and_state(game, state)
    ser = per_call_us(lambda: pyspiel.serialize_game_and_state(game, state), 200)
    de = per_call_us(lambda: pyspiel.deserialize_game_and_state(text), 200)
    print(f"  serialize: {ser:8.1f} us   deserialize (replays {n} actions): {de:8.1f} us")

    def fresh_info() -> str:
        state._node.strings.clear()  # strings are cached per position: time the rendering
        return state.information_state_string(0)

    info = per_call_us(fresh_info, 500)
    print(f"  information_state_string (uncached, after {n} actions): {info:8.1f} us")


if __name__ == "__main__":
    main()
