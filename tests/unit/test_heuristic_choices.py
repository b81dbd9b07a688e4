"""The heuristic bot decides exactly as it did when its speed work began (issue 17): fixed
seeds, every seat a heuristic bot, each decision compared with the one recorded in
tests/data/bots/heuristic-choices.json. A change of rules or of the bot's judgement (not of
its speed) is recorded again with:

    .venv/bin/python -m tests.unit.test_heuristic_choices
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.ai.determinize import observe
from game.ai.registry import make_bot
from game.engine import new_game
from game.ruleset.load import load_ruleset
from game.shipped import shipped

RECORDED = Path(__file__).parents[1] / "data" / "bots" / "heuristic-choices.json"
GAMES = {"caucasus-2020": 21, "georgia-2008": 8}
"""Scenario -> the seed of its game."""
DECISIONS = 200
"""Seat decisions compared per game (the first ones: enough for several turns)."""


def play(scenario: str, seed: int) -> list[str]:
    """The first DECISIONS seat decisions of heuristic bots in every seat, as text."""
    rules = load_ruleset(shipped("rules", scenario))
    bots = {s: make_bot("heuristic", s, rules, seed=seed * 7 + i)
            for i, s in enumerate(rules.manifest.seats)}  # fmt: skip
    state = new_game(rules, seed=seed)
    out: list[str] = []
    while not state.is_over() and len(out) < DECISIONS:
        if state.is_chance_node():
            state = state.apply(state.sample_chance())
            continue
        seat = state.current_actor()
        assert seat in bots, f"no bot for {seat}"
        action = bots[seat].choose(observe(state, seat))
        out.append(f"{seat}: {action}")
        state = state.apply(action)
    return out


@pytest.mark.parametrize("scenario", sorted(GAMES))
def test_the_heuristic_bot_makes_the_recorded_choices(scenario: str) -> None:
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))[scenario]
    played = play(scenario, GAMES[scenario])
    first = next((i for i, (a, b) in enumerate(zip(played, recorded, strict=False)) if a != b),
                 None)  # fmt: skip
    assert first is None and len(played) == len(recorded), (
        f"decision {first}: played {played[first] if first is not None else '-'}, "
        f"recorded {recorded[first] if first is not None else '-'}"
    )


if __name__ == "__main__":
    RECORDED.write_text(
        json.dumps({sc: play(sc, seed) for sc, seed in GAMES.items()}, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {RECORDED}")
