"""Batch simulation: many seeded games with bots, summarised per actor.

Used by `near-abroad simulate` to answer 'who wins, how often, and how long do
games run' before a class plays a scenario.
"""

from __future__ import annotations

from collections import Counter

import attrs

from game.ai.random_bot import RandomBot
from game.engine import new_game
from game.ruleset.model import Ruleset


@attrs.frozen
class GameSummary:
    """The outcome of one simulated game."""

    seed: int
    kind: str
    winners: tuple[str, ...]
    reason: str
    vp: dict[str, int]
    steps: int
    turns: int


def play_random(rules: Ruleset, seed: int) -> GameSummary:
    """One game with a random bot in every seat, chance from the state's generator."""
    state = new_game(rules, seed=seed)
    bot = RandomBot(seed)
    while not state.is_over():
        if state.is_chance_node():
            state = state.apply(state.sample_chance())
        else:
            seat = state.current_actor()
            assert seat is not None
            state = state.apply(bot.choose(state.view_for(seat, with_log=False)))
    assert state.result is not None
    return GameSummary(
        seed,
        state.result.kind,
        state.result.winners,
        state.result.reason,
        state.scores(),
        state.step,
        state.turn,
    )


def run_batch(rules: Ruleset, games: int, seed: int) -> list[GameSummary]:
    return [play_random(rules, seed + i) for i in range(games)]


def summary_text(rules: Ruleset, results: list[GameSummary]) -> str:
    n = len(results)
    lines = [
        f"{n} random games of {rules.manifest.title} (seeds {results[0].seed}..{results[-1].seed})"
    ]
    wins: Counter[str] = Counter()
    shares: Counter[str] = Counter()
    for r in results:
        for w in r.winners:
            (wins if r.kind == "win" else shares)[w] += 1
    lines.append(f"{'seat':<12}{'wins':>6}{'win %':>8}{'shared':>8}{'mean VP':>9}")
    for seat in rules.manifest.seats:
        mean = sum(r.vp[seat] for r in results) / n
        lines.append(
            f"{seat:<12}{wins[seat]:>6}{100 * wins[seat] / n:>7.1f}%{shares[seat]:>8}{mean:>9.1f}"
        )
    kinds = Counter(r.kind for r in results)
    early = sum(1 for r in results if r.reason != "the last turn is over")
    steps = sorted(r.steps for r in results)
    lines.append(
        f"results: {dict(sorted(kinds.items()))}; ended early (sudden death): {early} "
        f"({100 * early / n:.1f}%)"
    )
    lines.append(
        f"game length in actions: min {steps[0]}, median {steps[n // 2]}, "
        f"max {steps[-1]}; turns played: mean "
        f"{sum(r.turns for r in results) / n:.1f}"
    )
    reasons = Counter(r.reason for r in results)
    lines.append("endings: " + "; ".join(f"{k} ×{v}" for k, v in reasons.most_common()))
    return "\n".join(lines)
